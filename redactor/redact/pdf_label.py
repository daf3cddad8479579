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
from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf

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
    lines: list[tuple[pymupdf.Rect, Direction]]


def _same_line(rect: pymupdf.Rect, other: pymupdf.Rect) -> bool:
    overlap = min(rect.y1, other.y1) - max(rect.y0, other.y0)
    return overlap > 0.3 * min(rect.height, other.height)


def _limits(rect: pymupdf.Rect, kept: Sequence[pymupdf.Rect], bounds: pymupdf.Rect) -> tuple[float, float]:
    """How far left and right the box may grow without touching a kept glyph."""
    left, right = bounds.x0, bounds.x1
    middle = (rect.x0 + rect.x1) / 2
    for other in kept:
        if not _same_line(rect, other):
            continue
        if (other.x0 + other.x1) / 2 > middle:
            right = min(right, other.x0 - GAP)
        else:
            left = max(left, other.x1 + GAP)
    return left, right


def _font_size(rect: pymupdf.Rect) -> float:
    return max(MIN_FONT, min(MAX_FONT, rect.height * 0.55))


def padded(rect: pymupdf.Rect, label: str, kept: Sequence[pymupdf.Rect], bounds: pymupdf.Rect) -> pymupdf.Rect:
    """The drawn box: the removed area grown to a multiple of QUANTUM, or the label's width.

    Works on a line read left to right; `kept` are the glyphs left on the page.
    """
    label_width = pymupdf.get_text_length(label, _FONT, _font_size(rect)) + 3
    width = max(math.ceil(rect.width / QUANTUM) * QUANTUM, label_width)
    left, right = _limits(rect, kept, bounds | rect)
    x1 = min(rect.x0 + width, right)
    x0 = max(min(rect.x0, x1 - width), left)
    inset = rect.height * 0.08
    return pymupdf.Rect(x0, rect.y0 + inset, max(x1, x0), rect.y1 - inset)


def _frame(direction: Direction) -> pymupdf.Matrix:
    """Turns the page so the line reads left to right (a quarter turn at a time)."""
    c, s = direction
    return pymupdf.Matrix(c, -s, s, c, 0, 0)


def _write(page: pymupdf.Page, box: pymupdf.Rect, label: str, direction: Direction) -> None:
    size = _font_size(box)
    while size >= MIN_FONT and pymupdf.get_text_length(label, _FONT, size) + 2 > box.width:
        size -= 0.5
    if size < MIN_FONT:
        return  # no room: the box alone marks the cut
    at = pymupdf.Point(box.x0 + 1.5, box.y1 - (box.height - size * 0.7) / 2) * ~_frame(direction)
    turn = round(math.degrees(math.atan2(-direction[1], direction[0]))) % 360
    page.insert_text(at, label, fontsize=size, fontname=_FONT, color=(1, 1, 1), rotate=turn)


def draw_labels(page: pymupdf.Page, targets: Sequence[Target], kept: Sequence[pymupdf.Rect]) -> None:
    """Draw each cut's boxes, label in the first; the page must be unrotated while drawing."""
    for target in targets:
        for n, (line, direction) in enumerate(target.lines):
            frame = _frame(direction)
            box = padded(line * frame, target.label, [k * frame for k in kept], page.rect * frame)
            page.draw_rect(box * ~frame, color=None, fill=(0, 0, 0), width=0)
            if n == 0:
                _write(page, box, target.label, direction)
