"""Segments of a Word package, one per place, each line mapped back to its XML.

`build_segments` is the single definition of a DOCX document's segments: the reader
keeps only the `Segment`s, the redactor re-builds them from the same bytes and uses
the lines to turn a `Cut` (segment, start, end) into edits of the XML.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from redactor.documents import ooxml_text as t
from redactor.documents.ooxml_fields import scan_fields
from redactor.documents.ooxml_media import metadata_text
from redactor.documents.ooxml_metafile import drawn_strings
from redactor.documents.ooxml_names import STORY_TYPES, local_name
from redactor.documents.ooxml_parts import content_type, parts_of, relationships, source_of_rels
from redactor.documents.ooxml_pictures import PICTURE_TEXT, PictureRead, PictureReads, PicturesRead, read_pictures
from redactor.documents.ooxml_zip import Package
from redactor.settings import settings
from redactor.types import Segment

_CORE_SKIP = frozenset({"created", "modified", "revision", "lastPrinted"})


@dataclass(frozen=True)
class Built:
    segment: Segment
    lines: tuple[t.Line, ...]


def _built(place: str, lines: Iterable[t.Line]) -> Built:
    kept = tuple(lines)
    return Built(Segment(place, "\n".join(line.text for line in kept)), kept)


def _roots(pkg: Package, names: Iterable[str]) -> Iterator[etree._Element]:
    for name in names:
        if name in pkg.xml:
            yield pkg.xml[name]


def _story_place(pkg: Package, name: str, kind_names: list[str]) -> str:
    kind = STORY_TYPES.get(content_type(pkg, name), "story")
    base = posixpath.basename(name)
    if kind in ("header", "footer"):
        return f"{kind} ({base})"
    return kind if kind_names.count(kind) == 1 else f"{kind} ({base})"


def _story_segments(pkg: Package, stories: list[str]) -> Iterator[Built]:
    kinds = [STORY_TYPES.get(content_type(pkg, name), "story") for name in stories]
    for name in stories:
        yield _built(_story_place(pkg, name, kinds), t.paragraph_lines(pkg.xml[name]))


def field_lines(root: etree._Element) -> Iterator[t.Line]:
    for found in scan_fields(root):
        yield found.line()
    yield from t.attribute_lines(root, t.SIMPLE_FIELDS)


def _over(roots: list[etree._Element], make: Callable[[etree._Element], Iterable[t.Line]]) -> Iterator[t.Line]:
    for root in roots:
        yield from make(root)


def _table(roots: list[etree._Element], table: t.AttrTable) -> Iterator[t.Line]:
    for root in roots:
        yield from t.attribute_lines(root, table)


def _core_lines(root: etree._Element) -> Iterator[t.Line]:
    for el in root:
        text = el.text or ""
        if local_name(el.tag) not in _CORE_SKIP and text.strip():
            yield t.Line(text, (t.Piece(el, None, 0, len(text)),))


def _app_keep(text: str) -> bool:
    # Digits count too: a phone number alone in <Manager> is a detail.
    return any(c.isalnum() for c in text) and text.strip().lower() not in ("true", "false")


def external_targets(pkg: Package) -> Iterator[t.Line]:
    """Targets of external relationships (hyperlinks, linked files), from every .rels part.

    A target that names no part of the package counts too: it is text, whatever its mode says.
    """
    for name in sorted(pkg.xml):
        source = source_of_rels(name)
        if source is None:
            continue
        for rel in relationships(pkg, source):
            if rel.target and (rel.external or not pkg.has(rel.target)):
                raw = str(rel.element.get("Target", ""))
                yield t.Line(raw, (t.Piece(rel.element, "Target", 0, len(raw)),))


def _xml_data(root: etree._Element) -> Iterator[t.Line]:
    yield from t.text_lines(root)
    yield from t.all_attribute_lines(root)


def _places(pkg: Package, kind_map: dict[str, str], shown: list[etree._Element],
            reads: Mapping[str, PictureRead]) -> list[tuple[str, Iterable[t.Line]]]:  # fmt: skip
    """Every place beyond the stories, in order; a table of (place, its lines)."""

    def of(kind: str) -> list[etree._Element]:
        return list(_roots(pkg, parts_of(kind_map, kind)))

    return [
        ("comments", _over(of("comments"), t.paragraph_lines)),
        ("glossary", _over(of("glossary"), t.paragraph_lines)),
        ("field codes", _over(shown, field_lines)),
        ("alt text", _table(shown, t.ALT_TEXT)),
        ("shape text", _table(shown, t.SHAPE_TEXT)),
        ("content controls", _table(shown, t.CONTROLS)),
        ("form fields", _table(shown, t.FORM_FIELDS)),
        ("hyperlinks", [*_table(shown, t.TOOLTIPS), *external_targets(pkg)]),
        ("document variables", _table(of("settings"), t.DOC_VARS)),
        ("properties:core", _over(of("core"), _core_lines)),
        ("properties:app", _over(of("app"), _app_lines)),
        ("properties:custom", _over(of("custom"), _xml_data)),
        ("custom xml", _over(of("customxml"), _xml_data)),
        ("other text", _over(shown, t.stray_lines)),
        ("image metadata", _image_lines(pkg, kind_map)),
        *_chart_text(pkg, kind_map),
        *_picture_text(pkg, kind_map, reads),
    ]


CHART_TEXT = "chart ({})"


def _chart_text(pkg: Package, kind_map: dict[str, str]) -> list[tuple[str, Iterable[t.Line]]]:
    """What a chart holds as text (title, axis and data labels, cached series values and the
    workbook cells they come from), one place per chart part, each line one element's text."""
    return [(CHART_TEXT.format(posixpath.basename(name)), t.text_lines(pkg.xml[name]))
            for name in parts_of(kind_map, "chart") if name in pkg.xml]  # fmt: skip


