"""Write a truly redacted PDF: cut glyphs removed, hidden text removed, every side place stripped.

`write` re-opens the source, checks it is the document that was read, redacts
page by page, strips annotations, forms, attachments, scripts, outlines and
metadata, and saves the whole file anew (never incrementally) with garbage
collection, so no earlier revision or orphaned object survives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pymupdf

from redactor.documents import sha256_bytes
from redactor.documents.pdf import open_pdf, pages_read, parsing, read_page
from redactor.errors import UnsafeOutput
from redactor.redact.pdf_page import redact_page
from redactor.redact.pdf_strip import strip
from redactor.settings import Limits
from redactor.types import Cut, Document


def _source(doc: Document) -> bytes:
    try:
        data = doc.path.read_bytes()
    except OSError:
        raise UnsafeOutput(f"{doc.path.name}: the source cannot be read again") from None
    if sha256_bytes(data) != doc.sha256:
        raise UnsafeOutput(f"{doc.path.name}: the source changed since it was checked")
    return data


def _page_cuts(doc: Document, cuts: Sequence[Cut]) -> dict[int, list[Cut]]:
    """Cuts on page segments, by page number; cuts elsewhere need nothing (those places go)."""
    found: dict[int, list[Cut]] = defaultdict(list)
    for cut in cuts:
        if not 0 <= cut.segment < len(doc.segments):
            raise UnsafeOutput(f"{doc.path.name}: a cut names a segment the document does not have")
        place = doc.segments[cut.segment].place
        if cut.segment < doc.pages and place == f"page {cut.segment + 1}":
            found[cut.segment].append(cut)
    return found


def _pages_checked(doc: Document) -> None:
    places = [s.place for s in doc.segments[: doc.pages]]
    if places != [f"page {n}" for n in range(1, doc.pages + 1)]:
        raise UnsafeOutput(f"{doc.path.name}: the document's pages were not read as expected")


def _save(pdf: pymupdf.Document, out: Path) -> None:
    pdf.save(out, garbage=4, deflate=True, clean=True, encryption=pymupdf.PDF_ENCRYPT_NONE,
             preserve_metadata=0)
    with pymupdf.open(out) as saved:
        if saved.is_repaired or saved.page_count != pdf.page_count:
            raise UnsafeOutput(f"{out.name}: the written PDF does not read back whole")


def write(doc: Document, cuts: Sequence[Cut], out: Path) -> tuple[str, ...]:
    """Redact `doc` into `out`; returns short notes of what was removed (never content)."""
    _pages_checked(doc)
    data = _source(doc)
    by_page = _page_cuts(doc, cuts)
    try:
        with parsing(doc.path.name):
            return tuple(_redact(doc, data, by_page, out))
    except BaseException:
        out.unlink(missing_ok=True)  # never leave a half-written output behind
        raise


def _redact(doc: Document, data: bytes, by_page: dict[int, list[Cut]], out: Path) -> list[str]:
    pdf = open_pdf(doc.path, data, Limits(max_pages=max(doc.pages, 1)))
    if pdf.page_count != doc.pages:
        raise UnsafeOutput(f"{doc.path.name}: page count differs from the checked document")
    seen = pages_read(doc.sha256)  # the same bytes (checked in `_source`), read once already
    if seen is not None and len(seen) != pdf.page_count:
        raise UnsafeOutput(f"{doc.path.name}: page count differs from the checked document")
    notes: list[str] = []
    for page in pdf:
        page_seen = seen[page.number] if seen else read_page(page)  # before any change to the page
        notes += redact_page(page, doc.segments[page.number].text, by_page.get(page.number, []), page_seen)
    notes += strip(pdf)
    _save(pdf, out)
    pdf.close()
    return notes
