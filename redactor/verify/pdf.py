"""An independent re-reader of a redacted PDF: shares no code or library with the redactor.

`read_back` returns every text the file holds, as (place, text) pairs:
pypdf's text of each page ("page N", invisible text included); every
string and every decompressed stream of every object pypdf can reach ("raw
objects"), plus every stream and string found by scanning the raw bytes, so
objects of earlier revisions and orphans are read too; and the document
information and XMP ("metadata").

`structure` names what should not be in an output at all: attachments,
scripts, actions, annotations, forms, metadata, earlier revisions, encryption.

`inspect` adds a second OCR reading of every scanned page and every embedded image
(`pdf_ocr.py`: PDFium and Tesseract, with other settings than the reader's).

The output is read from disk and parsed by pypdf once (`open_output`), and that opened
`Output` is passed to every reading of it: the text, the objects, the structure and, when the
verifier asks, the page order (`inspect_in_order`). pdfminer.six parses it once more on purpose
(a second parser: a file only one of them can read is unreadable), and PDFium for OCR.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
    TextStringObject,
)

from redactor.errors import UnsafeOutput
from redactor.settings import settings
from redactor.types import Residue
from redactor.verify.pdf_ocr import ocr_in_order, ocr_readings

# Parser warnings may quote the file's bytes: keep them out of the logs.
logging.getLogger("pypdf").setLevel(logging.ERROR)
logging.getLogger("pdfminer").setLevel(logging.ERROR)

RAW = "raw objects"
InOrder = Callable[[Iterable[str]], dict[str, str]]  # as `formats.InOrder` (this reader imports no stage module)
MAX_INFLATE = 64 * 1024 * 1024
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]+)>")
_TAG = re.compile(r"<[^>]*>")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}


def _get(obj: Any, key: str) -> Any:
    """A dictionary entry, resolved; None when absent or null."""
    value = obj.get(key) if isinstance(obj, DictionaryObject) else None
    value = value.get_object() if value is not None else None
    return None if isinstance(value, NullObject) else value


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


# --- page text (pypdf) ------------------------------------------------------
# pypdf rather than pdfminer.six for page text: same independence from PyMuPDF, about
# four times faster on a 56-page report (the tests keep pdfminer as a third reader).


_SOFT_HYPHEN = "\u00ad"


def shown(text: str) -> str:
    """Page text as a person reads it: no soft hyphens (a line-end mark, not a character) and no
    spaces hanging at the end of a line (pypdf keeps the space before a line break)."""
    return "\n".join(line.rstrip() for line in text.replace(_SOFT_HYPHEN, "").split("\n"))


def _pages(reader: PdfReader) -> list[tuple[str, str]]:
    return [(f"page {n}", shown(page.extract_text() or "")) for n, page in enumerate(reader.pages, start=1)]


# --- page text in page order (pypdf's text positions) ------------------------------

_BAND = 2.0  # points: text within this of one baseline is one line


def _page_order(page: Any) -> str:
    """The page's text as the page shows it: lines top to bottom, each left to right."""
    pieces: list[tuple[float, float, str]] = []

    def seen(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((round(-y / _BAND), x, " ".join(text.split())))

    page.extract_text(visitor_text=seen)
    lines: dict[float, list[tuple[float, str]]] = {}
    for band, x, text in pieces:
        lines.setdefault(band, []).append((x, text))
    return "\n".join(" ".join(t for _, t in sorted(lines[band])) for band in sorted(lines))


def in_page_order(path: Path, places: Iterable[str] = ()) -> dict[str, str]:
    """Each page's text in page order, by place ("page N"), and the OCR places named in `places`
    read again in layout order (`ocr_in_order`): the verifier's check of a finding that joins
    lines the content stream (or a sparse OCR reading) happens to put side by side."""
    try:
        out = open_output(path)
    except OSError:  # no second reading by pypdf: its findings stand
        return ocr_in_order(path, places, settings().ocr)
    return _in_page_order(out, places)


def _in_page_order(out: Output, places: Iterable[str]) -> dict[str, str]:
    try:
        if out.reader is None:
            raise ValueError("not parsed")
        found = {f"page {n}": _page_order(page) for n, page in enumerate(out.reader.pages, start=1)}
    except Exception:  # a page pypdf cannot lay out: no second reading, every finding stands
        found = {}
    return found | ocr_in_order(out.path, places, settings().ocr)


# --- every object (pypdf) ----------------------------------------------------


def _reader(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")  # an owner password alone: readable (`structure` still names it)
    return reader


@dataclass(frozen=True)
class Output:
    """An output PDF opened once: its bytes and pypdf's parse of them (None: pypdf cannot parse
    it, so `read_back` fails and `structure` calls it unreadable), for every reading of it."""

    path: Path
    data: bytes
    reader: PdfReader | None


def open_output(path: Path) -> Output:
    """Read the output's bytes and parse them with pypdf, once."""
    data = path.read_bytes()
    try:
        return Output(path, data, _reader(data))
    except Exception:  # any parser failure: each reading says so in its own way
        return Output(path, data, None)


def _all_objects(reader: PdfReader) -> Iterator[Any]:
    numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
    numbers |= {(num, 0) for num in reader.xref_objStm}
    for num, gen in sorted(numbers):
        yield reader.get_object(IndirectObject(num, gen, reader))


def _strings(obj: Any, depth: int = 0) -> Iterator[str]:
    """Every string, name and stream text inside one object (not following references)."""
    if depth > 64:
        return
    if isinstance(obj, TextStringObject | NameObject):
        yield str(obj)
    elif isinstance(obj, ByteStringObject):
        yield _decode(bytes(obj))
    elif isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            yield str(key)
            yield from _strings(value, depth + 1)
        if isinstance(obj, StreamObject) and obj.get("/Subtype") != "/Image":
            yield _stream_text(obj)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            yield from _strings(value, depth + 1)


def _texty(data: bytes) -> bool:
    """Mostly printable: content, object streams, text files; not fonts, images or profiles.

    Binary streams are left out so the detectors that read these texts again do not
    wade through noise; they hold glyphs and pixels, not words.
    """
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return True  # UTF-16 text
    sample = data[:4096]
    printable = sum(1 for b in sample if 32 <= b < 127 or b in (9, 10, 13))
    return not sample or printable >= 0.85 * len(sample)


def _stream_text(stream: StreamObject) -> str:
    try:
        data = stream.get_data()
    except Exception:  # an undecodable filter: read the raw bytes instead
        data = stream._data
    data = data if isinstance(data, bytes) else str(data).encode("latin-1", "replace")
    return _as_text(data) if _texty(data) else ""


def _as_text(data: bytes) -> str:
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return data.decode("utf-16", "replace")
    return data.decode("latin-1")


def _objects(reader: PdfReader) -> list[tuple[str, str]]:
    return [(RAW, "\n".join(_strings(obj))) for obj in _all_objects(reader)]


# --- raw bytes: earlier revisions and orphans -----------------------------------


def _inflate(chunk: bytes) -> bytes:
    """The stream's bytes inflated, or as they are when not deflated."""
    try:
        return zlib.decompressobj().decompress(chunk, MAX_INFLATE)
    except zlib.error:
        return chunk


def _literals(blob: bytes) -> Iterator[bytes]:
    """PDF literal strings "( ... )" with nesting and escapes, found anywhere in `blob`."""
    i = blob.find(b"(")
    while i != -1:
        out, depth, j = bytearray(), 1, i + 1
        while j < len(blob) and depth:
            c = blob[j]
            if c == 0x5C and j + 1 < len(blob):  # backslash
                j += 1
                nxt = blob[j]
                if 0x30 <= nxt <= 0x37:
                    digits = re.match(rb"[0-7]{1,3}", blob[j:j + 3])
                    assert digits is not None
                    out.append(int(digits.group(), 8) & 0xFF)
                    j += len(digits.group()) - 1
                else:
                    out += _ESCAPES.get(nxt, bytes([nxt]))
            else:
                depth += (c == 0x28) - (c == 0x29)
                if depth:
                    out.append(c)
            j += 1
        yield bytes(out)
        i = blob.find(b"(", j)


def _hex(found: bytes) -> bytes:
    digits = re.sub(rb"\s", b"", found)
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _blob_text(blob: bytes) -> str:
    strings = [_decode(s) for s in _literals(blob)]
    strings += [_decode(_hex(m.group(1))) for m in _HEX.finditer(blob)]
    return "\n".join([_as_text(blob), *strings])


def _raw(data: bytes) -> list[tuple[str, str]]:
    """Objects outside streams, and every text-like stream, as found in the file's bytes."""
    outside = _STREAM.sub(b"stream\nendstream", data)
    found = [(RAW, _blob_text(outside))]
    for match in _STREAM.finditer(data):
        inflated = _inflate(match.group(1))
        if _texty(inflated):
            found.append((RAW, _blob_text(inflated)))
    return found


# --- metadata ------------------------------------------------------------------


def _metadata(reader: PdfReader) -> list[tuple[str, str]]:
    info = _get(reader.trailer, "/Info")
    lines = [f"{k}: {v}" for k, v in (info.items() if isinstance(info, DictionaryObject) else [])]
    xmp = _get(reader.trailer["/Root"].get_object(), "/Metadata")
    if isinstance(xmp, StreamObject):
        text = _stream_text(xmp)
        lines += [part for part in _TAG.split(text) if part.strip()]
    return [("metadata", "\n".join(lines))]


def read_back(path: Path) -> list[tuple[str, str]]:
    """Every text in the file at `path`, by place; an unreadable file raises UnsafeOutput."""
    return _read_back(open_output(path))


def _read_back(out: Output) -> list[tuple[str, str]]:
    try:
        if out.reader is None:
            raise ValueError("not parsed")
        reader = out.reader
        return _pages(reader) + _objects(reader) + _raw(out.data) + _metadata(reader)
    except Exception:  # any parser failure: the output cannot be proved clean
        raise UnsafeOutput(f"{out.path.name}: the output cannot be read back to be checked") from None


# --- structure -------------------------------------------------------------------


def _revisions(data: bytes, reader: PdfReader) -> bool:
    return data.count(b"startxref") > 1 or data.count(b"%%EOF") > 1 or "/Prev" in reader.trailer


_CATALOG = {
    "/AcroForm": "form fields", "/OpenAction": "actions", "/AA": "actions", "/Outlines": "bookmarks",
    "/PageLabels": "page labels", "/Metadata": "metadata (XMP)",
}


def _catalog(reader: PdfReader) -> Iterator[str]:
    root = reader.trailer["/Root"].get_object()
    for key, kind in _CATALOG.items():
        if _get(root, key) is not None:
            yield kind
    names = _get(root, "/Names")
    if _get(names, "/EmbeddedFiles") is not None:
        yield "embedded files"
    if _get(names, "/JavaScript") is not None:
        yield "javascript"


def _object_kind(obj: Any) -> Iterator[str]:
    if not isinstance(obj, DictionaryObject):
        return
    if "/JS" in obj or obj.get("/S") == "/JavaScript":
        yield "javascript"
    if "/EF" in obj or obj.get("/Type") in ("/EmbeddedFile", "/Filespec"):
        yield "embedded files"
    if obj.get("/Type") == "/Metadata" or obj.get("/Subtype") == "/XML":
        yield "metadata (XMP)"
    for value in obj.values():
        if isinstance(value, DictionaryObject):
            yield from _object_kind(value)


def _page_kinds(reader: PdfReader) -> Iterator[tuple[str, str]]:
    for n, page in enumerate(reader.pages, start=1):
        annots = _get(page, "/Annots")
        if annots is not None and len(annots):
            yield f"page {n}", "annotations"
        for key, kind in (("/AA", "actions"), ("/Thumb", "thumbnail")):
            if _get(page, key) is not None:
                yield f"page {n}", kind


def _info_has_text(reader: PdfReader) -> bool:
    info = _get(reader.trailer, "/Info")
    return isinstance(info, DictionaryObject) and any(str(v).strip() for v in info.values())


def _residues(data: bytes, reader: PdfReader) -> list[Residue]:
    found: list[tuple[str, str]] = []
    if _revisions(data, reader):
        found.append(("document", "earlier revisions"))
    found += [("document", kind) for kind in _catalog(reader)]
    found += [("document", kind) for obj in _all_objects(reader) for kind in _object_kind(obj)]
    found += list(_page_kinds(reader))
    if _info_has_text(reader):
        found.append(("metadata", "document info"))
    return [Residue(place, kind, "structure") for place, kind in dict.fromkeys(found)]


def structure(path: Path) -> list[Residue]:
    """What should not be in an output PDF; an unparseable file is one "unreadable" residue."""
    try:
        out = open_output(path)
    except OSError:
        return [Residue("document", "unreadable", "unreadable")]
    return _structure(out)


def _structure(out: Output) -> list[Residue]:
    try:
        if out.reader is None:
            raise ValueError("not parsed")
        if out.reader.is_encrypted:
            return [Residue("document", "encryption", "structure")]
        PDFDocument(PDFParser(io.BytesIO(out.data)))  # a second parser, on purpose
        return _residues(out.data, out.reader)
    except Exception:  # any parser failure is a residue, never a pass
        return [Residue("document", "unreadable", "unreadable")]


def inspect(path: Path) -> tuple[list[tuple[str, str]], list[Residue]]:
    """`read_back`, the OCR readings and `structure` (the verifier's one call per output)."""
    pairs, residues, _ = inspect_in_order(path)
    return pairs, residues


def inspect_in_order(path: Path) -> tuple[list[tuple[str, str]], list[Residue], InOrder]:
    """`inspect`, and the page-order reading (`in_page_order`) of the same opened output, for the
    verifier to call only when a finding joins two lines."""
    read, failed = ocr_readings(path, settings().ocr)
    out = open_output(path)
    return _read_back(out) + read, _structure(out) + failed, lambda places: _in_page_order(out, places)
