"""Plain text: each cut replaced by a label such as "[address withheld]"."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from redactor.types import Cut, Document


def apply_cuts(text: str, cuts: Sequence[Cut]) -> str:
    out, pos = [], 0
    for cut in sorted(cuts, key=lambda c: c.start):
        out += [text[pos : cut.start], f"[{cut.label}]"]
        pos = max(pos, cut.end)
    return "".join(out) + text[pos:]


def write(doc: Document, cuts: Sequence[Cut], out: Path) -> tuple[str, ...]:
    texts = [apply_cuts(seg.text, [c for c in cuts if c.segment == i]) for i, seg in enumerate(doc.segments)]
    out.write_text("".join(texts), encoding="utf-8")
    return ()
