"""Strict Open XML (ISO/IEC 29500 Strict) read like Transitional, and written back as it came.

A Strict package holds the same parts under other namespace URIs (and relationship types
built on them): `http://purl.oclc.org/ooxml/wordprocessingml/main` for
`http://schemas.openxmlformats.org/wordprocessingml/2006/main`, and so on. Each Strict
XML part is parsed with its URIs turned into the Transitional ones, so every reader and
cleaner here works unchanged; the redactor turns them back when it writes the part.
"""

from __future__ import annotations

_STRICT = "http://purl.oclc.org/ooxml/"
_TRANSITIONAL = "http://schemas.openxmlformats.org/"
# Strict URI tail -> Transitional URI tail (ECMA-376 Part 1, the Strict and Transitional schemas).
_PAIRS = {
    "wordprocessingml/main": "wordprocessingml/2006/main",
    "spreadsheetml/main": "spreadsheetml/2006/main",
    "presentationml/main": "presentationml/2006/main",
    "drawingml/main": "drawingml/2006/main",
    "drawingml/wordprocessingDrawing": "drawingml/2006/wordprocessingDrawing",
    "drawingml/spreadsheetDrawing": "drawingml/2006/spreadsheetDrawing",
    "drawingml/picture": "drawingml/2006/picture",
    "drawingml/chart": "drawingml/2006/chart",
    "drawingml/chartDrawing": "drawingml/2006/chartDrawing",
    "drawingml/diagram": "drawingml/2006/diagram",
    "drawingml/lockedCanvas": "drawingml/2006/lockedCanvas",
    "drawingml/compatibility": "drawingml/2006/compatibility",
    "officeDocument/relationships": "officeDocument/2006/relationships",
    "officeDocument/math": "officeDocument/2006/math",
    "officeDocument/extendedProperties": "officeDocument/2006/extended-properties",
    "officeDocument/customProperties": "officeDocument/2006/custom-properties",
    "officeDocument/docPropsVTypes": "officeDocument/2006/docPropsVTypes",
    "officeDocument/customXml": "officeDocument/2006/customXml",
    "officeDocument/bibliography": "officeDocument/2006/bibliography",
    "officeDocument/sharedTypes": "officeDocument/2006/sharedTypes",
    "schemaLibrary/main": "schemaLibrary/2006/main",
}
# Longest first, so a URI is never rewritten through a shorter one that prefixes it.
_FORWARD = tuple(
    ((_STRICT + s).encode(), (_TRANSITIONAL + t).encode())
    for s, t in sorted(_PAIRS.items(), key=lambda kv: -len(kv[0]))
)
_BACKWARD = tuple(
    ((_TRANSITIONAL + t).encode(), (_STRICT + s).encode())
    for s, t in sorted(_PAIRS.items(), key=lambda kv: -len(kv[1]))
)
_MARKS = (_STRICT.encode(), _STRICT.encode("utf-16-le"), _STRICT.encode("utf-16-be"))


def may_be_strict(data: bytes) -> bool:
    """Cheap test on a part's bytes, in any of XML's encodings."""
    return any(mark in data for mark in _MARKS)


def is_strict(serialised: bytes) -> bool:
    """True when a part serialised as UTF-8 names any Strict namespace."""
    return any(strict in serialised for strict, _ in _FORWARD)


def _swap(data: bytes, pairs: tuple[tuple[bytes, bytes], ...]) -> bytes:
    for old, new in pairs:
        data = data.replace(old, new)
    return data


def to_transitional(serialised: bytes) -> bytes:
    return _swap(serialised, _FORWARD)


def to_strict(serialised: bytes) -> bytes:
    return _swap(serialised, _BACKWARD)
