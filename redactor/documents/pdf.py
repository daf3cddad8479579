"""PDF documents: every page's text (invisible text included) and every place beside the pages.

Segments, in this order: "page 1" .. "page N" (always one per page, possibly
empty), then "page N annotations", "form fields", "metadata:*", "bookmarks",
"page labels", "document javascript", "attachment N". The redactor relies on the
page segments coming first and on `page_text` to map spans back to glyphs.

A page with no text layer (a scan) is read by OCR (`pdf_ocr.py`) as a place of its own,
"page N (OCR)", after the pages read by column; a reading that cannot be trusted holds
the document (`ocr-failed`, `ocr-low-confidence`, or `no-text-layer` when OCR reads nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from redactor.documents import sha256_bytes
from redactor.documents.pdf_attach import attachment_parts
from redactor.documents.pdf_checks import (
    all_text_invisible,
    content_log,
    covered_indices,
    covered_points,
    lacks_text_layer,
)
from redactor.documents.pdf_columns import ColumnView, column_view
from redactor.documents.pdf_ocr import OcrPage, ocr_later, ocr_place
from redactor.documents.pdf_open import ensure_intact, ensure_no_damage, open_pdf, opening_problems, parsing
from redactor.documents.pdf_parts import (
    annotation_segments,
    form_segment,
    javascript_sources,
    lines_of,
    metadata_segments,
    outline_segments,
)
from redactor.documents.pdf_text import PageText, page_text, unknown_share
from redactor.settings import Limits, settings
from redactor.types import Document, Format, PagePass, Problem, Reading, Segment

# Share of glyphs with no known character above which a page cannot be checked.
UNKNOWN_LIMIT = 0.05
# Problems that make the redactor refuse to write (the page cannot be checked).
HELD_CODES = ("no-text-layer", "unreadable-text", "ocr-failed", "ocr-low-confidence")
OCR_WORKERS = 2  # Tesseract processes at once: both cores

# MuPDF's own messages may quote a file's bytes: never print them; failures raise.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


@dataclass(frozen=True)
class PageRead:
    """What reading one page found: its text and boxes, why it cannot be checked (if it
    cannot), and which characters are hidden under a box or image."""

    place: str
    text: PageText
    unreadable: str  # "" | one of HELD_CODES
    hidden: tuple[int, ...]
    columns: ColumnView | None  # the page read column by column, when that reads differently
    ocr: OcrPage | None = None  # the page read by OCR, when it has no text layer


def read_page(page: pymupdf.Page) -> PageRead:
    """The reader's pass over a page; the writer reuses it (`reading`'s page pass) or repeats it."""
    return read_later(page, None)[0]()


def read_later(page: pymupdf.Page, pool: Executor | None) -> tuple[Callable[[], PageRead], bool]:
    """`read_page`, with a scanned page's OCR running in `pool`: the function that waits for
    the page, and whether it waits for OCR."""
    place = f"page {page.number + 1}"
    text = page_text(page)
    log = content_log(page)
    ocr_settings = settings().ocr
    unreadable = "unreadable-text" if unknown_share(text) > UNKNOWN_LIMIT else ""
    scanned = lacks_text_layer(page, text, log)
    ocr = ocr_later(page, ocr_settings, pool) if scanned else None
    columns = None if page.rotation else column_view(text)
    hidden = tuple(covered_indices(text, covered_points(page, log)))

    def done() -> PageRead:
        if ocr is None:
            return PageRead(place, text, unreadable, hidden, columns)
        read = ocr()
        held = read.held(ocr_settings)
        if held == "no-text-layer" and text.glyphs and all_text_invisible(page):
            held = ""  # a searchable scan whose pixels hold no words: its text layer is what is checked
        return PageRead(place, text, held or unreadable, hidden, columns, read)

    return done, scanned


def held_reason(seen: PageRead) -> str:
    """Why a page cannot be checked, naming the page (never its text)."""
    place, ocr = seen.place, seen.ocr
    if seen.unreadable == "unreadable-text":
        return f"{place} has text without character codes and cannot be checked"
    if ocr is None:
        return f"{place} has no text layer (scanned?) and cannot be checked"
    # A searchable scan has a text layer, invisible over the image: say what the page is.
    what = "is a scan under an invisible text layer," if seen.text.glyphs else "has no text layer and"
    if ocr.failure:
        return f"{place} {what} could not be read by OCR: {ocr.failure}"
    if seen.unreadable == "ocr-low-confidence":
        return (f"{place} {what} OCR read it with too little confidence "
                f"({ocr.confidence:.0f} below {settings().ocr.min_confidence:.0f}; handwriting, a photo, "
                "faint text?): it cannot be checked")  # fmt: skip
    return f"{place} {what} OCR read no words in it (a picture, a blank page?): it cannot be checked"


def column_place(page_place: str) -> str:
    return f"{page_place} (read by column)"


def page_problems(seen: PageRead) -> list[Problem]:
    """What stops this page being checked (held) or shows a failed redaction."""
    place = seen.place
    problems = [Problem(place, seen.unreadable, held_reason(seen))] if seen.unreadable else []
    if seen.hidden:
        problems.append(Problem(place, "covered-text",
                                f"{place} has text hidden under a box or image; redact removes it"))
    return problems


def _read_all(doc: pymupdf.Document) -> tuple[PageRead, ...]:
    """Every page; scanned pages are read by OCR on both cores, at most a few images waiting."""
    with ThreadPoolExecutor(max_workers=OCR_WORKERS) as pool:
        later: list[Callable[[], PageRead]] = []
        waiting: list[Callable[[], PageRead]] = []
        for page in doc:
            done, scanned = read_later(page, pool)
            later.append(done)
            waiting += [done] if scanned else []
            if len(waiting) > OCR_WORKERS:
                waiting.pop(0)()  # bounds the rendered images held in memory
        return tuple(done() for done in later)


def _pages(doc: pymupdf.Document) -> tuple[list[Segment], list[Problem], tuple[PageRead, ...]]:
    seen = _read_all(doc)
    segments = [Segment(s.place, s.text.text) for s in seen]
    segments += [Segment(column_place(s.place), s.columns.text, s.columns.joins) for s in seen if s.columns]
    segments += [Segment(ocr_place(s.place), s.ocr.text.text) for s in seen if s.ocr and s.ocr.words]
    return segments, [p for s in seen for p in page_problems(s)], seen


def _javascript(doc: pymupdf.Document) -> tuple[list[Segment], list[Problem]]:
    sources = javascript_sources(doc)
    if not sources:
        return [], []
    problem = Problem("document", "javascript", "the PDF contains JavaScript; redact removes it")
    return [Segment("document javascript", lines_of(sources))], [problem]


def read(path: Path, data: bytes, limits: Limits) -> Document:
    return reading(path, data, limits).document


def reading(path: Path, data: bytes, limits: Limits) -> Reading:
    """The document, and the pass over each page that the writer reuses (redacting right after
    the check, in the same process, reads no page twice)."""
    pymupdf.TOOLS.reset_mupdf_warnings()
    with parsing(path.name):
        doc = open_pdf(path, data, limits)
        sha256 = sha256_bytes(data)
        segments, problems, seen = _pages(doc)
        segments += annotation_segments(doc) + form_segment(doc) + metadata_segments(doc)
        segments += outline_segments(doc)
        script, script_problems = _javascript(doc)
        attached, attach_problems = attachment_parts(doc)
        ensure_intact(path, doc, data)
        ensure_no_damage(path, doc.is_repaired)
        problems = opening_problems(doc) + problems
        pages = doc.page_count
        doc.close()
    segments += script + attached
    problems += script_problems + attach_problems
    document = Document(path, Format.PDF, sha256, tuple(segments), tuple(problems), pages=pages)
    return Reading(document, PagePass(sha256, seen))
