"""Redacting a Word document: cuts applied to the XML, hidden places emptied, a fresh zip.

The source is read again with the reader's own functions (so a cut's offsets mean
the same characters), each cut becomes "[label]" in the first run that stays,
and then every place the reader of a letter cannot see is resolved or removed:
tracked changes, hidden text, comments, risky fields, properties, custom XML,
glossary, document variables, thumbnails, alt text, embedded objects and macros.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from redactor.documents import ooxml_names as n
from redactor.documents import read_bytes, sha256_bytes
from redactor.documents.docx import load
from redactor.documents.ooxml_metafile import blanked, drawn_strings, is_metafile
from redactor.documents.ooxml_parts import UNREAD_KINDS, content_type, relationships
from redactor.documents.ooxml_segments import PICTURE_TEXT, Built
from redactor.documents.ooxml_zip import Package
from redactor.errors import UnsafeOutput
from redactor.redact import docx_package as package
from redactor.redact.docx_clean import Hiding, clean_plain, clean_story, doomed, hiding
from redactor.redact.docx_cuts import apply_cuts, merged
from redactor.redact.docx_pictures import redact_pictures
from redactor.settings import Limits
from redactor.types import Cut, Document, PagePass

_DROP_LABELS = {
    "comments": "comment parts",
    "glossary": "glossary parts",
    "customxml": "custom XML parts",
    "custom": "custom properties",
    "thumbnail": "thumbnails",
    "signature": "digital signatures",
    "printer": "printer settings",
    **UNREAD_KINDS,
}


def _source(doc: Document) -> bytes:
    data = read_bytes(doc.path)
    if sha256_bytes(data) != doc.sha256:
        raise UnsafeOutput(f"{doc.path.name}: the file changed after it was read")
    return data


def _same_text(doc: Document, built: Sequence[Built]) -> None:
    again = tuple((b.segment.place, b.segment.text) for b in built)
    if again != tuple((s.place, s.text) for s in doc.segments):
        raise UnsafeOutput(f"{doc.path.name}: the text read again differs from the text checked")


def _of_kind(kind_map: dict[str, str], drop: set[str], *kinds: str) -> list[str]:
    return [name for name, kind in kind_map.items() if kind in kinds and name not in drop]


def _hiding(pkg: Package, plain: list[str]) -> Hiding:
    """What styles.xml hides (its 2007 copy, stylesWithEffects, is not what Word shows)."""
    styles = [name for name in plain if content_type(pkg, name) == n.WML + "styles+xml"]
    return hiding(pkg.xml.get(styles[0]) if styles else None)


def _touched_links(pkg: Package, source: str, touched: set[etree._Element]) -> set[str]:
    return {r.rid for r in relationships(pkg, source) if r.type == n.REL_HYPERLINK and r.element in touched}


def _clean_others(pkg: Package, kind_map: dict[str, str], drop: set[str], notes: Counter[str]) -> None:
    for name in _of_kind(kind_map, drop, "settings"):
        package.clean_settings(pkg.xml[name], notes)
    for name in _of_kind(kind_map, drop, "core"):
        package.clean_core(pkg.xml[name])
    for name in _of_kind(kind_map, drop, "app"):
        package.clean_app(pkg.xml[name])


def _summary(notes: Counter[str], kind_map: dict[str, str], drop: set[str]) -> tuple[str, ...]:
    lines = [f"{what} ({count})" for what, count in sorted(notes.items()) if count and what != "parts dropped"]
    dropped = Counter(kind_map[name] for name in drop if kind_map.get(name) in _DROP_LABELS)
    lines += [f"{_DROP_LABELS[kind]} dropped ({count})" for kind, count in sorted(dropped.items())]
    unreferenced = sum(1 for name in drop if kind_map.get(name) not in (*_DROP_LABELS, "rels"))
    if unreferenced:
        lines.append(f"unreferenced parts dropped ({unreferenced})")
    return tuple(lines)


def _cut_lines(item: Built, spans: Sequence[tuple[int, int, str]]) -> set[int]:
    """Indices of the lines of `item` that any span touches."""
    touched, start = set(), 0
    for index, line in enumerate(item.lines):
        end = start + len(line.text)
        if any(a < end and b > start for a, b, _ in spans):
            touched.add(index)
        start = end + 1
    return touched


def _blank_picture_text(pkg: Package, built: Sequence[Built], cuts: Sequence[Cut]) -> None:
    """Blank, in the picture itself, each string a cut touches (no XML holds this text)."""
    places = {PICTURE_TEXT.format(name): name for name in pkg.entries if is_metafile(pkg.entries[name])}
    for index, item in enumerate(built):
        name = places.get(item.segment.place)
        spans = merged(cuts, index)
        if name is None or not spans:
            continue
        strings = drawn_strings(pkg.entries[name])
        if len(strings) != len(item.lines):
            raise UnsafeOutput(f"{item.segment.place} reads differently from the document that was checked")
        doomed = [strings[i] for i in sorted(_cut_lines(item, spans))]
        pkg.entries[name] = blanked(pkg.entries[name], doomed)


def write(doc: Document, cuts: Sequence[Cut], out: Path, limits: Limits,
          page_pass: PagePass | None = None) -> tuple[str, ...]:  # fmt: skip
    """Write ``doc`` without ``cuts`` to ``out``, opening the source under ``limits``; returns notes
    of what was dropped or flattened. ``page_pass``: the reader's pictures read by OCR (not read again
    when they are of these bytes)."""
    known = dict(page_pass.pages) if page_pass is not None and page_pass.sha256 == doc.sha256 else None
    loaded = load(doc.path, _source(doc), limits, known)
    pkg, kind_map, built = loaded.pkg, loaded.kind_map, loaded.built
    _same_text(doc, built)
    drop = package.dropped_parts(pkg, kind_map)
    plain = _of_kind(kind_map, drop, "plain")
    hidden = _hiding(pkg, plain)
    touched = apply_cuts(built, cuts, lambda piece: not doomed(piece.element, hidden))
    notes: Counter[str] = Counter()
    for name in _of_kind(kind_map, drop, "main", "story"):
        clean_story(pkg.xml[name], touched, hidden, _touched_links(pkg, name, touched), notes)
    for name in plain:
        if name in pkg.xml:
            clean_plain(pkg.xml[name])
    _clean_others(pkg, kind_map, drop, notes)
    package.detach(pkg, drop, notes)
    package.drop_live_links(pkg, notes)
    package.prune_external(pkg, drop)
    package.fix_content_types(pkg, drop)
    _blank_picture_text(pkg, built, cuts)
    pictures = redact_pictures(pkg, loaded.pictures, built, cuts, drop)
    package.write_zip(pkg, drop, set(_of_kind(kind_map, drop, "image")), out)
    return _summary(notes, kind_map, drop) + pictures
