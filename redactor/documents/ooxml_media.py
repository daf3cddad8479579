"""Picture metadata: EXIF (GPS, descriptions), XMP, IPTC, comments and PNG text chunks.

The reader shows the text these hold ("image metadata"); the redactor strips them
(pixels untouched). A picture that does not parse is left as it is: the independent
re-read searches its raw bytes all the same.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DROP = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})
# JPEG segments kept: JFIF (APP0), ICC colour profile (APP2), Adobe colour transform (APP14).
_JPEG_KEEP_APP = frozenset({0xE0, 0xE2, 0xEE})
_SOS = 0xDA


_PRINTABLE = re.compile(rb"[\x20-\x7e\x80-\xff]{4,}")


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(type, whole chunk) in order; stops at IEND or at a chunk that runs past the end."""
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, end = data[pos + 4 : pos + 8], pos + 12 + length
        if end > len(data):
            raise ValueError("truncated PNG chunk")
        yield kind, data[pos:end]
        pos = end
        if kind == b"IEND":
            return
    raise ValueError("PNG without IEND")


def strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        return data
    try:
        kept = [chunk for kind, chunk in _png_chunks(data) if kind not in _PNG_DROP]
    except ValueError:
        return data
    return _PNG_SIGNATURE + b"".join(kept)


def _jpeg_segment_end(data: bytes, pos: int) -> int:
    (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
    return pos + 2 + length


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(marker, whole segment) up to and including the scan (which runs to the end)."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("not a JPEG marker")
        marker = data[pos + 1]
        if marker == _SOS:
            yield marker, data[pos:]  # the scan and everything after it: image data
            return
        end = _jpeg_segment_end(data, pos)
        if end > len(data):
            raise ValueError("truncated JPEG segment")
        yield marker, data[pos:end]
        pos = end
    raise ValueError("JPEG without a scan")


def _jpeg_metadata(marker: int) -> bool:
    return marker == 0xFE or (0xE0 <= marker <= 0xEF and marker not in _JPEG_KEEP_APP)


def strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        return data
    try:
        kept = [seg for marker, seg in _jpeg_segments(data) if not _jpeg_metadata(marker)]
    except ValueError:
        return data
    return b"\xff\xd8" + b"".join(kept)


def _metadata_blocks(name: str, data: bytes) -> list[bytes]:
    lowered = name.lower()
    try:
        if lowered.endswith(".png") and data.startswith(_PNG_SIGNATURE):
            return [chunk[8:-4] for kind, chunk in _png_chunks(data) if kind in _PNG_DROP]
        if lowered.endswith((".jpg", ".jpeg")) and data.startswith(b"\xff\xd8"):
            return [seg[4:] for marker, seg in _jpeg_segments(data) if _jpeg_metadata(marker)]
    except ValueError:
        return [data]  # unparsed: every printable run of the file is shown
    return []


def metadata_text(name: str, data: bytes) -> list[str]:
    """Printable runs (4+ characters) of a picture's metadata, as Latin-1 text."""
    blocks = _metadata_blocks(name, data)
    return [m.decode("latin-1") for block in blocks for m in _PRINTABLE.findall(block)]


def strip_metadata(name: str, data: bytes) -> bytes:
    lowered = name.lower()
    if lowered.endswith(".png"):
        return strip_png(data)
    if lowered.endswith((".jpg", ".jpeg")):
        return strip_jpeg(data)
    return data
