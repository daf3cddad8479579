"""A second reading of a page laid out in columns: each column top to bottom.

The page text (`pdf_text.page_text`) reads line by line across the page, which keeps
a table row's label beside its value ("Date of birth   12/03/1990"). On a page set in
two columns whose lines share baselines, that same order interleaves the columns, so
"41 Wharf" ends one line of the left column and "Street" starts the next one with the
right column's line between them: no detector sees the address whole.

So such a page is also read column by column, as a segment of its own ("page 3 (read
by column)"). Only what that reading adds matters: a finding there is kept only when it
runs across a join this reading makes and the page text does not (`Segment.joins`).
Each character maps back to the page text (`ColumnView.index`), so the writer turns a
cut here into cuts on the page's glyphs. A wrong guess at the columns can only add
findings, never hide one: the page text is always read as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from redactor.documents.pdf_text import Box, PageText, bounds

GUTTER_POINTS = 8.0  # the least gap between two lines on one baseline that can be a gutter
SAME_BASELINE = 1.5  # points
MIN_ROWS = 3  # side-by-side rows that must share a gutter before it counts as one


@dataclass(frozen=True)
class Line:
    start: int  # offsets in the page text
    end: int
    box: Box


@dataclass(frozen=True)
class ColumnView:
    text: str
    index: tuple[int, ...]  # per character: its offset in the page text (-1 for a join)
    joins: tuple[int, ...]  # offsets of the line breaks the page text does not have


def lines_of(page: PageText) -> list[Line]:
    lines, start = [], 0
    for part in page.text.split("\n"):
        end = start + len(part)
        boxes = [b for b in page.boxes[start:end] if b is not None]
        if boxes:
            lines.append(Line(start, end, bounds(boxes)))
        start = end + 1
    return lines


def _gaps(lines: list[Line]) -> list[tuple[float, float]]:
    """The gaps between neighbours on one baseline, wide enough to be a gutter."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.box[3]):
        if rows and abs(rows[-1][0].box[3] - line.box[3]) <= SAME_BASELINE:
            rows[-1].append(line)
        else:
            rows.append([line])
    gaps = []
    for row in rows:
        row.sort(key=lambda ln: ln.box[0])
        pairs = zip(row, row[1:], strict=False)
        gaps += [(a.box[2], b.box[0]) for a, b in pairs if b.box[0] - a.box[2] >= GUTTER_POINTS]
    return gaps


def gutters(lines: list[Line]) -> list[float]:
    """x of each gutter: the middle of each stretch that the gaps of at least MIN_ROWS
    side-by-side rows all span (a sweep over the gaps' ends, so a page full of table
    cells costs n log n, not n squared)."""
    events = sorted(e for left, right in _gaps(lines) for e in ((left, 1), (right, -1)))
    found: list[float] = []
    count, opened = 0, 0.0
    for x, step in events:
        if step < 0 and count >= MIN_ROWS:
            middle = (opened + x) / 2
            if not found or middle - found[-1] > GUTTER_POINTS:
                found.append(middle)
        count += step
        if step > 0 and count == MIN_ROWS:
            opened = x
    return found


def column_view(page: PageText) -> ColumnView | None:
    """The page read column by column, or None when that reads as the page text does."""
    lines = lines_of(page)
    cuts = gutters(lines)
    if not cuts:
        return None
    order = sorted(range(len(lines)), key=lambda i: (sum(lines[i].box[0] > x for x in cuts), i))
    if order == sorted(order):
        return None
    text: list[str] = []
    index: list[int] = []
    joins: list[int] = []
    for n, i in enumerate(order):
        if n:
            if i != order[n - 1] + 1:
                joins.append(len(text))
            text.append("\n")
            index.append(-1)
        line = lines[i]
        text += page.text[line.start : line.end]
        index += range(line.start, line.end)
    return ColumnView("".join(text), tuple(index), tuple(joins))


def page_runs(view: ColumnView, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) runs of page-text offsets that view.text[start:end] covers."""
    runs: list[tuple[int, int]] = []
    for i in view.index[start:end]:
        if i < 0:
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs
