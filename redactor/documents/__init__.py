"""Reading documents: every place text lives, each with its place.

`read_document` sniffs the bytes (an extension may lie), runs the format's
pre-parse safety checks and returns a frozen `Document`. Each format module
exposes ``read(path: Path, data: bytes, limits: Limits) -> Document``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from redactor.errors import BadInput
from redactor.formats import MODULES, module_for
from redactor.settings import Limits
from redactor.types import Document

FORMATS = tuple(MODULES)
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


def format_of(path: Path) -> str:
    ext = path.suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise BadInput(f"{path.name}: unsupported file type {path.suffix or '(none)'!r}; use .pdf, .docx or .txt")
    return ext


def sniff(path: Path, data: bytes) -> str:
    """The format named by the extension, refused when the bytes say otherwise."""
    fmt = format_of(path)
    if not data:
        raise BadInput(f"{path.name}: file is empty")
    if data.startswith(OLE_MAGIC):
        raise BadInput(
            f"{path.name}: encrypted Office document (or legacy .doc); remove the password and save as .docx"
        )
    # Viewers accept a PDF header anywhere in the first 1024 bytes (a printer's banner first).
    looks_pdf = data[:1024].find(b"%PDF-") != -1
    looks_zip = data.startswith(b"PK\x03\x04")
    if fmt == "pdf" and not looks_pdf:
        raise BadInput(f"{path.name}: not a PDF (no %PDF- header in its first 1024 bytes)")
    if fmt == "docx" and not looks_zip:
        raise BadInput(f"{path.name}: not a DOCX (the content is not a zip package)")
    if fmt == "txt" and (looks_pdf or looks_zip):
        raise BadInput(f"{path.name}: a .txt file whose content is a {'PDF' if looks_pdf else 'zip package'}")
    return fmt


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"file not found: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a document") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror})") from None


def read_document(path: Path, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    data = read_bytes(path)
    document: Document = module_for("documents", sniff(path, data)).read(path, data, limits)
    return document
