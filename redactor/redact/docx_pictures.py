"""Pictures of a Word package redacted in their pixels (a scanned letter pasted into a report).

Each word that a cut of a picture's OCR reading ("picture text (word/media/image3.jpeg)")
touches is painted white, padded, in the image itself; every picture OCR read is then
encoded again from its pixels alone, so the output holds no copy of the original image, no
metadata (EXIF, XMP, ICC, comments) and nothing stored after the image data. A picture
that holds the document (unreadable, read with too little confidence) stops the writer.

No label is drawn: OCR reads a small label back as noise, and the blank shows the cut.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from redactor.documents.ooxml_pictures import PictureRead, open_raster
from redactor.documents.ooxml_segments import Built
from redactor.documents.ooxml_zip import Package
from redactor.documents.pdf_ocr import words_touched
from redactor.documents.pdf_text import Box
from redactor.errors import UnsafeOutput
from redactor.redact.docx_cuts import Span, merged
from redactor.types import Cut

PAD_SHARE = 0.2  # of a word's height, around its box: a scan's ink spreads past Tesseract's box
MIN_PAD = 2.0  # pixels
JPEG_QUALITY = 92
_WHITE: dict[str, int | tuple[int, ...]] = {"L": 255, "RGB": (255, 255, 255), "RGBA": (255, 255, 255, 255)}


def ensure_readable(reads: dict[str, PictureRead]) -> None:
    """Raise the first picture's reason to hold the document, if any picture holds it."""
    held = [read.held for read in reads.values() if read.held]
    if held:
        raise UnsafeOutput(held[0])


def _padded(box: Box) -> Box:
    pad = max(MIN_PAD, PAD_SHARE * (box[3] - box[1]))
    return (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)


def word_boxes(read: PictureRead, spans: Sequence[Span]) -> list[Box]:
    """The padded box of every word a span touches; a span with text but no word raises."""
    if read.ocr is None:
        raise UnsafeOutput(f"{read.place}: a cut names a reading the picture does not have")
    boxes = []
    for start, end, _ in spans:
        words = words_touched(read.ocr, start, end)
        if not words and read.ocr.text.text[start:end].strip():
            raise UnsafeOutput(f"{read.place}: a cut has no OCR words to clear")
        boxes += [_padded(w.box) for w in words]
    return boxes


def _mode(image: Any) -> str:
    if image.mode in ("1", "L"):
        return "L"
    alpha = "A" in image.getbands() or "transparency" in image.info
    return "RGBA" if alpha and image.format != "JPEG" else "RGB"


def cleared(data: bytes, boxes: Sequence[Box]) -> bytes:
    """The picture with `boxes` painted white, encoded again from its pixels only."""
    from PIL import Image, ImageDraw

    source = open_raster(data)
    mode = _mode(source)
    # A new image from the bare pixels: nothing of the original's info (EXIF, ICC, comments) follows.
    image = Image.frombytes(mode, source.size, source.convert(mode).tobytes())
    draw = ImageDraw.Draw(image)
    for box in boxes:
        draw.rectangle(box, fill=_WHITE[mode])
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": JPEG_QUALITY} if source.format == "JPEG" else {}
    if source.format == "TIFF":
        options["compression"] = "tiff_lzw"
    image.save(out, format=source.format, **options)
    return out.getvalue()


def redact_pictures(pkg: Package, pictures: Mapping[str, PictureRead], built: Sequence[Built], cuts: Sequence[Cut],
                    drop: set[str]) -> tuple[str, ...]:  # fmt: skip
    """Clear the cut words of every kept picture read by OCR and encode each again, in the
    package's entries; returns a note of the pictures cut."""
    reads = {name: read for name, read in pictures.items() if name not in drop}
    ensure_readable(reads)
    by_place = {read.place: name for name, read in reads.items() if read.ocr is not None}
    spans = {by_place[item.segment.place]: merged(cuts, index)
             for index, item in enumerate(built) if item.segment.place in by_place}  # fmt: skip
    for name in by_place.values():
        pkg.entries[name] = cleared(pkg.entries[name], word_boxes(reads[name], spans.get(name, [])))
    cut = sum(1 for found in spans.values() if found)
    return (f"pictures read by OCR: words cleared in the pixels ({cut})",) if cut else ()
