"""Opening a PDF as viewers do, and refusing only what is truly damaged.

Viewers accept a header anywhere in the first 1024 bytes (Ghostscript writes a banner
first), open a file that carries only an owner password (permissions, no password to
open) and rebuild a cross-reference table whose offsets or layout are wrong. The same
here, with the reader told so (`opening_problems`), as long as nothing is guessed:

- a rebuilt table is accepted only when the file ends as a whole file does (`%%EOF`),
  the body defines every object once, so the objects MuPDF finds by scanning are the
  file's own (no second revision or stale copy to choose from), every reference names
  an object that is there (nothing read as null because it was lost), and no other
  damage is reported while the file is read;
- a file that needs a password to open is refused: there is nothing to read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from redactor.errors import BadInput
from redactor.settings import Limits
from redactor.types import Problem

HEADER_WINDOW = 1024
_OBJECT = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_REFERENCE = re.compile(r"(?<![0-9.])(\d{1,10}) (\d{1,5}) R\b")
_TAIL = 2048  # a whole file's `%%EOF` stands within its last bytes (some writers pad after it)
# What MuPDF says about a cross-reference table it is about to rebuild: the trigger, not damage.
_XREF_TRIGGERS = re.compile(
    r"cannot recognize xref format|cannot find startxref|expected object number|expected generation number|"
    r"expected 'obj' keyword|garbage bytes before version marker|cannot find version marker|"
    r"trying to repair broken xref|repairing PDF document",
    re.I,
)
# MuPDF reports some damage only as warnings (a bad content stream, a broken page tree) and
# carries on with what it could read: that is a document not read fully.
DAMAGE_WARNINGS = re.compile(r"zlib|flate|non-page object|syntax error|cannot (?:read|load|find)|corrupt|broken", re.I)
_REBUILD = re.compile(r"trying to repair broken xref", re.I)
_DATA_DAMAGE = re.compile(r"zlib|flate|non-page object|corrupt", re.I)
# In a rebuilt file, also an object cut short: the scan may have read part of it.
_REBUILT_DAMAGE = re.compile(r"endobj|truncated|end of file|read error|missing", re.I)


@contextmanager
def parsing(name: str) -> Iterator[None]:
    """MuPDF errors while reading mean a damaged file: bad input, never a crash."""
    try:
        yield
    except (RuntimeError, mupdf.FzErrorBase):
        raise BadInput(f"{name}: damaged PDF (it cannot be read)") from None


def header_offset(data: bytes) -> int:
    """Where `%PDF-` starts within the first 1024 bytes; -1 when it does not."""
    return data[:HEADER_WINDOW].find(b"%PDF-")


def _open(data: bytes) -> pymupdf.Document:
    return pymupdf.open(stream=data, filetype="pdf")


def _best_open(data: bytes) -> pymupdf.Document:
    """The file as it is; when a banner before the header shifts every offset (they count
    from the header), the file from its header, if that reads without a rebuild."""
    doc = _open(data)
    start = header_offset(data)
    if doc.is_repaired and start > 0:
        shifted = _open(data[start:])
        if not shifted.is_repaired:
            doc.close()
            return shifted
        shifted.close()
    return doc


def rebuildable(data: bytes) -> bool:
    """True when the file is whole and its body defines each object number once: a table
    rebuilt by scanning the body then finds exactly the file's objects."""
    counts = Counter(match.group(1) for match in _OBJECT.finditer(data))
    return b"%%EOF" in data[-_TAIL:] and bool(counts) and max(counts.values()) == 1


def dangling(doc: pymupdf.Document) -> bool:
    """True when an object refers to one the rebuilt table does not have (lost with damage)."""
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    for xref in range(1, doc.xref_length()):
        if not mupdf.pdf_object_exists(pdf, xref):
            continue
        for match in _REFERENCE.finditer(doc.xref_object(xref, compressed=True)):
            number = int(match.group(1))
            if number <= 0 or number >= doc.xref_length() or not mupdf.pdf_object_exists(pdf, number):
                return True
    return False


def ensure_intact(path: Path, doc: pymupdf.Document, data: bytes) -> None:
    if doc.is_repaired and (not rebuildable(data) or dangling(doc)):
        raise BadInput(f"{path.name}: damaged PDF (the parser had to repair it); save a fresh copy")


def _encryption(doc: pymupdf.Document) -> str:
    return str((doc.metadata or {}).get("encryption") or "")


def open_pdf(path: Path, data: bytes, limits: Limits) -> pymupdf.Document:
    """Open and check the bytes; hidden layers are switched on so their text is read too."""
    with parsing(path.name):
        doc = _best_open(data)
        if doc.needs_pass:
            raise BadInput(f"{path.name}: encrypted PDF: remove the password first")
        ensure_intact(path, doc, data)
        if doc.page_count == 0:
            raise BadInput(f"{path.name}: damaged PDF (it has no pages)")
        if doc.page_count > limits.max_pages:
            raise BadInput(f"{path.name}: {doc.page_count} pages, more than the limit of {limits.max_pages}")
        # Without /OCProperties every optional-content layer is shown, so nothing hides.
        if doc.xref_get_key(doc.pdf_catalog(), "OCProperties")[0] != "null":
            doc.xref_set_key(doc.pdf_catalog(), "OCProperties", "null")
    return doc


def opening_problems(doc: pymupdf.Document) -> list[Problem]:
    """What the reader must be told about how the file was opened."""
    problems = []
    if _encryption(doc):
        problems.append(Problem("document", "owner-password",
                                "the PDF carries an owner password (restrictions, no password to open); "
                                "redact writes it without the restriction"))  # fmt: skip
    if doc.is_repaired:
        problems.append(Problem("document", "rebuilt-xref",
                                "the PDF's cross-reference table was damaged and was rebuilt from its objects; "
                                "redact writes a sound copy"))  # fmt: skip
    return problems


def damage_seen(warnings: str, repaired: bool) -> bool:
    """True when MuPDF's warnings report damage. In a rebuilt file, what MuPDF said about
    the table before rebuilding it is the trigger, not damage (unless it names broken data);
    everything from the rebuild on is judged strictly."""
    lines = [line for line in warnings.splitlines() if line.strip()]
    if not repaired:
        return any(DAMAGE_WARNINGS.search(line) for line in lines)
    start = next((i for i, line in enumerate(lines) if _REBUILD.search(line)), 0)
    before, after = lines[:start], lines[start:]
    if any(_DATA_DAMAGE.search(line) for line in before):
        return True
    after = [line for line in after if not _XREF_TRIGGERS.search(line)]
    return any(DAMAGE_WARNINGS.search(line) or _REBUILT_DAMAGE.search(line) for line in after)


def ensure_no_damage(path: Path, repaired: bool) -> None:
    if damage_seen(pymupdf.TOOLS.mupdf_warnings() or "", repaired):
        raise BadInput(f"{path.name}: damaged PDF (parts of it cannot be read); save a fresh copy")
