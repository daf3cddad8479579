"""The review screen's page images outline every removed area with its kinds and reason codes, for
PDF, DOCX and text alike (issue 16): the labels the redaction left are found and outlined in red."""

from __future__ import annotations

import docx
import pymupdf
import pytest
from docxbuild import to_bytes

from redactor.service.web.render import Mark, page_count, page_png

MARKS = (Mark("address withheld", "ADDRESS · DA-ADDR"), Mark("phone withheld", "PHONE · DA-CONTACT"))
LINE = "Mother now lives at [address withheld], phone [phone withheld]."


def red_pixels(png: bytes) -> int:
    pix = pymupdf.Pixmap(png)
    samples, n = pix.samples, pix.n
    return sum(1 for i in range(0, len(samples), n) if samples[i] > 150 and samples[i + 1] < 80 and samples[i + 2] < 80)


def a_docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    document.sections[0].footer.paragraphs[0].text = "Footer: [phone withheld]"
    return to_bytes(document)


def a_pdf(text: str) -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((50, 100), text, fontsize=10)
    return bytes(doc.tobytes())


@pytest.mark.parametrize(("fmt", "build"), [("txt", lambda t: t.encode()), ("docx", a_docx), ("pdf", a_pdf)])
def test_every_removed_label_is_outlined_and_captioned(fmt: str, build) -> None:  # type: ignore[no-untyped-def]
    data = build(LINE + "\n")
    plain, marked = page_png(data, fmt, 1), page_png(data, fmt, 1, MARKS)
    assert red_pixels(plain) == 0 and red_pixels(marked) > 200


def test_a_long_line_never_splits_a_label_so_each_one_is_outlined() -> None:
    text = (("word " * 17 + "[phone withheld] ") * 40).encode()
    pages = range(1, page_count(text, "txt") + 1)
    outlined = [red_pixels(page_png(text, "txt", n, MARKS[1:])) for n in pages]
    per_label = red_pixels(page_png(b"[phone withheld]", "txt", 1, MARKS[1:]))
    assert all(count > 0 for count in outlined) and sum(outlined) >= 40 * per_label * 0.9
