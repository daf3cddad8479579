"""The verifier's own OCR reading of every picture in a redacted Word package.

Every entry of the zip, whatever its name, whose bytes are a picture is decoded and read by
Tesseract with other settings than the reader's: another enlargement (`Ocr.verify_dpi` over
a typical scan's 150 dpi) and another page-segmentation mode (`Ocr.verify_psm`,
sparse text, which finds words a layout analysis skips). The text is a place of its own,
"picture text (word/media/image3.jpeg)", the place the reader gave it, searched for removed
values and run through the detectors again (a metafile's strings are in the raw views). A
picture that cannot be decoded or read (a metafile holding a bitmap, several frames, an
error, a timeout) is a residue: the output cannot be proved clean.
"""

from __future__ import annotations

import io
import struct
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from redactor.settings import Ocr
from redactor.types import Residue

MIN_SIDE, MIN_LONG_SIDE = 8, 32  # smaller pictures hold no readable word
ASSUMED_DPI = 150
MAX_SCALE = 3.0
SMALL_SIDE = 1000
MAX_PIXELS = 40_000_000
WORKERS = 2
# Signatures of pictures (PNG, JPEG, GIF, BMP, TIFF, JPEG XR, WebP, EMF at 40, WMF placeable).
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"II\xbc", b"\xd7\xcd\xc6\x9a")
_EMF = b" EMF"
_METAFILE_ENDINGS = (".emf", ".wmf", ".emz", ".wmz")
Readings = tuple[list[tuple[str, str]], list[Residue]]
# Metafile records that carry a bitmap, larger than their headers (EMF types; WMF functions).
_EMF_BITMAP_TYPES = frozenset({76, 77, 78, 79, 80, 81, 93, 94, 114, 116})
_WMF_BITMAP_FUNCTIONS = frozenset({0x0922, 0x0B23, 0x0940, 0x0B41, 0x0F43, 0x0D33, 0x0142})
_HEADERS_ONLY = 200


def _bmp(data: bytes, pos: int, size: int, kind: int) -> bytes | None:
    """The record's bitmap as a BMP file; None when it carries none; raises when it does not fit."""
    where = {76: 84, 77: 84, 80: 48, 81: 48, 114: 84, 116: 84, 93: 16, 94: 16}.get(kind)
    if where is None:
        raise ValueError("a bitmap record not read")
    off_info, info_bytes, off_bits, bits_bytes = struct.unpack_from("<IIII", data, pos + where)
    if not info_bytes:
        return None
    if off_info + info_bytes > size or off_bits + bits_bytes > size:
        raise ValueError("a bitmap past its record")
    info = data[pos + off_info:pos + off_info + info_bytes]
    bits = data[pos + off_bits:pos + off_bits + bits_bytes]
    return b"BM" + struct.pack("<IHHI", 14 + len(info) + len(bits), 0, 0, 14 + len(info)) + info + bits


def _plus_image(records: bytes) -> bool:
    """Whether EMF+ records (in an EMF comment) define an image object: its pixels are not
    read here (an EMF+ drawing of lines and text is, by its EMF twin and its strings)."""
    pos = 0
    while pos + 12 <= len(records):
        kind, flags, size = struct.unpack_from("<HHI", records, pos)
        if size < 12 or pos + size > len(records):
            return False  # the records end here (as the reader reads them: no image defined)
        if kind == 0x4008 and (flags >> 8) & 0x7F == 5:
            return True
        pos += size
    return False


def _emf_bitmaps(data: bytes) -> list[bytes]:
    found, pos = [], 0
    while pos + 8 <= len(data):
        kind, size = struct.unpack_from("<II", data, pos)
        if size < 8 or pos + size > len(data):
            break
        if kind == 70 and data[pos + 12:pos + 16] == b"EMF+" and _plus_image(data[pos + 16:pos + 12 + max(
                4, struct.unpack_from("<I", data, pos + 8)[0])]):  # fmt: skip
            raise ValueError("an EMF+ image")
        if kind in _EMF_BITMAP_TYPES and size > _HEADERS_ONLY:
            found += [bmp] if (bmp := _bmp(data, pos, size, kind)) else []
        pos += size
    return found