def pictures_read(pkg: Package, kind_map: dict[str, str], known: PicturesRead | None = None) -> PictureReads:
    """Every picture part read by OCR (`ooxml_pictures`), by name; what `known` holds is not read again."""
    return read_pictures({name: pkg.entries[name] for name in parts_of(kind_map, "image")}, settings().ocr, known)


def _picture_text(pkg: Package, kind_map: dict[str, str],
                  reads: Mapping[str, PictureRead]) -> list[tuple[str, list[t.Line]]]:  # fmt: skip
    """What pictures show: the strings a metafile draws (a genogram's names, a chart's labels),
    one line per string in record order (the redactor blanks a string in place), and the words
    OCR reads in a raster picture, one line per line read (the redactor clears their pixels)."""
    places = []
    for name in parts_of(kind_map, "image"):
        data = pkg.entries[name]
        strings = drawn_strings(data)
        ocr = reads[name].ocr
        if strings:
            places.append((PICTURE_TEXT.format(name), [t.Line(s.text(data), ()) for s in strings]))
        elif ocr is not None and ocr.words:
            places.append((PICTURE_TEXT.format(name), [t.Line(line, ()) for line in ocr.text.text.split("\n")]))
    return places


def build_segments(pkg: Package, kind_map: dict[str, str], reads: Mapping[str, PictureRead]) -> list[Built]:
    """Every place text lives, in a fixed order; empty places other than the body are left out
    (`reads`: the package's pictures read by OCR, by part name)."""
    main = parts_of(kind_map, "main")
    stories = [name for name in parts_of(kind_map, "story") if name in pkg.xml]
    built = [_built("body", t.paragraph_lines(pkg.xml[main[0]]))]
    built += _story_segments(pkg, stories)
    for place, lines in _places(pkg, kind_map, list(_roots(pkg, main + stories)), reads):
        item = _built(place, lines)
        if item.lines:
            built.append(item)
    return built


def _app_lines(root: etree._Element) -> Iterator[t.Line]:
    return t.text_lines(root, _app_keep)


def _image_lines(pkg: Package, kind_map: dict[str, str]) -> Iterator[t.Line]:
    """Text in pictures' metadata: no XML holds it, so a cut maps to nothing (all is stripped)."""
    for name in parts_of(kind_map, "image"):
        for text in metadata_text(name, pkg.entries[name]):
            yield t.Line(text, ())
