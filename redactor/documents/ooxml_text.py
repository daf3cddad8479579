"""Text of a Word part as lines, each mapped back to the XML that holds its characters.

One function, `paragraph_lines`, reads paragraphs for both the reader and the
redactor: a line's ``pieces`` say which element (and which attribute) holds
which characters, so a cut at line offsets can be applied to the XML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from redactor.documents.ooxml_names import M_NS, O_NS, V_NS, W_NS, local_name, namespace, w

TAIL = "#tail"  # a piece held in an element's tail rather than its text
TEXT_TAGS = frozenset({w("t"), w("delText"), f"{{{M_NS}}}t"})
INSTR_TAGS = frozenset({w("instrText"), w("delInstrText")})
# Run content shown as one character; kept in the line so offsets stay honest.
MARKS = {w("tab"): " ", w("br"): " ", w("cr"): " ", w("ptab"): " ", w("noBreakHyphen"): "-"}
_RUNS = frozenset({w("r"), f"{{{M_NS}}}r"})
# Elements whose text is layout, not prose (positions, alignment keywords).
_LAYOUT = frozenset({"align", "posOffset", "pctWidth", "pctHeight"})
_LETTER = re.compile(r"[^\W\d_]")

AttrTable = Mapping[tuple[str, str], tuple[str, ...]]  # (namespace or "*", local name) -> attributes

_VML_SHAPES = (
    "shape",
    "rect",
    "roundrect",
    "oval",
    "line",
    "polyline",
    "arc",
    "curve",
    "image",
    "group",
)
ALT_TEXT: AttrTable = {
    ("*", "docPr"): ("descr", "title", "name"),
    ("*", "cNvPr"): ("descr", "title", "name"),
    **{(V_NS, shape): ("alt", "title") for shape in _VML_SHAPES},
    (V_NS, "imagedata"): (f"{{{O_NS}}}title",),
    (W_NS, "tblCaption"): (w("val"),),
    (W_NS, "tblDescription"): (w("val"),),
}
SHAPE_TEXT: AttrTable = {(V_NS, "textpath"): ("string",)}
CONTROLS: AttrTable = {
    (W_NS, "alias"): (w("val"),),
    (W_NS, "tag"): (w("val"),),
    (W_NS, "listItem"): (w("displayText"), w("value")),
    (W_NS, "attr"): (w("name"), w("val")),
}
FORM_FIELDS: AttrTable = {
    (W_NS, local): (w("val"),) for local in ("name", "helpText", "statusText", "default", "listEntry")
}
TOOLTIPS: AttrTable = {(W_NS, "hyperlink"): (w("tooltip"),)}
SIMPLE_FIELDS: AttrTable = {(W_NS, "fldSimple"): (w("instr"),)}
DOC_VARS: AttrTable = {(W_NS, "docVar"): (w("name"), w("val"))}


@dataclass(frozen=True)
class Piece:
    """Characters [start, end) of a line, held by one element's text, tail or attribute."""

    element: etree._Element
    attr: str | None  # None: the element's text; TAIL: its tail; else an attribute name
    start: int
    end: int
    mark: bool = False  # a tab or break: shown as one character, held by no text

    def value(self) -> str:
        if self.attr is None:
            return self.element.text or ""
        if self.attr == TAIL:
            return self.element.tail or ""
        return str(self.element.get(self.attr, ""))

    def set_value(self, text: str) -> None:
        if self.attr is None:
            self.element.text = text
        elif self.attr == TAIL:
            self.element.tail = text
        else:
            self.element.set(self.attr, text)


@dataclass(frozen=True)
class Line:
    text: str
    pieces: tuple[Piece, ...]


class LineBuilder:
    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.pieces: list[Piece] = []
        self.size = 0

    def add(self, element: etree._Element, attr: str | None, text: str, mark: bool = False) -> None:
        if text:
            self.pieces.append(Piece(element, attr, self.size, self.size + len(text), mark))
            self.chunks.append(text)
            self.size += len(text)

    def line(self) -> Line:
        return Line("".join(self.chunks), tuple(self.pieces))


def own_content(paragraph: etree._Element) -> Iterator[etree._Element]:
    """Descendants of a paragraph in document order, skipping nested paragraphs (text boxes)."""
    stack = list(reversed(paragraph))
    while stack:
        el = stack.pop()
        if el.tag == w("p"):
            continue
        yield el
        stack.extend(reversed(el))


def paragraph_line(paragraph: etree._Element) -> Line:
    """A paragraph's own text: w:t, w:delText and math text; tabs and breaks as one character.

    Field instructions are left out (they are read as field codes); content controls,
    smart tags, hyperlinks, insertions and deletions are containers: their text counts.
    """
    build = LineBuilder()
    for el in own_content(paragraph):
        if el.tag in TEXT_TAGS:
            build.add(el, None, el.text or "")
        elif el.tag in MARKS and el.getparent() is not None and el.getparent().tag in _RUNS:
            build.add(el, None, MARKS[str(el.tag)], mark=True)
    return build.line()


def paragraph_lines(root: etree._Element) -> Iterator[Line]:
    """Every paragraph of a part, text boxes included, in document order."""
    for paragraph in root.iter(w("p")):
        yield paragraph_line(paragraph)


def _attrs_for(table: AttrTable, el: etree._Element) -> tuple[str, ...]:
    local = local_name(el.tag)
    return table.get((namespace(el.tag), local)) or table.get(("*", local)) or ()


def attribute_lines(root: etree._Element, table: AttrTable) -> Iterator[Line]:
    """One line per non-empty attribute named by ``table``."""
    for el in root.iter():
        for attr in _attrs_for(table, el):
            value = el.get(attr)
            if value:
                yield Line(str(value), (Piece(el, attr, 0, len(value)),))


def text_lines(root: etree._Element, keep: Callable[[str], bool] = bool) -> Iterator[Line]:
    """One line per element whose own text is kept by ``keep`` (property values, XML data)."""
    for el in root.iter():
        text = el.text if isinstance(el.tag, str) else None
        if text and text.strip() and keep(text):
            yield Line(text, (Piece(el, None, 0, len(text)),))


def all_attribute_lines(root: etree._Element) -> Iterator[Line]:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, value in el.attrib.items():
            if str(value).strip():
                yield Line(str(value), (Piece(el, str(attr), 0, len(value)),))


def has_letter(text: str) -> bool:
    return bool(_LETTER.search(text))


def stray_lines(root: etree._Element) -> Iterator[Line]:
    """Text a story part holds outside the places Word shows it (odd producers, hand edits)."""
    known = TEXT_TAGS | INSTR_TAGS
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        text = el.text or ""
        if el.tag not in known and local_name(el.tag) not in _LAYOUT and any(c.isalnum() for c in text):
            yield Line(text, (Piece(el, None, 0, len(text)),))
        if el.tail and el.tail.strip():
            yield Line(el.tail, (Piece(el, TAIL, 0, len(el.tail)),))