def _wmf_bitmap(data: bytes) -> bool:
    pos = (22 if data[:4] == b"\xd7\xcd\xc6\x9a" else 0) + 18
    while pos + 6 <= len(data):
        words, function = struct.unpack_from("<IH", data, pos)
        if words < 3 or pos + words * 2 > len(data):
            return False
        if function in _WMF_BITMAP_FUNCTIONS and words * 2 > _HEADERS_ONLY:
            return True
        pos += words * 2
    return False


def _metafile_bitmaps(data: bytes) -> list[bytes] | None:
    """None for a picture that is no metafile, else the bitmaps it draws (BMP files); raises
    for one that cannot be taken out (a WMF's, an EMF+ image)."""
    if data[40:44] == _EMF and data[:4] == b"\x01\0\0\0":
        return _emf_bitmaps(data)
    start = 22 if data[:4] == b"\xd7\xcd\xc6\x9a" else 0
    if len(data) >= start + 18 and struct.unpack_from("<HH", data, start) in ((1, 9), (2, 9)):
        if _wmf_bitmap(data):
            raise ValueError("a WMF holding a bitmap")
        return []
    return None


def place_of(name: str) -> str:
    return f"picture text ({name})"


def looks_like_picture(name: str, data: bytes) -> bool:
    lowered = name.lower()
    return (data.startswith(_MAGIC) or data[40:44] == _EMF or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
            or "/media/" in f"/{lowered}" or lowered.endswith(_METAFILE_ENDINGS))  # fmt: skip


def _decoded(data: bytes) -> Any:
    """The picture's one frame in grey, or None when it is too small to hold a word; raises."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    if image.format in ("WMF", "EMF") or image.width * image.height > MAX_PIXELS:
        raise ValueError("not read")
    if getattr(image, "n_frames", 1) != 1:
        raise ValueError("several frames")
    if min(image.size) < MIN_SIDE or max(image.size) < MIN_LONG_SIDE:
        return None
    if "A" not in image.getbands() and "transparency" not in image.info:
        return image.convert("L")
    rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("L")


def _enlarged(image: Any, settings: Ocr) -> Any:
    """Enlarged by `verify_dpi` over a typical scan's resolution, twice that for a small picture
    (a picture's own resolution is not trusted): never the reader's scale."""
    from PIL import Image

    scale = min(MAX_SCALE, settings.verify_dpi / ASSUMED_DPI * (2 if max(image.size) < SMALL_SIDE else 1))
    scale = min(scale, max(1.0, (MAX_PIXELS / (image.width * image.height)) ** 0.5))
    if scale <= 1.0:
        return image
    return image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BICUBIC)


def _read_raster(data: bytes, settings: Ocr) -> str | None:
    import pytesseract

    image = _decoded(data)
    if image is None:
        return None
    shown = _enlarged(image, settings)
    text: str = pytesseract.image_to_string(shown, lang="eng", config=f"--psm {settings.verify_psm}",
                                            timeout=settings.seconds)  # fmt: skip
    return "\n".join(line for line in text.splitlines() if line.strip())


def read_picture(data: bytes, settings: Ocr) -> str | None:
    """The picture's text by Tesseract's sparse reading (a metafile's: its bitmaps'; its strings
    are in the raw views); None for a picture too small to hold a word."""
    inside = _metafile_bitmaps(data)
    if inside is None:
        return _read_raster(data, settings)
    return "\n".join(text for bmp in inside if (text := _read_raster(bmp, settings))) or None


def _reading(name: str, data: bytes, settings: Ocr) -> Readings:
    try:
        text = read_picture(data, settings)
    except Exception as exc:  # noqa: BLE001 - no reading, no proof: never a pass
        return [], [Residue(place_of(name), f"picture not read by OCR ({type(exc).__name__})", "unreadable")]
    return ([(place_of(name), text)] if text else []), []


def picture_readings(entries: list[tuple[str, bytes]], settings: Ocr) -> Readings:
    """The OCR text of every picture among `entries` (name, bytes), by place; a failure is a residue."""
    pictures = [(name, data) for name, data in entries if looks_like_picture(name, data)]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        done = list(pool.map(lambda item: _reading(item[0], item[1], settings), pictures))
    return [v for views, _ in done for v in views], [r for _, residues in done for r in residues]
