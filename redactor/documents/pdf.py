"""PDF documents: every page's text (invisible text included) and every place beside the pages.

Segments, in this order: "page 1" .. "page N" (always one per page, possibly
empty), then "page N annotations", "form fields", "metadata:*", "bookmarks",
"page labels", "document javascript", "attachment N". The redactor relies on the
page segments coming first and on `page_text` to map spans back to glyphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from redactor.documents import sha256_bytes
from redactor.documents.pdf_attach import attachment_parts
from redactor.documents.pdf_checks import content_log, covered_indices, covered_points, lacks_text_layer
from redactor.documents.pdf_parts import (
    annotation_segments,
    form_segment,
    javascript_sources,
    lines_of,
    metadata_segments,
    outline_segments,
)
from redactor.documents.pdf_text import PageText, page_text, unknown_share
from redactor.errors import BadInput
from redactor.settings import Limits
from redactor.types import Document, Problem, Segment

# Share of glyphs with no known character above which a page cannot be checked.
UNKNOWN_LIMIT = 0.05
# Problems that make the redactor refuse to write (the page cannot be checked).
HELD_CODES = ("no-text-layer", "unreadable-text")

# MuPDF's own messages may quote a file's bytes: never print them; failures raise.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


@contextmanager
def parsing(name: str) -> Iterator[None]:
    """MuPDF errors while reading mean a damaged file: bad input, never a crash."""
    try:
        yield
    except (RuntimeError, mupdf.FzErrorBase):
        raise BadInput(f"{name}: damaged PDF (it cannot be read)") from None


def open_pdf(path: Path, data: bytes, limits: Limits) -> pymupdf.Document:
    """Open and check the bytes; hidden layers are switched on so their text is read too."""
    with parsing(path.name):
        doc = pymupdf.open(stream=data, filetype="pdf")
        if doc.needs_pass or doc.is_encrypted or (doc.metadata or {}).get("encryption"):
            raise BadInput(f"{path.name}: encrypted PDF: remove the password first")
        ensure_intact(path, doc)
        if doc.page_count == 0:
            raise BadInput(f"{path.name}: damaged PDF (it has no pages)")
        if doc.page_count > limits.max_pages:
            raise BadInput(f"{path.name}: {doc.page_count} pages, more than the limit of {limits.max_pages}")
        # Without /OCProperties every optional-content layer is shown, so nothing hides.
        if doc.xref_get_key(doc.pdf_catalog(), "OCProperties")[0] != "null":
            doc.xref_set_key(doc.pdf_catalog(), "OCProperties", "null")
    return doc


def ensure_intact(path: Path, doc: pymupdf.Document) -> None:
    if doc.is_repaired:
        raise BadInput(f"{path.name}: damaged PDF (the parser had to repair it); save a fresh copy")


def page_problems(page: pymupdf.Page, text: PageText) -> list[Problem]:
    """What stops this page being checked (held) or shows a failed redaction."""
    place = f"page {page.number + 1}"
    problems = []
    log = content_log(page)
    if lacks_text_layer(page, text, log):
        problems.append(Problem(place, "no-text-layer",
                                f"{place} has no text layer (scanned?) and cannot be checked"))
    elif unknown_share(text) > UNKNOWN_LIMIT:
        problems.append(Problem(place, "unreadable-text",
                                f"{place} has text without character codes and cannot be checked"))
    if covered_indices(text, covered_points(page, log)):
        problems.append(Problem(place, "covered-text",
                                f"{place} has text hidden under a box or image; redact removes it"))
    return problems


def _pages(doc: pymupdf.Document) -> tuple[list[Segment], list[Problem]]:
    segments, problems = [], []
    for page in doc:
        text = page_text(page)
        segments.append(Segment(f"page {page.number + 1}", text.text))
        problems += page_problems(page, text)
    return segments, problems


def _javascript(doc: pymupdf.Document) -> tuple[list[Segment], list[Problem]]:
    sources = javascript_sources(doc)
    if not sources:
        return [], []
    problem = Problem("document", "javascript", "the PDF contains JavaScript; redact removes it")
    return [Segment("document javascript", lines_of(sources))], [problem]


# MuPDF reports some damage only as warnings (a bad content stream, a broken page tree) and
# carries on with what it could read: that is a document not read fully.
DAMAGE_WARNINGS = re.compile(r"zlib|flate|non-page object|syntax error|cannot (?:read|load|find)|corrupt|broken", re.I)


def ensure_no_damage(path: Path) -> None:
    if DAMAGE_WARNINGS.search(pymupdf.TOOLS.mupdf_warnings() or ""):
        raise BadInput(f"{path.name}: damaged PDF (parts of it cannot be read); save a fresh copy")


def read(path: Path, data: bytes, limits: Limits) -> Document:
    pymupdf.TOOLS.reset_mupdf_warnings()
    with parsing(path.name):
        doc = open_pdf(path, data, limits)
        segments, problems = _pages(doc)
        segments += annotation_segments(doc) + form_segment(doc) + metadata_segments(doc)
        segments += outline_segments(doc)
        script, script_problems = _javascript(doc)
        attached, attach_problems = attachment_parts(doc)
        ensure_intact(path, doc)
        ensure_no_damage(path)
        pages = doc.page_count
        doc.close()
    segments += script + attached
    problems += script_problems + attach_problems
    return Document(path, "pdf", sha256_bytes(data), tuple(segments), tuple(problems), pages=pages)
