"""A PDF page as text plus one box per character: shared by the reader and the redactor.

The reader turns a page into a segment's text; the redactor maps a (start, end)
span of that same text back to glyph boxes. Both must call `page_text` on a page
in the same state, so a span always lands on the glyphs it was found in.

Only the page's own content is read (`fz_run_page_contents`), not annotations or
form widgets: those are read as separate segments and removed whole on output.
Text outside the media box and invisible text (render mode 3) are included.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pymupdf
from pymupdf import mupdf

Box = tuple[float, float, float, float]

# Ligatures are split into letters so "ﬁ" matches "fi"; whitespace is kept so that
# real spaces are seen (MuPDF adds synthetic spaces at gaps as well).
_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE
UNKNOWN_GLYPH = "\ufffd"


@dataclass(frozen=True)
class PageText:
    """A page's text (lines joined by "\\n") and, per character, its glyph box.

    ``boxes[i]`` is None for line breaks and spaces (they are never redacted on
    their own). ``controls`` counts control characters left out of the text: real
    text has none, text from a font without a character map is full of them.
    """

    text: str
    boxes: tuple[Box | None, ...]
    controls: int = 0

    @cached_property
    def glyphs(self) -> int:
        return sum(1 for b in self.boxes if b is not None)


@contextmanager
def unrotated(page: pymupdf.Page) -> Iterator[pymupdf.Matrix]:
    """Work in the page's unrotated space (where redaction rectangles live).

    Yields the matrix from that space to the rotated view, for reading order.
    """
    rotation = page.rotation
    view = pymupdf.Matrix(page.rotation_matrix)
    if rotation:
        page.set_rotation(0)
    try:
        yield view
    finally:
        if rotation:
            page.set_rotation(rotation)


def rawdict(page: pymupdf.Page) -> dict[str, Any]:
    """The page content's characters, unclipped (text outside the media box counts)."""
    stext = mupdf.FzStextPage(mupdf.FzRect(mupdf.FzRect.Fixed_INFINITE))
    device = mupdf.fz_new_stext_device(stext, mupdf.FzStextOptions(_FLAGS))
    try:
        mupdf.fz_run_page_contents(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
    finally:
        mupdf.fz_close_device(device)
    textpage = pymupdf.TextPage(stext)
    textpage.parent = page
    result: dict[str, Any] = textpage.extractRAWDICT()
    return result


def _reading_order(raw: dict[str, Any], view: pymupdf.Matrix) -> Iterator[dict[str, Any]]:
    """Lines block by block, top to bottom as seen, so a block's lines (an address) stay together."""
    m = tuple(view)
    blocks = [b for b in raw.get("blocks", ()) if b.get("type") == 0]
    blocks.sort(key=lambda b: _top_left(b["bbox"], m))
    for block in blocks:
        lines = list(block.get("lines", ()))
        lines.sort(key=lambda ln: (round(_baseline(ln, m)), _top_left(ln["bbox"], m)[1]))
        yield from lines


def _seen(x: float, y: float, m: tuple[float, ...]) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _top_left(bbox: Box, m: tuple[float, ...]) -> tuple[int, float]:
    """(rounded top, left) of a box as the page is seen, rotation applied."""
    corners = [_seen(x, y, m) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    return (round(min(c[1] for c in corners)), min(c[0] for c in corners))


def _baseline(line: dict[str, Any], m: tuple[float, ...]) -> float:
    for span in line.get("spans", ()):
        for char in span.get("chars", ()):
            x, y = char["origin"]
            return _seen(x, y, m)[1]
    return _top_left(line["bbox"], m)[0]


def _line_chars(line: dict[str, Any]) -> tuple[list[tuple[str, Box | None]], int]:
    """One line's characters (whitespace runs become one space, control and format
    characters go) and the number of control characters left out."""
    out: list[tuple[str, Box | None]] = []
    controls = 0
    for span in line.get("spans", ()):
        for char in span.get("chars", ()):
            c = char["c"]
            kind = unicodedata.category(c)
            if c.isspace():
                if out and out[-1][0] != " ":
                    out.append((" ", None))
            elif kind not in ("Cc", "Cf"):
                out.append((c, tuple(char["bbox"])))  # type: ignore[arg-type]
            else:
                controls += kind == "Cc"
    while out and out[-1][0] == " ":
        out.pop()
    return out, controls


def page_text(page: pymupdf.Page) -> PageText:
    """The page's text in reading order, with one box (or None) per character.

    Boxes are in the page's unrotated space, as `add_redact_annot` expects.
    """
    chars: list[str] = []
    boxes: list[Box | None] = []
    controls = 0
    with unrotated(page) as view:
        raw = rawdict(page)
    for line in _reading_order(raw, view):
        found, dropped = _line_chars(line)
        controls += dropped
        if not found:
            continue
        if chars:
            chars.append("\n")
            boxes.append(None)
        chars.extend(c for c, _ in found)
        boxes.extend(b for _, b in found)
    return PageText("".join(chars), tuple(boxes), controls)


def bounds(boxes: Sequence[Box]) -> Box:
    """The smallest box holding all of `boxes` (at least one)."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def span_lines(page: PageText, start: int, end: int) -> list[list[Box]]:
    """The glyph boxes of text[start:end], grouped by line (one group per line touched)."""
    groups: list[list[Box]] = []
    current: list[Box] = []
    for i in range(max(0, start), min(end, len(page.text))):
        if page.text[i] == "\n":
            if current:
                groups.append(current)
            current = []
            continue
        box = page.boxes[i]
        if box is not None:
            current.append(box)
    if current:
        groups.append(current)
    return groups


def unknown_share(page: PageText) -> float:
    """How much of the page's text is glyphs with no known character (no ToUnicode)."""
    unknown = page.text.count(UNKNOWN_GLYPH) + page.controls
    return unknown / (page.glyphs + page.controls) if unknown else 0.0
