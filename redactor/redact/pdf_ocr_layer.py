"""An invisible text layer of the kept words over a redacted scanned page, so it stays searchable.

Each word OCR read on a page with no text layer of its own, and that no cut touched, is
written where the scan shows it, invisible (render mode 3, as a copier's OCR layer is),
Helvetica scaled to the word's box. A removed word is never written: the layer is built
from the words the cuts left, and the verifier reads the layer like any text (searched
for every removed value, run through the detectors again). Only for a page shown upright
(a rotated page's words would run across the view) and one with no text of its own (a
typed header over a scan keeps its own text, and nothing is added).
"""

from __future__ import annotations

from collections.abc import Sequence

import pymupdf

from redactor.documents.pdf_ocr import OcrPage, OcrWord, words_touched
from redactor.types import Cut

FONT = "helv"
_BASELINE = 0.8  # of a word's box height, from its top: where Helvetica's baseline sits


def kept_words(ocr: OcrPage, cuts: Sequence[Cut]) -> list[OcrWord]:
    """The words no cut touches, in reading order."""
    removed = {id(w) for cut in cuts for w in words_touched(ocr, cut.start, cut.end)}
    return [w for w in ocr.words if id(w) not in removed]


def _write(page: pymupdf.Page, text: str, box: tuple[float, float, float, float]) -> None:
    height, width = box[3] - box[1], box[2] - box[0]
    size = max(1.0, height * 0.9)
    natural = pymupdf.get_text_length(text, fontname=FONT, fontsize=size)
    origin = pymupdf.Point(box[0], box[1] + height * _BASELINE)
    stretch = pymupdf.Matrix(width / natural, 1) if natural > 0 else pymupdf.Matrix(1, 1)
    page.insert_text(origin, text, fontname=FONT, fontsize=size, render_mode=3, morph=(origin, stretch))


def add_layer(page: pymupdf.Page, ocr: OcrPage, cuts: Sequence[Cut]) -> int:
    """Write the kept words of `ocr` invisibly on the page (in its unrotated space); returns
    how many were written."""
    words = kept_words(ocr, cuts)
    for word in words:
        _write(page, ocr.text.text[word.start:word.end], word.box)
    return len(words)
