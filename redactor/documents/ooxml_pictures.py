"""Pictures inside a Word package read by OCR: a scanned letter pasted into a report.

Each raster picture (PNG, JPEG, GIF, BMP, TIFF) is decoded by Pillow, in grey, enlarged when
its words are small (`_ocr`), and read by Tesseract as a scanned page is (`pdf_ocr.tesseract_words`,
`assemble`): its words are a place of their own, "picture text (word/media/image3.jpeg)",
with boxes in the picture's own pixels, where the redactor clears them.

Fail closed: a picture that cannot be decoded, has several frames, is of a kind OCR does
not read (a metafile holding a bitmap, HD Photo) or is read with too little confidence
holds the document, with a reason naming the part. Only a picture too small to hold a
readable word (`text_free`) is passed unread, and one in which OCR reads fewer than four
letters and digits in all (a photo, a logo's shape: `MIN_LEGIBLE`) is passed as text-free
(the verifier reads it again, sparse text, and any detail found there deletes the output).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pymupdf

from redactor.documents.ooxml_metafile import bitmaps, is_metafile
from redactor.documents.pdf_ocr import OcrPage, assemble, tesseract_words
from redactor.documents.pdf_text import PageText
from redactor.settings import Ocr
from redactor.types import Problem

PICTURE_TEXT = "picture text ({})"  # the same place name as a metafile's drawn strings
RASTER_FORMATS = frozenset({"PNG", "JPEG", "GIF", "BMP", "TIFF"})  # decoded and written again by Pillow
MIN_SIDE = 8  # a picture thinner than this (a rule, a dot) holds no readable word
MIN_LONG_SIDE = 32  # nor one whose longer side is shorter (an icon, a bullet)
MIN_LEGIBLE = 4  # the verifier's shortest removed value: fewer letters and digits read spell none
MAX_PIXELS = 40_000_000  # a larger picture is not decoded: held (a decompression bomb?)
MIN_WORD_PX = 20  # words read smaller than this (median box height) are read again enlarged ...
WORD_PX = 30  # ... to about this height
SECOND_SCALE = 2.0  # a doubtful first reading is read again this much larger
MAX_SCALE = 3.0
MAX_SIDE = 8000  # pixels: no enlargement past this
WORKERS = 2  # Tesseract processes at once: both cores


@dataclass(frozen=True)
class PictureRead:
    """What OCR read in one picture; `held` is the one-line reason it holds the document."""

    name: str
    format: str  # Pillow's name for it ("PNG", "JPEG", ...); "" when not decoded
    ocr: OcrPage | None  # None: not read (text-free, or held before OCR)
    held: str = ""

    @property
    def place(self) -> str:
        return PICTURE_TEXT.format(self.name)


def text_free(width: int, height: int) -> bool:
    return min(width, height) < MIN_SIDE or max(width, height) < MIN_LONG_SIDE


def _hold(name: str, why: str) -> str:
    return f"{PICTURE_TEXT.format(name)}: {why}; the document is held"


def _word_height(read: OcrPage) -> float:
    """The median height of the words read (pixels of the picture as read)."""
    heights = sorted(w.box[3] - w.box[1] for w in read.words)
    return heights[len(heights) // 2] if heights else 0.0


def _enlarged(image: Any, scale: float) -> Any:
    from PIL import Image

    scale = min(scale, max(1.0, (MAX_PIXELS / (image.width * image.height)) ** 0.5))
    return image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)


def grey(image: Any) -> Any:
    """The picture in grey, transparent areas on white (as Word shows it on a page)."""
    from PIL import Image

    if "A" not in image.getbands() and "transparency" not in image.info:
        return image.convert("L")  # no transparency: straight to grey (a quarter of RGBA's memory)
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("L")


def open_raster(data: bytes) -> Any:
    """The picture decoded by Pillow, checked to be one frame of a known size; raises ValueError."""
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any decoder refusal: not a picture we can read
        raise ValueError("is not a picture OCR can read") from exc
    if image.format not in RASTER_FORMATS:
        raise ValueError(f"is a {image.format or 'kind of'} picture OCR does not read")
    if image.width * image.height > MAX_PIXELS:
        raise ValueError("is too large to read")
    if getattr(image, "n_frames", 1) != 1:
        raise ValueError("has several frames (an animation, a multi-page TIFF)")
    try:
        image.load()
    except Exception as exc:  # noqa: BLE001 - truncated or damaged pixel data
        raise ValueError("is damaged and cannot be decoded") from exc
    return image


def _read_at(image: Any, scale: float, settings: Ocr) -> OcrPage:
    """One Tesseract reading of the grey picture enlarged by `scale`, boxes in its own pixels."""
    shown = _enlarged(image, scale) if scale > 1.0 else image
    try:
        raw = tesseract_words(shown, 3, settings.seconds)
    except Exception as exc:  # noqa: BLE001 - Tesseract missing, a timeout, a crash: hold, never pass
        return OcrPage(PageText("", ()), failure=f"OCR failed ({type(exc).__name__})")
    back = pymupdf.Matrix(image.width / shown.width, 0, 0, image.height / shown.height, 0, 0)
    return assemble(raw, back)


def _ocr(image: Any, settings: Ocr) -> OcrPage:
    """The picture read as it is, and read again enlarged when its words are small or the first
    reading is doubtful; the more confident reading wins. A picture's own resolution is not
    trusted (Word and scanners often write 72 or 96 dpi whatever was scanned): the words'
    height is what Tesseract needs (`WORD_PX`, about 10 point text at 200 dpi)."""
    shown = grey(image)
    first = _read_at(shown, 1.0, settings)
    height = _word_height(first)
    if first.failure or (height >= MIN_WORD_PX and not first.held(settings)):
        return first
    scale = min(MAX_SCALE, WORD_PX / height) if height else SECOND_SCALE
    if scale <= 1.0 or max(shown.size) * scale > MAX_SIDE:
        return first
    second = _read_at(shown, scale, settings)
    return second if second.words and second.confidence > first.confidence else first


def legible(read: OcrPage) -> int:
    """Letters and digits read: fewer than `MIN_LEGIBLE` spell no detail (a photo's specks)."""
    return sum(c.isalnum() for c in read.text.text)


def _reason(read: OcrPage, settings: Ocr) -> str:
    if not read.failure and legible(read) < MIN_LEGIBLE:
        return ""  # a photo, a logo's shape, a blank: nothing OCR reads could be a detail
    code = read.held(settings)
    if code == "ocr-failed":
        return f"could not be read by OCR: {read.failure}"
    if code == "ocr-low-confidence":
        return (f"OCR read it with too little confidence ({read.confidence:.0f} below "
                f"{settings.min_confidence:.0f}; handwriting, a photo, faint text?)")  # fmt: skip
    return ""


def _metafile_doubt(data: bytes, settings: Ocr) -> str:
    """Why a metafile's bitmaps hold the document ("" if none does): its drawn strings are
    text the redactor blanks, but a bitmap's pixels inside it cannot be cleared there, so one
    in which OCR reads any legible text (a scan pasted as a metafile) holds it."""
    found = bitmaps(data)
    if found is None:
        return "is a metafile holding a bitmap OCR does not read"
    for dib in found:
        try:
            image = open_raster(dib)
        except ValueError:
            return "is a metafile holding a bitmap that does not decode"
        if text_free(image.width, image.height):
            continue
        read = _ocr(image, settings)
        if read.failure or legible(read) >= MIN_LEGIBLE:
            return "is a metafile holding a bitmap with text in it, which cannot be cleared there"
    return ""


def read_picture(name: str, data: bytes, settings: Ocr) -> PictureRead:
    """One picture read by OCR, or why it holds the document; never raises."""
    if is_metafile(data):
        why = _metafile_doubt(data, settings)
        return PictureRead(name, "", None, _hold(name, why) if why else "")
    try:
        image = open_raster(data)
    except ValueError as exc:
        return PictureRead(name, "", None, _hold(name, str(exc)))
    if text_free(image.width, image.height):
        return PictureRead(name, str(image.format), None)
    read = _ocr(image, settings)
    why = _reason(read, settings)
    return PictureRead(name, str(image.format), read, _hold(name, why) if why else "")


PictureKey = tuple[str, str, Ocr]  # (part name, SHA-256 of its bytes, the OCR settings)
PicturesRead = Mapping[PictureKey, PictureRead]
"""The reader's pictures, handed to the writer in the page pass so that it need not read them again."""


def picture_key(name: str, data: bytes, settings: Ocr) -> PictureKey:
    return (name, hashlib.sha256(data).hexdigest(), settings)


@dataclass(frozen=True)
class PictureReads:
    """Every picture of a package read, by part name, with the key each was read under (the page
    pass carries the keys to the writer, so nothing hashes a picture twice)."""

    by_name: dict[str, PictureRead]
    keys: dict[str, PictureKey]

    def keyed(self) -> tuple[tuple[PictureKey, PictureRead], ...]:
        return tuple((self.keys[name], read) for name, read in self.by_name.items())


def read_pictures(pictures: dict[str, bytes], settings: Ocr, known: PicturesRead | None = None) -> PictureReads:
    """Every picture by part name, read on both cores; a picture the reader already read (`known`,
    the same part with the same bytes and settings) is taken from it without OCR."""
    keys = {name: picture_key(name, data, settings) for name, data in pictures.items()}
    known = known or {}
    missing = [name for name, key in keys.items() if key not in known]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        fresh = dict(zip(missing, pool.map(lambda n: read_picture(n, pictures[n], settings), missing), strict=True))
    return PictureReads({name: fresh[name] if name in fresh else known[key] for name, key in keys.items()}, keys)


def held_problems(reads: dict[str, PictureRead]) -> tuple[Problem, ...]:
    """One problem per picture that holds the document (the reason names the part, never its text)."""
    return tuple(Problem(read.place, "picture-unreadable", read.held) for read in reads.values() if read.held)
