"""Plain-text documents: UTF-8 only, no binary content."""

from __future__ import annotations

from pathlib import Path

from redactor.documents import sha256_bytes
from redactor.errors import BadInput
from redactor.settings import Limits
from redactor.types import Document, Format, Segment

PLACE = "text"


def decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path.name}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    if "\x00" in text:
        raise BadInput(f"{path.name}: binary content in a .txt file (NUL bytes)")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise BadInput(f"{path.name}: binary content in a .txt file (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(path: Path, data: bytes, limits: Limits) -> Document:
    text = decode(path, data)
    pages = max(1, text.count("\f") + 1)
    return Document(path, Format.TXT, sha256_bytes(data), (Segment(PLACE, text),), pages=pages)
