"""A held document's pages as PNG images: PDF pages as they are, DOCX and text as a text view.

A DOCX or text file has no pages of its own; its text, as the readers of `redactor.documents`
see it (body, headers, footers, comments, properties), is laid out on A4 pages, labelled with
where each part lives, and rendered the same way.

Every removed area is outlined, whatever the format: each label the redaction left ("[phone
withheld]" in text and DOCX, the label inside a PDF's box) is found on the page, outlined in
red and captioned with the kinds and reason codes of the removals that carry that label
(`Mark`s, from the audit log: no value). A label is kept on one line of a text view.
"""

from __future__ import annotations

import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf

LINES_PER_PAGE, WIDTH, ZOOM, LINE_HEIGHT = 38, 92, 1.5, 2.1
NBSP, RED = "\u00a0", (0.8, 0.05, 0.05)


@dataclass(frozen=True)
class Mark:
    """A label as the redaction writes it, and the caption drawn beside each place it stands."""

    label: str
    caption: str

    def written(self, fmt: str) -> str:
        return self.label if fmt == "pdf" else f"[{self.label}]"


def _text_lines(data: bytes, fmt: str) -> list[str]:
    from redactor.api import read_safely
    from redactor.settings import settings

    if fmt == "txt":
        return data.decode("utf-8", "replace").splitlines()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"held.{fmt}"
        path.write_bytes(data)
        document = read_safely(path, settings().limits)
    lines: list[str] = []
    for segment in document.segments:
        lines += [f"[{segment.place}]", *segment.text.splitlines(), ""]
    return lines


def _unbroken(line: str) -> str:
    """The line with every policy label's spaces unbreakable, so wrapping never splits a label."""
    from redactor.ruleset import load_rules

    for label in set(load_rules().policy.labels.values()):
        line = line.replace(f"[{label}]", f"[{label.replace(' ', NBSP)}]")
    return line


def _wrapped(lines: list[str]) -> list[str]:
    return [part for line in lines for part in (textwrap.wrap(_unbroken(line), WIDTH) or [""])]


def _text_pdf(lines: list[str]) -> pymupdf.Document:
    pdf = pymupdf.open()
    wrapped = _wrapped(lines) or [""]
    for start in range(0, len(wrapped), LINES_PER_PAGE):
        page = pdf.new_page(width=595, height=842)
        text = "\n".join(wrapped[start : start + LINES_PER_PAGE])
        page.insert_textbox(pymupdf.Rect(40, 40, 555, 810), text, fontsize=9, fontname="cour", lineheight=LINE_HEIGHT)
    return pdf


def _open(data: bytes, fmt: str) -> pymupdf.Document:
    if fmt == "pdf":
        return pymupdf.open(stream=data, filetype="pdf")
    return _text_pdf(_text_lines(data, fmt))


def _boxes(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """The dark filled boxes a PDF redaction drew (each holds its label)."""
    return [pymupdf.Rect(d["rect"]) for d in page.get_drawings() if d.get("fill") and max(d["fill"]) < 0.25]


def _area(rect: pymupdf.Rect, boxes: list[pymupdf.Rect]) -> pymupdf.Rect:
    """The whole removed area a label stands in: its box (a PDF), or the label itself (a text view)."""
    middle = (rect.tl + rect.br) / 2
    return next((box for box in boxes if middle in box), rect)


def _outline(page: pymupdf.Page, marks: Sequence[Mark], fmt: str) -> None:
    boxes = _boxes(page) if fmt == "pdf" else []
    for mark in marks:
        for found in page.search_for(mark.written(fmt)):
            rect = _area(found, boxes)
            page.draw_rect(rect + (-1.5, -1.5, 1.5, 1.5), color=RED, width=1.2)
            # Above the outline, in the text view's wide line gap; never over the outlined label.
            page.insert_text(pymupdf.Point(rect.x0, rect.y0 - 2), mark.caption, fontsize=5.5, fontname="helv",
                             color=RED)  # fmt: skip


def page_count(data: bytes, fmt: str) -> int:
    with _open(data, fmt) as doc:
        return int(doc.page_count)


def page_png(data: bytes, fmt: str, number: int, marks: Sequence[Mark] = ()) -> bytes:
    """Page `number` (from 1) as a PNG, its removed areas outlined (IndexError when there is no such page)."""
    with _open(data, fmt) as doc:
        if not 1 <= number <= doc.page_count:
            raise IndexError(number)
        page = doc[number - 1]
        _outline(page, marks, fmt)
        pixmap = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM))
        return bytes(pixmap.tobytes("png"))
