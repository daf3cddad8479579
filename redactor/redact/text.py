"""Plain text: each cut replaced by a label such as "[address withheld]"."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from redactor.settings import Limits
from redactor.types import Cut, Document, PagePass


def apply_cuts(text: str, cuts: Sequence[Cut]) -> str:
    out, pos = [], 0
    for cut in sorted(cuts, key=lambda c: c.start):
        out += [text[pos : cut.start], f"[{cut.label}]"]
        pos = max(pos, cut.end)
    return "".join(out) + text[pos:]


def write(doc: Document, cuts: Sequence[Cut], out: Path, limits: Limits,
          page_pass: PagePass | None = None) -> tuple[str, ...]:  # fmt: skip
    """Write the text without ``cuts`` (nothing to open, so ``limits`` and ``page_pass`` go unused)."""
    texts = [apply_cuts(seg.text, [c for c in cuts if c.segment == i]) for i, seg in enumerate(doc.segments)]
    out.write_text("".join(texts), encoding="utf-8")
    return ()
