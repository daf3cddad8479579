"""Cuts at segment offsets turned into edits of the XML that holds those characters.

A cut over several runs puts "[label]" into the first run that will stay in the
output and removes the cut characters from the others; runs keep their formatting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from lxml import etree

from redactor.documents.ooxml_names import W_NS, XML_NS, namespace
from redactor.documents.ooxml_segments import Built
from redactor.documents.ooxml_text import Line, Piece
from redactor.errors import UnsafeOutput
from redactor.types import Cut

Span = tuple[int, int, str]  # start, end, label


def merged(cuts: Sequence[Cut], segment: int) -> list[Span]:
    """The cuts of one segment, sorted, overlapping ones merged (the first label wins)."""
    spans: list[Span] = []
    for cut in sorted((c for c in cuts if c.segment == segment), key=lambda c: (c.start, -c.end)):
        if spans and cut.start < spans[-1][1]:
            start, end, label = spans[-1]
            spans[-1] = (start, max(end, cut.end), label)
        else:
            spans.append((cut.start, cut.end, cut.label))
    return spans


def check_cuts(built: Sequence[Built], cuts: Sequence[Cut]) -> None:
    for cut in cuts:
        if not 0 <= cut.segment < len(built):
            raise UnsafeOutput("a cut names a place the document does not have")
        if not 0 <= cut.start < cut.end <= len(built[cut.segment].segment.text):
            raise UnsafeOutput(f"a cut falls outside the text of {built[cut.segment].segment.place}")


def _overlaps(lines: Sequence[Line], start: int, end: int) -> Iterator[tuple[Piece, int, int]]:
    """Each piece under [start, end), with the cut's range inside that piece's own text."""
    line_start = 0
    for line in lines:
        if line_start >= end:
            return
        for piece in line.pieces:
            a, b = line_start + piece.start, line_start + piece.end
            if a < end and b > start:
                yield piece, max(start, a) - a, min(end, b) - a
        line_start += len(line.text) + 1


def _edit(piece: Piece, a: int, b: int, insert: str) -> None:
    value = piece.value()
    piece.set_value(value[:a] + insert + value[b:])
    el = piece.element
    if piece.attr is None and namespace(el.tag) == W_NS:
        el.set(f"{{{XML_NS}}}space", "preserve")  # keep spaces around the label


def _drop_mark(piece: Piece) -> None:
    parent = piece.element.getparent()
    if parent is not None:
        parent.remove(piece.element)


def cut_span(lines: Sequence[Line], span: Span, lasting: Callable[[Piece], bool]) -> set[etree._Element]:
    """Apply one cut; returns the elements it touched."""
    start, end, label = span
    hits = list(_overlaps(lines, start, end))
    texts = [h for h in hits if not h[0].mark]
    host = next((h for h in texts if lasting(h[0])), texts[0] if texts else None)
    for piece, a, b in hits:
        if piece.mark:
            _drop_mark(piece)
        else:
            _edit(piece, a, b, f"[{label}]" if (piece, a, b) == host else "")
    return {piece.element for piece, _, _ in hits}


def apply_cuts(built: Sequence[Built], cuts: Sequence[Cut], lasting: Callable[[Piece], bool]) -> set[etree._Element]:
    """Apply every cut, last first so earlier offsets stay valid; returns the touched elements."""
    check_cuts(built, cuts)
    touched: set[etree._Element] = set()
    for index, item in enumerate(built):
        for span in reversed(merged(cuts, index)):
            touched |= cut_span(item.lines, span, lasting)
    return touched
