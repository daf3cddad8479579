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
from pathlib import Path

from redactor.documents import sha256_bytes
from redactor.documents.ooxml_parts import UNREAD_KINDS, kinds, parts_of
from redactor.documents.ooxml_pictures import held_problems
from redactor.documents.ooxml_segments import Built, build_segments, pictures_read
from redactor.documents.ooxml_zip import Package, open_package
from redactor.settings import Limits
from redactor.types import Document, Format, Problem, Segment

WORDS_PER_PAGE = 500
_MAX_CLAIMED_PAGES = 10_000


def load(path: Path, data: bytes, limits: Limits) -> tuple[Package, dict[str, str], list[Built]]:
    """The package, each entry's kind, and the segments with their XML maps."""
    pkg = open_package(path, data, limits)
    kind_map = kinds(pkg, path)
    return pkg, kind_map, build_segments(pkg, kind_map)


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


def read(path: Path, data: bytes, limits: Limits) -> Document:
    pkg, kind_map, built = load(path, data, limits)
    segments = tuple(b.segment for b in built)
    pages = estimate_pages(pkg, kind_map, segments)
    held = held_problems(pictures_read(pkg, kind_map))
    return Document(path, Format.DOCX, sha256_bytes(data), segments, problems(kind_map) + held, pages)
