"""The places of a PDF outside its pages' content: annotations, forms, metadata, outlines, scripts.

Each function returns segments whose place is structural ("page 2 annotations",
"form fields", "metadata:title"), never a field's or a file's name. The redactor
removes all of these places whole, so they are read only for the check.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

import pymupdf
from pymupdf import mupdf

from redactor.types import Segment

META_KEYS = ("title", "author", "subject", "keywords", "creator", "producer")
_TAG = re.compile(r"<[^>]*>")
_JS = re.compile(rb"/(JS|JavaScript)\b")


def lines_of(values: Iterable[object]) -> str:
    """Non-empty string values, one line each, first occurrence only."""
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, str):
            for line in value.replace("\r", "\n").split("\n"):
                line = " ".join(line.split())
                if line:
                    seen.setdefault(line)
    return "\n".join(seen)


def strip_tags(markup: str) -> str:
    """The text inside XML or XHTML markup, one run per line (never parsed: no entities expanded)."""
    return lines_of(html.unescape(part) for part in _TAG.split(markup))


def xrefs(doc: pymupdf.Document) -> Iterator[int]:
    """Object numbers the cross-reference table defines. A table may skip numbers (free or
    never used: common and legal); the PDF specification reads a missing object as null,
    so those are not objects to read, and asking MuPDF for one would raise."""
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    for xref in range(1, doc.xref_length()):
        if mupdf.pdf_object_exists(pdf, xref):
            yield xref


def value_text(doc: pymupdf.Document, xref: int, key: str) -> str:
    """A key's value as text: a string, or the content of a referenced stream."""
    kind, value = doc.xref_get_key(xref, key)
    if kind == "string":
        return str(value)
    if kind == "xref" and value.endswith(" 0 R"):
        target = int(value.split()[0])
        if doc.xref_is_stream(target):
            return strip_tags((doc.xref_stream(target) or b"").decode("latin-1"))
    return ""


def _annotation_lines(doc: pymupdf.Document, page: pymupdf.Page) -> list[str]:
    found: list[str] = []
    for annot in page.annots():
        info = annot.info
        found += [info.get("content", ""), info.get("title", ""), info.get("subject", "")]
        found.append(annot.get_text("text"))
        found.append(value_text(doc, annot.xref, "RC"))
    for link in page.get_links():
        found += [str(link.get(k, "")) for k in ("uri", "file", "nameddest")]
    return found


def annotation_segments(doc: pymupdf.Document) -> list[Segment]:
    segments = []
    for page in doc:
        text = lines_of(_annotation_lines(doc, page))
        if text:
            segments.append(Segment(f"page {page.number + 1} annotations", text))
    return segments


def form_segment(doc: pymupdf.Document) -> list[Segment]:
    """Every field value, default, tooltip and choice, with or without a widget on a page."""
    found: list[object] = []
    for page in doc:
        for widget in page.widgets():
            found.append(widget.field_value)
            for choice in widget.choice_values or ():
                found.extend(choice if isinstance(choice, list | tuple) else [choice])
    for xref in xrefs(doc):
        if doc.xref_get_key(xref, "FT")[0] != "null" or doc.xref_get_key(xref, "T")[0] == "string":
            found += [value_text(doc, xref, k) for k in ("V", "DV", "TU", "RV")]
    text = lines_of(v for v in found if v not in ("Off", "Yes"))
    return [Segment("form fields", text)] if text else []


def metadata_segments(doc: pymupdf.Document) -> list[Segment]:
    meta = doc.metadata or {}
    segments = [Segment(f"metadata:{k}", lines_of([meta.get(k) or ""])) for k in META_KEYS]
    segments.append(Segment("metadata:other", _other_info(doc, meta)))
    segments.append(Segment("metadata:xmp", strip_tags(doc.get_xml_metadata() or "")))
    return [s for s in segments if s.text]


def _other_info(doc: pymupdf.Document, meta: dict[str, str]) -> str:
    """Custom document-info entries (Word copies custom properties here)."""
    kind, ref = doc.xref_get_key(-1, "Info")
    if kind != "xref":
        return ""
    info = int(ref.split()[0])
    known = {k.lower() for k in META_KEYS} | {"creationdate", "moddate", "trapped"}
    return lines_of(value_text(doc, info, k) for k in doc.xref_get_keys(info) if k.lower() not in known)


def outline_segments(doc: pymupdf.Document) -> list[Segment]:
    found: list[object] = []
    for entry in doc.get_toc(simple=False):
        found.append(entry[1])
        dest = entry[3] if len(entry) > 3 and isinstance(entry[3], dict) else {}
        found += [str(dest.get(k, "")) for k in ("uri", "file", "nameddest")]
    labels = lines_of(label.get("prefix", "") for label in doc.get_page_labels())
    segments = [Segment("bookmarks", lines_of(found)), Segment("page labels", labels)]
    return [s for s in segments if s.text]


def javascript_sources(doc: pymupdf.Document) -> list[str]:
    """The source of every object that names JavaScript, and the script streams it points to."""
    found: list[str] = []
    for xref in xrefs(doc):
        source = doc.xref_object(xref, compressed=True).encode("latin-1", "replace")
        if not _JS.search(source):
            continue
        found.append(source.decode("latin-1"))
        found.append(value_text(doc, xref, "JS"))
    return found
