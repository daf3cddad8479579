"""Remove every place of a PDF outside the page content that an outgoing letter does not need.

Annotations, form fields, links, attachments, JavaScript, actions, bookmarks, page
labels, thumbnails, tags, metadata and XMP all go. The catalog and each page keep
only the keys on an allow-list, so a place this module does not know is dropped
too rather than passed through. Objects left unreferenced disappear on a save
with garbage collection.
"""

from __future__ import annotations

import pymupdf
from pymupdf import mupdf

from redactor.documents.pdf_parts import xrefs

CATALOG_KEEP = frozenset({"Type", "Pages", "Version", "PageLayout", "Lang", "ViewerPreferences", "Extensions"})
PAGE_KEEP = frozenset({
    "Type", "Parent", "Resources", "MediaBox", "CropBox", "BleedBox", "TrimBox", "ArtBox",
    "Contents", "Rotate", "Group", "UserUnit",
})
# Keys that carry private data or behaviour wherever they appear (images, forms, fonts).
DROP_EVERYWHERE = ("Metadata", "PieceInfo", "AA", "AF", "Thumb")
# Catalog entries worth naming in the notes (others are named by their key only).
_NAMED = {
    "Names": "named trees (attachments, scripts, destinations)",
    "OpenAction": "open action",
    "AcroForm": "form",
    "Outlines": "bookmarks",
    "PageLabels": "page labels",
    "StructTreeRoot": "tagged structure",
}


def _delete(doc: pymupdf.Document, xref: int, key: str) -> None:
    """Remove the key itself (PyMuPDF's "null" would leave `/Key null` behind)."""
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    obj = mupdf.pdf_trailer(pdf) if xref == -1 else mupdf.pdf_load_object(pdf, xref)
    mupdf.pdf_dict_dels(obj, key)


def _keep_only(doc: pymupdf.Document, xref: int, keep: frozenset[str]) -> list[str]:
    """Delete every key not in `keep`; returns those that held something."""
    dropped = [k for k in doc.xref_get_keys(xref) if k not in keep]
    held = [k for k in dropped if doc.xref_get_key(xref, k)[0] != "null"]
    for key in dropped:
        _delete(doc, xref, key)
    return held


def _count(doc: pymupdf.Document) -> dict[str, int]:
    counts = {"annotations": 0, "form fields": 0, "links": 0}
    for page in doc:
        counts["annotations"] += sum(1 for _ in page.annots())
        counts["form fields"] += sum(1 for _ in page.widgets())
        counts["links"] += len(page.get_links())
    counts["attachments"] = doc.embfile_count()
    return counts


def _drop_everywhere(doc: pymupdf.Document) -> int:
    dropped = 0
    for xref in xrefs(doc):
        keys = set(doc.xref_get_keys(xref))
        for key in DROP_EVERYWHERE:
            if key in keys:
                _delete(doc, xref, key)
                dropped += 1
    return dropped


def strip(doc: pymupdf.Document) -> list[str]:
    """Strip the document in place; returns notes naming what went (never content)."""
    notes = [f"removed {n} {what}" for what, n in _count(doc).items() if n]
    page_keys: set[str] = set()
    for page in doc:
        page_keys.update(_keep_only(doc, page.xref, PAGE_KEEP))
    catalog = _keep_only(doc, doc.pdf_catalog(), CATALOG_KEEP)
    if catalog:
        notes.append("removed " + ", ".join(_NAMED.get(k, k) for k in sorted(catalog)))
    if page_keys - {"Annots"}:
        notes.append("removed page entries: " + ", ".join(sorted(page_keys - {"Annots"})))
    if _drop_everywhere(doc):
        notes.append("removed embedded metadata and private data from objects")
    doc.set_metadata({})
    doc.del_xml_metadata()
    _delete(doc, -1, "Info")
    notes.append("cleared document information and XMP metadata")
    return notes
