"""Plain text read back as bytes, decoded afresh (nothing shared with the reader)."""

from __future__ import annotations

from pathlib import Path

from redactor.types import Residue


def read_back(path: Path) -> list[tuple[str, str]]:
    return [("text", path.read_bytes().decode("utf-8", errors="replace"))]


def structure(path: Path) -> list[Residue]:
    return []


def inspect(path: Path) -> tuple[list[tuple[str, str]], list[Residue]]:
    """`read_back` and `structure` (the verifier's one call per output)."""
    return read_back(path), structure(path)
