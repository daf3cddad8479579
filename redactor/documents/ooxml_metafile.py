"""Text drawn by Windows metafile pictures (EMF, EMF+ and WMF) inside a document.

A genogram pasted from Visio, a chart or the preview of an embedded spreadsheet is
often a metafile: a list of drawing records, some of which draw strings. Those strings
are document text that no XML part holds. The reader shows them ("picture text (name)",
one line per string); the redactor blanks a string a cut touches, in place, with spaces
of the same length, so the picture stays valid and the rest of it is kept.

Records read: EMR_EXTTEXTOUTA/W, EMR_SMALLTEXTOUT, EMF+ DrawString (inside EMR_COMMENT),
WMF META_TEXTOUT and META_EXTTEXTOUT. A metafile that does not parse yields nothing
here; the independent re-read searches its raw bytes all the same.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

_EMF_SIGNATURE = b" EMF"
_WMF_PLACEABLE = b"\xd7\xcd\xc6\x9a"
_EXTTEXTOUTA, _EXTTEXTOUTW, _COMMENT, _SMALLTEXTOUT = 83, 84, 70, 108
_EMF_PLUS = b"EMF+"
_PLUS_DRAW_STRING = 0x401C
_META_TEXTOUT, _META_EXTTEXTOUT = 0x0521, 0x0A32
_NO_RECT, _SMALL_CHARS = 0x100, 0x200
_OPAQUE_OR_CLIPPED = 0x0006


@dataclass(frozen=True)
class Drawn:
    """One string a metafile draws: where its bytes are and how they are encoded."""

    offset: int
    length: int  # bytes
    encoding: str  # "utf-16-le" or "cp1252"

    def text(self, data: bytes) -> str:
        raw = data[self.offset : self.offset + self.length]
        return raw.decode(self.encoding, errors="replace").replace("\x00", "")


def _u32(data: bytes, pos: int) -> int:
    value: int = struct.unpack_from("<I", data, pos)[0]
    return value


def _u16(data: bytes, pos: int) -> int:
    value: int = struct.unpack_from("<H", data, pos)[0]
    return value


def _inside(data: bytes, offset: int, length: int, end: int) -> bool:
    return offset >= 0 and length > 0 and offset + length <= min(end, len(data))


def _emf_records(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(type, start, end) of each record; stops at a record that does not fit."""
    pos = 0
    while pos + 8 <= len(data):
        kind, size = _u32(data, pos), _u32(data, pos + 4)
        if size < 8 or size % 4 or pos + size > len(data):
            return
        yield kind, pos, pos + size
        pos += size


def _ext_text_out(data: bytes, start: int, end: int, wide: bool) -> Iterator[Drawn]:
    chars, offset = _u32(data, start + 44), _u32(data, start + 48)
    length = chars * 2 if wide else chars
    if _inside(data, start + offset, length, end):
        yield Drawn(start + offset, length, "utf-16-le" if wide else "cp1252")


def _small_text_out(data: bytes, start: int, end: int) -> Iterator[Drawn]:
    chars, options = _u32(data, start + 16), _u32(data, start + 20)
    offset = 36 + (0 if options & _NO_RECT else 16)
    narrow = bool(options & _SMALL_CHARS)
    length = chars if narrow else chars * 2
    if _inside(data, start + offset, length, end):
        yield Drawn(start + offset, length, "cp1252" if narrow else "utf-16-le")


def _emf_plus(data: bytes, start: int, end: int) -> Iterator[Drawn]:
    """EMF+ records inside one comment record: DrawString holds its text as UTF-16."""
    if data[start + 12 : start + 16] != _EMF_PLUS:
        return
    pos, stop = start + 16, min(end, start + 12 + _u32(data, start + 8))
    while pos + 12 <= stop:
        kind, size = _u16(data, pos), _u32(data, pos + 4)
        if size < 12 or pos + size > stop:
            return
        if kind == _PLUS_DRAW_STRING and size >= 40:
            length = _u32(data, pos + 20) * 2
            if _inside(data, pos + 40, length, pos + size):
                yield Drawn(pos + 40, length, "utf-16-le")
        pos += size


def emf_strings(data: bytes) -> list[Drawn]:
    if len(data) < 44 or _u32(data, 0) != 1 or data[40:44] != _EMF_SIGNATURE:
        return []
    found: list[Drawn] = []
    for kind, start, end in _emf_records(data):
        if kind in (_EXTTEXTOUTA, _EXTTEXTOUTW) and end - start >= 76:
            found += _ext_text_out(data, start, end, kind == _EXTTEXTOUTW)
        elif kind == _SMALLTEXTOUT and end - start >= 36:
            found += _small_text_out(data, start, end)
        elif kind == _COMMENT and end - start >= 16:
            found += _emf_plus(data, start, end)
    return found


def _wmf_text(data: bytes, start: int, end: int, function: int) -> Iterator[Drawn]:
    params = start + 6
    if function == _META_TEXTOUT:
        length, offset = _u16(data, params), params + 2
    else:  # META_EXTTEXTOUT: y, x, length, options, [rectangle], string
        length, options = _u16(data, params + 4), _u16(data, params + 6)
        offset = params + 8 + (8 if options & _OPAQUE_OR_CLIPPED else 0)
    if _inside(data, offset, length, end):
        yield Drawn(offset, length, "cp1252")


