"""Word documents (.docx): every part read safely, every place text lives.

The zip is checked before it is opened (entry count, sizes, ratios), every XML
part is parsed with a parser that resolves nothing and refuses DTDs, and the
text is read from the body, tables, text boxes, headers, footers, notes,
comments, tracked changes, hidden text, fields, properties, charts and the
package's other parts (see `ooxml_segments`). Parts whose content is not read
(embedded objects, a chart's data workbook, macros, unknown types) are reported
as problems; the redactor drops them (a chart stays, with its cached values).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from redactor.documents import sha256_bytes
from redactor.documents.ooxml_parts import UNREAD_KINDS, kinds, parts_of
from redactor.documents.ooxml_pictures import PictureRead, PictureReads, PicturesRead, held_problems
from redactor.documents.ooxml_segments import Built, build_segments, pictures_read
from redactor.documents.ooxml_zip import Package, open_package
from redactor.settings import Limits
from redactor.types import Document, Format, PagePass, Problem, Reading, Segment

WORDS_PER_PAGE = 500
_MAX_CLAIMED_PAGES = 10_000


@dataclass(frozen=True)
class Loaded:
    """An opened package: its entries, each entry's kind, the segments with their XML maps, and its
    pictures read by OCR (by part name)."""

    pkg: Package
    kind_map: dict[str, str]
    built: list[Built]
    read: PictureReads

    @property
    def pictures(self) -> dict[str, PictureRead]:
        return self.read.by_name


def load(path: Path, data: bytes, limits: Limits, known: PicturesRead | None = None) -> Loaded:
    """The package opened and read; pictures in `known` (the reader's page pass) are not read again."""
    pkg = open_package(path, data, limits)
    kind_map = kinds(pkg, path)
    pictures = pictures_read(pkg, kind_map, known)
    return Loaded(pkg, kind_map, build_segments(pkg, kind_map, pictures.by_name), pictures)


def problems(kind_map: dict[str, str]) -> tuple[Problem, ...]:
    """One problem per kind of part whose content is not read (names no file: counts only)."""
    counts = Counter(kind for kind in kind_map.values() if kind in UNREAD_KINDS)
    return tuple(
        Problem(
            "package",
            "unknown-part",
            f"{count} {UNREAD_KINDS[kind]}: content not read; redaction drops them{_KEPT.get(kind, '')}",
        )
        for kind, count in sorted(counts.items())
    )


# What stays when a kind of part is dropped.
_KEPT = {"chart-workbook": " and keeps each chart with the values it shows"}


def _claimed_pages(pkg: Package, kind_map: dict[str, str]) -> int:
    for name in parts_of(kind_map, "app"):
        for el in pkg.xml[name].iter():
            if str(el.tag).endswith("}Pages") and (el.text or "").strip().isdigit():
                return min(int((el.text or "0").strip()), _MAX_CLAIMED_PAGES)
    return 0


def estimate_pages(pkg: Package, kind_map: dict[str, str], segments: tuple[Segment, ...]) -> int:
    """Pages from the words (500 a page), or from docProps/app.xml when it claims more."""
    words = sum(len(s.text.split()) for s in segments if s.place == "body")
    return max(1, math.ceil(words / WORDS_PER_PAGE), _claimed_pages(pkg, kind_map))


def reading(path: Path, data: bytes, limits: Limits) -> Reading:
    """The document, and as its page pass the pictures OCR read (the writer clears their words)."""
    loaded = load(path, data, limits)
    segments = tuple(b.segment for b in loaded.built)
    pages = estimate_pages(loaded.pkg, loaded.kind_map, segments)
    held = held_problems(loaded.pictures)
    sha256 = sha256_bytes(data)
    document = Document(path, Format.DOCX, sha256, segments, problems(loaded.kind_map) + held, pages)
    return Reading(document, PagePass(sha256, loaded.read.keyed()))


def read(path: Path, data: bytes, limits: Limits) -> Document:
    return reading(path, data, limits).document
