"""Write a truly redacted PDF: cut glyphs removed, hidden text removed, every side place stripped.

`write` re-opens the source, checks it is the document that was read, redacts
page by page, strips annotations, forms, attachments, scripts, outlines and
metadata, and saves the whole file anew (never incrementally) with garbage
collection, so no earlier revision or orphaned object survives.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pymupdf

from redactor.documents import sha256_bytes
from redactor.documents.pdf import PageRead, column_place, read_page
from redactor.documents.pdf_columns import page_runs
from redactor.documents.pdf_ocr import ocr_place
from redactor.documents.pdf_open import open_pdf, parsing
from redactor.errors import UnsafeOutput
from redactor.redact.pdf_page import redact_page
from redactor.redact.pdf_strip import strip
from redactor.settings import Limits
from redactor.types import Cut, Document, PagePass


def _source(doc: Document) -> bytes:
    try:
        data = doc.path.read_bytes()
    except OSError:
        raise UnsafeOutput(f"{doc.path.name}: the source cannot be read again") from None
    if sha256_bytes(data) != doc.sha256:
        raise UnsafeOutput(f"{doc.path.name}: the source changed since it was checked")
    return data


PageCuts = dict[int, list[Cut]]


ByPage = tuple[PageCuts, PageCuts, PageCuts]


def _page_cuts(doc: Document, cuts: Sequence[Cut]) -> ByPage:
    """Cuts by page number: on the page segments, on the pages read by column, and on the
    pages read by OCR. Cuts elsewhere need nothing (those places go)."""
    on_page: PageCuts = defaultdict(list)
    by_column: PageCuts = defaultdict(list)
    by_ocr: PageCuts = defaultdict(list)
    column_pages = {column_place(f"page {n + 1}"): n for n in range(doc.pages)}
    ocr_pages = {ocr_place(f"page {n + 1}"): n for n in range(doc.pages)}
    for cut in cuts:
        if not 0 <= cut.segment < len(doc.segments):
            raise UnsafeOutput(f"{doc.path.name}: a cut names a segment the document does not have")
        place = doc.segments[cut.segment].place
        if cut.segment < doc.pages and place == f"page {cut.segment + 1}":
            on_page[cut.segment].append(cut)
        elif place in column_pages:
            by_column[column_pages[place]].append(cut)
        elif place in ocr_pages:
            by_ocr[ocr_pages[place]].append(cut)
    return on_page, by_column, by_ocr


def _ocr_checked(doc: Document, seen: PageRead, cuts: Sequence[Cut]) -> Sequence[Cut]:
    """The OCR cuts of a page, once its OCR text is the text that was checked."""
    if cuts and (seen.ocr is None or seen.ocr.text.text != doc.segments[cuts[0].segment].text):
        raise UnsafeOutput(f"{seen.place} reads differently by OCR from the document that was checked")
    return cuts


def _from_columns(doc: Document, number: int, seen: PageRead, cuts: Sequence[Cut]) -> list[Cut]:
    """Cuts found in page `number` read by column, as cuts on that page's own text."""
    if not cuts:
        return []
    view = seen.columns
    if view is None or view.text != doc.segments[cuts[0].segment].text:
        raise UnsafeOutput(f"{seen.place} reads differently by column from the document that was checked")
    return [Cut(number, start, end, cut.label) for cut in cuts for start, end in page_runs(view, cut.start, cut.end)]


def _pages_checked(doc: Document) -> None:
    places = [s.place for s in doc.segments[: doc.pages]]
    if places != [f"page {n}" for n in range(1, doc.pages + 1)]:
        raise UnsafeOutput(f"{doc.path.name}: the document's pages were not read as expected")


def _kids(pdf: pymupdf.Document, xref: int) -> list[int]:
    kind, value = pdf.xref_get_key(xref, "Kids")
    return [int(ref) for ref in re.findall(r"(\d+) \d+ R", value)] if kind == "array" else []


def _page_tree_loops(pdf: pymupdf.Document) -> bool:
    """True when a node of the page tree is reached twice (a node among its own kids):
    MuPDF reads such a tree, other readers refuse it."""
    kind, root = pdf.xref_get_key(pdf.pdf_catalog(), "Pages")
    todo = [int(root.split()[0])] if kind == "xref" else []
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            return True
        seen.add(node)
        todo += _kids(pdf, node)
    return False


def _sound_page_tree(pdf: pymupdf.Document) -> list[str]:
    if not _page_tree_loops(pdf):
        return []
    pdf.select(list(range(pdf.page_count)))  # a fresh, flat page tree of the same pages
    return ["rebuilt the page tree (a node was among its own pages)"]


def _save(pdf: pymupdf.Document, out: Path) -> None:
    pdf.save(out, garbage=4, deflate=True, clean=True, encryption=pymupdf.PDF_ENCRYPT_NONE,
             preserve_metadata=0)
    with pymupdf.open(out) as saved:
        if saved.is_repaired or saved.page_count != pdf.page_count:
            raise UnsafeOutput(f"{out.name}: the written PDF does not read back whole")


def write(doc: Document, cuts: Sequence[Cut], out: Path, limits: Limits,
          page_pass: PagePass | None = None) -> tuple[str, ...]:  # fmt: skip
    """Redact `doc` into `out`; returns short notes of what was removed (never content).

    `page_pass`: the reader's pass over each page of these same bytes, reused instead of
    reading every page again (without it, each page is read here before it is changed)."""
    _pages_checked(doc)
    data = _source(doc)
    seen = _passed(doc, page_pass)
    by_page = _page_cuts(doc, cuts)  # fails before anything is written
    try:
        with parsing(doc.path.name):
            return tuple(_redact(doc, data, by_page, out, limits, seen))
    except BaseException:
        out.unlink(missing_ok=True)  # never leave a half-written output behind
        raise


def _passed(doc: Document, page_pass: PagePass | None) -> tuple[PageRead, ...] | None:
    """The reader's pages, when they were read from the bytes checked (`_source`)."""
    if page_pass is None:
        return None
    if page_pass.sha256 != doc.sha256:
        raise UnsafeOutput(f"{doc.path.name}: the page pass given is of another document")
    return page_pass.pages


def _redact(doc: Document, data: bytes, by_page: ByPage, out: Path, limits: Limits,
            seen: tuple[PageRead, ...] | None) -> list[str]:  # fmt: skip
    pdf = open_pdf(doc.path, data, limits.model_copy(update={"max_pages": max(doc.pages, 1)}))
    if pdf.page_count != doc.pages:
        raise UnsafeOutput(f"{doc.path.name}: page count differs from the checked document")
    if seen is not None and len(seen) != pdf.page_count:
        raise UnsafeOutput(f"{doc.path.name}: page count differs from the checked document")
    on_page, by_column, by_ocr = by_page
    notes: list[str] = []
    for page in pdf:
        page_seen = seen[page.number] if seen else read_page(page)  # before any change to the page
        columns = _from_columns(doc, page.number, page_seen, by_column.get(page.number, []))
        page_cuts = on_page.get(page.number, []) + columns
        ocr_cuts = _ocr_checked(doc, page_seen, by_ocr.get(page.number, []))
        notes += redact_page(page, doc.segments[page.number].text, page_cuts, page_seen, ocr_cuts)
    notes += strip(pdf)
    notes += _sound_page_tree(pdf)
    _save(pdf, out)
    pdf.close()
    return notes
