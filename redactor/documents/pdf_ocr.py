"""OCR of a PDF page that has no text layer (a scan): words, boxes and confidences from Tesseract.

The page is rendered in grey at `Ocr.dpi` (300 by default, whatever the scan's own
resolution) and read by Tesseract (pytesseract). Lines are rebuilt in Tesseract's reading
order (block, paragraph, line, word) and joined by "\\n", so the detectors see the page as
text like any other, as the place "page N (OCR)". Every character gets a box (its share of
its word's box) in the page's unrotated space, as `add_redact_annot` expects; the redactor
clears whole words.

Doubt holds the page: an OCR error or timeout, no words at all, or a mean confidence
(weighted by characters) below `Ocr.min_confidence`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import pymupdf

from redactor.documents.pdf_text import Box, PageText
from redactor.settings import Ocr

# One thread per Tesseract process: pages and readings run side by side on the cores instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class OcrWord:
    start: int  # offsets of the word in the OCR text
    end: int
    box: Box  # unrotated page space
    confidence: float


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page, or why it could not (`failure`, never document text)."""

    text: PageText
    words: tuple[OcrWord, ...] = ()
    confidence: float = 0.0  # mean word confidence, 0-100, weighted by characters
    failure: str = ""

    def held(self, settings: Ocr) -> str:
        """"" when the reading can be trusted, else the problem code that holds the page."""
        if self.failure:
            return "ocr-failed"
        if not self.words:
            return "no-text-layer"
        return "ocr-low-confidence" if self.confidence < settings.min_confidence else ""


def ocr_place(page_place: str) -> str:
    return f"{page_place} (OCR)"


_Raw = tuple[str, float, tuple[int, int, int], Box]  # text, confidence, (block, par, line), pixel box


def _render(page: pymupdf.Page, dpi: int) -> tuple[Any, pymupdf.Matrix]:
    """The page as seen (rotation applied), grey, and the matrix from pixels to unrotated space."""
    from PIL import Image

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, annots=False)
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    scale = 72.0 / dpi
    to_page = pymupdf.Matrix(scale, scale) * pymupdf.Matrix(1, 0, 0, 1, page.rect.x0, page.rect.y0)
    return image, to_page * page.derotation_matrix


def tesseract_words(image: Any, psm: int, seconds: float) -> list[_Raw]:
    """Tesseract's words in reading order; raises on any error or timeout."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang="eng", config=f"--psm {psm}", timeout=seconds,
                                     output_type=pytesseract.Output.DICT)  # fmt: skip
    words: list[_Raw] = []
    for i, text in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if not text.strip() or confidence < 0:
            continue
        line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        left, top = float(data["left"][i]), float(data["top"][i])
        box = (left, top, left + float(data["width"][i]), top + float(data["height"][i]))
        words.append((" ".join(text.split()), confidence, line, box))
    return words


def _to_page(box: Box, matrix: pymupdf.Matrix) -> Box:
    rect = pymupdf.Rect(box) * matrix
    rect.normalize()
    return (rect.x0, rect.y0, rect.x1, rect.y1)


def _char_boxes(word: str, box: Box) -> list[Box]:
    """Each character's share of its word's box, along the word's longer side."""
    n = len(word)
    w, h = box[2] - box[0], box[3] - box[1]
    if w >= h:
        return [(box[0] + w * i / n, box[1], box[0] + w * (i + 1) / n, box[3]) for i in range(n)]
    return [(box[0], box[1] + h * i / n, box[2], box[1] + h * (i + 1) / n) for i in range(n)]


def assemble(raw: Sequence[_Raw], matrix: pymupdf.Matrix) -> OcrPage:
    """Lines in reading order, one box per character, the words and their mean confidence."""
    chars: list[str] = []
    boxes: list[Box | None] = []
    words: list[OcrWord] = []
    last_line: tuple[int, int, int] | None = None
    for text, confidence, line, pixels in raw:
        if chars:
            chars.append(" " if line == last_line else "\n")
            boxes.append(None)
        last_line = line
        box = _to_page(pixels, matrix)
        words.append(OcrWord(len(chars), len(chars) + len(text), box, confidence))
        chars.extend(text)
        boxes.extend(_char_boxes(text, box))
    weight = sum(w.end - w.start for w in words)
    mean = sum(w.confidence * (w.end - w.start) for w in words) / weight if weight else 0.0
    return OcrPage(PageText("".join(chars), tuple(boxes)), tuple(words), mean)


def ocr_page(page: pymupdf.Page, settings: Ocr) -> OcrPage:
    """Read the page by OCR; any failure is recorded (the page is then held), never raised."""
    return ocr_later(page, settings, None)()


def ocr_later(page: pymupdf.Page, settings: Ocr, pool: Executor | None) -> Callable[[], OcrPage]:
    """Render the page now (MuPDF is not shared across threads) and read it in `pool`
    (Tesseract is a process of its own, so pages are read side by side); returns the
    function that waits for the reading."""
    try:
        image, matrix = _render(page, settings.dpi)
    except Exception as exc:  # noqa: BLE001 - a page that cannot be rendered is held
        failed = OcrPage(PageText("", ()), failure=_why(exc))
        return lambda: failed
    if pool is None:
        done = _read(image, matrix, settings)
        return lambda: done
    return pool.submit(_read, image, matrix, settings).result


def _read(image: Any, matrix: pymupdf.Matrix, settings: Ocr) -> OcrPage:
    try:
        raw = tesseract_words(image, 3, settings.seconds)
    except Exception as exc:  # noqa: BLE001 - Tesseract missing, a timeout, a crash: hold, never pass
        return OcrPage(PageText("", ()), failure=_why(exc))
    return assemble(raw, matrix)


def _why(exc: Exception) -> str:
    name = type(exc).__name__
    if name == "TesseractNotFoundError":
        return "Tesseract is not installed"
    if isinstance(exc, RuntimeError) and "timeout" in str(exc).lower():
        return "OCR timed out"
    return f"OCR failed ({name})"


def words_touched(page: OcrPage, start: int, end: int) -> list[OcrWord]:
    """Every word that a span [start, end) of the OCR text touches: the whole word is cleared."""
    return [w for w in page.words if w.start < end and start < w.end]
