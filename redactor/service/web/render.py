"""A held document's pages as PNG images: PDF pages as they are, DOCX and text as a text view.

A DOCX or text file has no pages of its own; its text, as the readers of `redactor.documents`
see it (body, headers, footers, comments, properties), is laid out on A4 pages, labelled with
where each part lives, and rendered the same way.
"""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

import pymupdf

LINES_PER_PAGE, WIDTH, ZOOM = 58, 92, 1.5


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


def _wrapped(lines: list[str]) -> list[str]:
    return [part for line in lines for part in (textwrap.wrap(line, WIDTH) or [""])]


def _text_pdf(lines: list[str]) -> pymupdf.Document:
    pdf = pymupdf.open()
    wrapped = _wrapped(lines) or [""]
    for start in range(0, len(wrapped), LINES_PER_PAGE):
        page = pdf.new_page(width=595, height=842)
        text = "\n".join(wrapped[start : start + LINES_PER_PAGE])
        page.insert_textbox(pymupdf.Rect(40, 40, 555, 810), text, fontsize=9, fontname="cour")
    return pdf


def _open(data: bytes, fmt: str) -> pymupdf.Document:
    if fmt == "pdf":
        return pymupdf.open(stream=data, filetype="pdf")
    return _text_pdf(_text_lines(data, fmt))


def page_count(data: bytes, fmt: str) -> int:
    with _open(data, fmt) as doc:
        return int(doc.page_count)


def page_png(data: bytes, fmt: str, number: int) -> bytes:
    """Page `number` (from 1) as a PNG (IndexError when there is no such page)."""
    with _open(data, fmt) as doc:
        if not 1 <= number <= doc.page_count:
            raise IndexError(number)
        pixmap = doc[number - 1].get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM))
        return bytes(pixmap.tobytes("png"))