def wmf_strings(data: bytes) -> list[Drawn]:
    pos = 22 if data[:4] == _WMF_PLACEABLE else 0
    if len(data) < pos + 18 or _u16(data, pos) not in (1, 2) or _u16(data, pos + 2) != 9:
        return []
    pos += 18
    found: list[Drawn] = []
    while pos + 6 <= len(data):
        size, function = _u32(data, pos) * 2, _u16(data, pos + 4)
        if size < 6 or pos + size > len(data):
            break
        if function in (_META_TEXTOUT, _META_EXTTEXTOUT) and size >= 10:
            found += _wmf_text(data, pos, pos + size, function)
        pos += size
    return found


def drawn_strings(data: bytes) -> list[Drawn]:
    """Every string the picture draws, in record order ([] for any other picture)."""
    try:
        return emf_strings(data) or wmf_strings(data)
    except struct.error:
        return []


def blanked(data: bytes, strings: list[Drawn]) -> bytes:
    """The picture with each of `strings` overwritten by spaces of the same byte length."""
    out = bytearray(data)
    for s in strings:
        space = " ".encode(s.encoding)
        out[s.offset : s.offset + s.length] = space * (s.length // len(space))
    return bytes(out)


# Records that carry a bitmap (EMF: BitBlt .. StretchDIBits, AlphaBlend, TransparentBlt, DIB
# brushes; WMF: the BitBlt, StretchBlt and DIB families): OCR does not read inside a metafile.
_EMF_BITMAPS = frozenset({76, 77, 78, 79, 80, 81, 93, 94, 114, 116})
_WMF_BITMAPS = frozenset({0x0922, 0x0B23, 0x0940, 0x0B41, 0x0F43, 0x0D33, 0x0142})
_PLUS_OBJECT, _PLUS_IMAGE = 0x4008, 5
# A record no larger than its headers holds no pixels (a BitBlt that only fills a rectangle).
_BITMAP_BYTES = 200


def is_metafile(data: bytes) -> bool:
    """An EMF or a WMF (placeable or not), by its header, as `drawn_strings` tells them."""
    if len(data) >= 44 and _u32(data, 0) == 1 and data[40:44] == _EMF_SIGNATURE:
        return True
    pos = 22 if data[:4] == _WMF_PLACEABLE else 0
    return len(data) >= pos + 18 and _u16(data, pos) in (1, 2) and _u16(data, pos + 2) == 9


def _plus_images(data: bytes, start: int, end: int) -> bool:
    if data[start + 12 : start + 16] != _EMF_PLUS:
        return False
    pos, stop = start + 16, min(end, start + 12 + _u32(data, start + 8))
    while pos + 12 <= stop:
        kind, flags, size = _u16(data, pos), _u16(data, pos + 2), _u32(data, pos + 4)
        if size < 12 or pos + size > stop:
            return False
        if kind == _PLUS_OBJECT and (flags >> 8) & 0x7F == _PLUS_IMAGE:
            return True
        pos += size
    return False


# Where a bitmap record keeps the offset of its BITMAPINFO (from the record's start).
_BMI_OFFSET = {76: 84, 77: 84, 80: 48, 81: 48, 114: 84, 116: 84, 93: 16, 94: 16}


def _dib(data: bytes, start: int, end: int, kind: int) -> bytes | None:
    """A record's bitmap as a BMP file (its BITMAPINFO and bits behind a file header); None
    when the record carries none (a BitBlt that only fills) or it does not fit the record."""
    where = _BMI_OFFSET.get(kind)
    if where is None or start + where + 16 > end:
        return None
    off_bmi, cb_bmi, off_bits, cb_bits = struct.unpack_from("<IIII", data, start + where)
    if not cb_bmi or start + off_bmi + cb_bmi > end or start + off_bits + cb_bits > end:
        return None
    info = data[start + off_bmi : start + off_bmi + cb_bmi]
    bits = data[start + off_bits : start + off_bits + cb_bits]
    return b"BM" + struct.pack("<IHHI", 14 + len(info) + len(bits), 0, 0, 14 + len(info)) + info + bits


def bitmaps(data: bytes) -> list[bytes] | None:
    """Every bitmap an EMF draws, as BMP files; None when one cannot be taken out (a WMF, an
    EMF+ image, a mask or parallelogram blit, a damaged record): OCR cannot read it."""
    if data[40:44] != _EMF_SIGNATURE:
        return None if _wmf_bitmap(data) else []
    found, last = [], 0
    try:
        for kind, start, end in _emf_records(data):
            last = end
            if kind == _COMMENT and end - start >= 16 and _plus_images(data, start, end):
                return None
            if kind not in _EMF_BITMAPS or end - start <= _BITMAP_BYTES:
                continue
            dib = _dib(data, start, end, kind)
            if dib is None:
                return None
            found.append(dib)
    except struct.error:
        return None
    return found if last == len(data) else None  # a record cut short may be a bitmap's


def _wmf_bitmap(data: bytes) -> bool:
    pos = (22 if data[:4] == _WMF_PLACEABLE else 0) + 18
    while pos + 6 <= len(data):
        size, function = _u32(data, pos) * 2, _u16(data, pos + 4)
        if size < 6 or pos + size > len(data):
            return False
        if function in _WMF_BITMAPS and size > _BITMAP_BYTES:
            return True
        pos += size
    return False
