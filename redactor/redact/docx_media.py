"""Metadata stripped from pictures: EXIF (GPS, descriptions), XMP, IPTC and text chunks.

Pixels are untouched. A picture that does not parse is returned as it is: the
independent re-read searches its raw bytes all the same.
"""

from __future__ import annotations

import struct

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DROP = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})
# JPEG segments kept: JFIF (APP0), ICC colour profile (APP2), Adobe colour transform (APP14).
_JPEG_KEEP_APP = frozenset({0xE0, 0xE2, 0xEE})
_SOS = 0xDA


def strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        return data
    out, pos = [_PNG_SIGNATURE], len(_PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            return data
        if kind not in _PNG_DROP:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            return b"".join(out)
    return data


def _jpeg_segment_end(data: bytes, pos: int) -> int:
    (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
    return pos + 2 + length


def strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        return data
    out, pos = [b"\xff\xd8"], 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return data
        marker = data[pos + 1]
        if marker == _SOS:
            out.append(data[pos:])  # the scan and everything after it: image data
            return b"".join(out)
        end = _jpeg_segment_end(data, pos)
        if end > len(data):
            return data
        is_app = 0xE0 <= marker <= 0xEF
        if marker != 0xFE and (not is_app or marker in _JPEG_KEEP_APP):
            out.append(data[pos:end])
        pos = end
    return data


def strip_metadata(name: str, data: bytes) -> bytes:
    lowered = name.lower()
    if lowered.endswith(".png"):
        return strip_png(data)
    if lowered.endswith((".jpg", ".jpeg")):
        return strip_jpeg(data)
    return data
