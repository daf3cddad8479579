"""Files embedded in a PDF (attachments and file-attachment annotations), read as text.

An attachment's name and description are read; its content too when it is text,
a PDF or a DOCX. Anything else cannot be checked and is reported as a problem.
The redactor removes every attachment, so this only informs the check.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
import zlib

import pymupdf

from redactor.documents.pdf_parts import lines_of
from redactor.types import Problem, Segment

MAX_BYTES = 20 * 1024 * 1024
MAX_NESTED_PAGES = 200
_DOCX_PARTS = re.compile(r"^(word/[^/]+\.xml|docProps/[^/]+\.xml)$")
_TAG = re.compile(r"<[^>]*>")
_PARA_END = re.compile(r"</w:p>|<w:br\s*/>|<w:tab\s*/>")


def _printable_share(text: str) -> float:
    good = sum(1 for c in text if c.isprintable() or c in "\n\r\t\f")
    return good / len(text) if text else 1.0


def _plain(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text if "\x00" not in text and _printable_share(text) >= 0.95 else None


def _nested_pdf(data: bytes) -> str | None:
    try:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            if doc.needs_pass or doc.is_encrypted or doc.page_count > MAX_NESTED_PAGES:
                return None
            return "\n".join(page.get_text("text") for page in doc)
    except (RuntimeError, ValueError):
        return None


def _nested_docx(data: bytes) -> str | None:
    """The text of a DOCX's XML parts, tags stripped (never parsed, so no entity tricks)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = [i for i in package.infolist() if _DOCX_PARTS.match(i.filename)]
            if len(package.infolist()) > 2000 or sum(i.file_size for i in parts) > 5 * MAX_BYTES:
                return None
            texts = [package.read(i).decode("utf-8", "replace") for i in parts]
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, zlib.error, ValueError, EOFError):
        return None
    # Tags go without a trace: Word splits words across runs ("Wh</w:t>...<w:t>arf").
    return "\n".join(html.unescape(_TAG.sub("", _PARA_END.sub("\n", t))) for t in texts)


def content_text(data: bytes) -> str | None:
    """The attachment's content as text, or None when it cannot be read as text."""
    if len(data) > MAX_BYTES:
        return None
    if data.lstrip()[:5] == b"%PDF-":
        return _nested_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        return _nested_docx(data)
    return _plain(data)


def _embedded(doc: pymupdf.Document) -> list[tuple[list[str], bytes | None]]:
    """Every attachment's names and bytes; None for one that cannot be read (held later)."""
    found: list[tuple[list[str], bytes | None]] = []
    for i in range(doc.embfile_count()):
        try:
            info = doc.embfile_info(i)
            names = [info.get(k, "") for k in ("name", "filename", "ufilename", "desc", "description")]
            found.append((names, doc.embfile_get(i)))
        except Exception:  # noqa: BLE001 - PyMuPDF raises bare Exception/ValueError on damaged entries
            found.append(([], None))
    for page in doc:
        for annot in page.annots(types=[pymupdf.PDF_ANNOT_FILE_ATTACHMENT]):
            try:
                info = annot.file_info
                names = [info.get("filename", ""), info.get("desc", ""), info.get("description", "")]
                found.append((names, annot.get_file()))
            except Exception:  # noqa: BLE001
                found.append(([], None))
    return found


def attachment_parts(doc: pymupdf.Document) -> tuple[list[Segment], list[Problem]]:
    segments: list[Segment] = []
    problems: list[Problem] = []
    for n, (names, data) in enumerate(_embedded(doc), start=1):
        place = f"attachment {n}"
        content = None if data is None else content_text(data) if data else ""
        if content is None:
            problems.append(Problem(place, "attachment-unreadable",
                                    f"{place} is not text and cannot be checked; redact removes it"))
        segments.append(Segment(place, lines_of([*names, content or ""]) or "(empty)"))
    return segments, problems
