"""Scanned pages made by the tests: a text page rendered to a grey, speckled JPEG, put back
into a PDF as an image-only page (no text layer at all)."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from pathlib import Path

import pymupdf

A4 = (595.0, 842.0)


def _text_page(lines: Sequence[str], size: float, height: float = A4[1]) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=height)
    y = 80.0
    for line in lines:
        page.insert_text((60, y), line, fontsize=size, fontname="helv")
        y += size * 1.8
    return doc


def _speckled(pix: pymupdf.Pixmap, share: float, seed: int) -> pymupdf.Pixmap:
    """A few grey specks, as a scanner leaves them (deterministic per seed)."""
    rng = random.Random(seed)
    samples = bytearray(pix.samples)
    for _ in range(int(len(samples) * share)):
        samples[rng.randrange(len(samples))] = rng.randrange(90, 200)
    return pymupdf.Pixmap(pymupdf.csGRAY, pix.width, pix.height, bytes(samples), False)


def scan_image(lines: Sequence[str], dpi: int = 200, size: float = 11.0, noise: float = 0.002,
               tilt: float = 0.0) -> bytes:  # fmt: skip
    """JPEG bytes of the page of `lines` as a scanner would return it (`tilt` degrees askew,
    counter-clockwise, as a sheet fed crooked)."""
    with _text_page(lines, size) as doc:
        pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    speckled = _speckled(pix, noise, seed=len(lines))
    return _tilted(speckled, tilt) if tilt else speckled.tobytes("jpeg", jpg_quality=85)


def _tilted(pix: pymupdf.Pixmap, degrees: float) -> bytes:
    from PIL import Image

    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    turned = image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    out = io.BytesIO()
    turned.save(out, format="JPEG", quality=85)
    return out.getvalue()


def image_pdf(path: Path, images: Sequence[bytes]) -> Path:
    """A PDF of image-only pages, one per image, each filling an A4 page."""
    doc = pymupdf.open()
    for image in images:
        page = doc.new_page(width=A4[0], height=A4[1])
        page.insert_image(page.rect, stream=image)
    doc.save(path, garbage=4, deflate=True)
    doc.close()
    return path


def scanned_pdf(path: Path, lines: Sequence[str], **options: float) -> Path:
    return image_pdf(path, [scan_image(lines, **options)])  # type: ignore[arg-type]


def blank_image(dpi: int = 200) -> bytes:
    """A blank, speckled sheet: OCR reads nothing (or nothing it trusts) in it."""
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, int(A4[0] * dpi / 72), int(A4[1] * dpi / 72)), False)
    pix.clear_with(255)
    return _speckled(pix, 0.0005, seed=7).tobytes("jpeg", jpg_quality=85)


def scan_picture(lines: Sequence[str], dpi: int = 200, size: float = 11.0, noise: float = 0.002,
                 kind: str = "jpeg") -> bytes:  # fmt: skip
    """A scanned letter cut to its lines, as pasted into a Word report: JPEG or PNG bytes."""
    height = 80.0 + size * 1.8 * len(lines) + 20
    with _text_page(lines, size, height) as doc:
        pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    speckled = _speckled(pix, noise, seed=len(lines))
    return speckled.tobytes("jpeg", jpg_quality=85) if kind == "jpeg" else speckled.tobytes("png")


def noise_picture(width: int = 600, height: int = 300, seed: int = 3) -> bytes:
    """A picture of grey noise (a photo, a smudge): OCR reads nothing it can trust in it."""
    rng = random.Random(seed)
    samples = bytes(rng.randrange(0, 256) for _ in range(width * height))
    return pymupdf.Pixmap(pymupdf.csGRAY, width, height, samples, False).tobytes("png")


def smudged_picture(lines: Sequence[str], radius: float = 4.0) -> bytes:
    """A letter photographed out of focus: OCR reads words in it, with too little confidence."""
    from PIL import Image, ImageFilter

    out = io.BytesIO()
    Image.open(io.BytesIO(scan_picture(lines))).filter(ImageFilter.GaussianBlur(radius)).save(out, format="PNG")
    return out.getvalue()
