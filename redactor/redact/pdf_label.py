"""The visible mark left where text was removed: a solid box with a short label.

The box is padded to a multiple of `QUANTUM` points (or the label's width), so
its size does not give away the removed word's exact width; it is clipped so it
never covers a kept glyph on the same line. Geometry is done as if the line read
left to right, then turned back to the line's own direction.

The gap between kept glyphs is not changed: glyphs after the cut stay where they
were, so the distance between the words either side still bounds the removed
width. Closing it would mean rewriting and reflowing the line.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf

from redactor.documents.pdf_text import Box

QUANTUM = 24.0
GAP = 0.75
MAX_FONT = 7.0
MIN_FONT = 4.0
_FONT = "helv"


Direction = tuple[int, int]  # reading direction of a line: (1, 0) left to right, (0, 1) downwards


@dataclass(frozen=True)
class Target:
    """One cut: its label and, per line it spanned, the removed glyphs' area and direction."""

    label: str
    lines: list[tuple[Box, Direction]]


def _same_line(rect: Box, other: Box) -> bool:
    overlap = min(rect[3], other[3]) - max(rect[1], other[1])
    return overlap > 0.3 * min(rect[3] - rect[1], other[3] - other[1])


def _limits(rect: Box, kept: Sequence[Box], bounds: Box) -> tuple[float, float]:
    """How far left and right the box may grow without touching a kept glyph."""
    left, right = bounds[0], bounds[2]
    middle = (rect[0] + rect[2]) / 2
    for other in kept:
        if not _same_line(rect, other):
            continue
        if (other[0] + other[2]) / 2 > middle:
            right = min(right, other[0] - GAP)
        else:
            left = max(left, other[2] + GAP)
    return left, right


def _font_size(height: float) -> float:
    return max(MIN_FONT, min(MAX_FONT, height * 0.55))


def padded(rect: Box, label: str, kept: Sequence[Box], bounds: Box) -> Box:
    """The drawn box: the removed area grown to a multiple of QUANTUM, or the label's width.

    Works on a line read left to right; `kept` are the glyphs left on the page.
    """
    x0, y0, x1, y1 = rect
    label_width = pymupdf.get_text_length(label, _FONT, _font_size(y1 - y0)) + 3
    width = max(math.ceil((x1 - x0) / QUANTUM) * QUANTUM, label_width)
    left, right = _limits(rect, kept, (min(bounds[0], x0), y0, max(bounds[2], x1), y1))
    end = min(x0 + width, right)
    start = max(min(x0, end - width), left)
    inset = (y1 - y0) * 0.08
    return (start, y0 + inset, max(end, start), y1 - inset)


def _turn(box: Box, direction: Direction, back: bool = False) -> Box:
    """The box turned (a quarter turn at a time) so a line reading `direction` reads left to right."""
    c, s = direction
    if (c, s) == (1, 0):
        return box
    if back:
        s = -s
    xs = [c * x + s * y for x in (box[0], box[2]) for y in (box[1], box[3])]
    ys = [-s * x + c * y for x in (box[0], box[2]) for y in (box[1], box[3])]
    return (min(xs), min(ys), max(xs), max(ys))


def _write(shape: pymupdf.Shape, box: Box, label: str, direction: Direction) -> None:
    size = _font_size(box[3] - box[1])
    while size >= MIN_FONT and pymupdf.get_text_length(label, _FONT, size) + 2 > box[2] - box[0]:
        size -= 0.5
    if size < MIN_FONT:
        return  # no room: the box alone marks the cut
    x, y = box[0] + 1.5, box[3] - (box[3] - box[1] - size * 0.7) / 2
    c, s = direction
    at = pymupdf.Point(c * x - s * y, s * x + c * y)  # turned back to the line's direction
    turn = round(math.degrees(math.atan2(-s, c))) % 360
    shape.insert_text(at, label, fontsize=size, fontname=_FONT, color=(1, 1, 1), rotate=turn)


_BAND = 6.0


def _bands(kept: Sequence[Box], axis: int) -> dict[int, list[Box]]:
    """Kept glyphs filed by band along `axis` (1: y, for lines read across; 0: x)."""
    bands: dict[int, list[Box]] = defaultdict(list)
    for k in kept:
        for band in range(int(k[axis] // _BAND), int(k[axis + 2] // _BAND) + 1):
            bands[band].append(k)
    return bands


def _across(line: Box, axis: int, bands: dict[int, list[Box]]) -> list[Box]:
    """Kept glyphs level with the line (a cheap filter before the exact test)."""
    lo, hi = line[axis], line[axis + 2]
    found = {k for band in range(int(lo // _BAND), int(hi // _BAND) + 1) for k in bands.get(band, ())}
    return [k for k in found if k[axis] < hi and k[axis + 2] > lo]


def draw_labels(page: pymupdf.Page, targets: Sequence[Target], kept: Sequence[Box]) -> None:
    """Draw each cut's boxes, label in the first; the page must be unrotated while drawing."""
    bounds = tuple(page.rect)
    bands: dict[int, dict[int, list[Box]]] = {}
    shape = page.new_shape()  # one content update for the page, not one per box
    for target in targets:
        for n, (line, direction) in enumerate(target.lines):
            axis = 1 if direction[1] == 0 else 0
            if axis not in bands:
                bands[axis] = _bands(kept, axis)
            near = [_turn(k, direction) for k in _across(line, axis, bands[axis])]
            box = padded(_turn(line, direction), target.label, near, _turn(bounds, direction))  # type: ignore[arg-type]
            shape.draw_rect(_turn(box, direction, back=True))
            shape.finish(color=None, fill=(0, 0, 0), width=0)
            if n == 0:
                _write(shape, box, target.label, direction)
    shape.commit()
