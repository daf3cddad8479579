"""Redaction: turn a plan into cuts, and write a copy of the document without them.

Each format module exposes ``write(doc, cuts, out, limits, page_pass=None) -> tuple[str, ...]``
(notes of what it dropped or flattened, never content; ``formats.Writer``). The caller passes
a temporary path and renames it only after verification.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from redactor.formats import writer_for
from redactor.ruleset import Policy
from redactor.settings import Limits
from redactor.types import Cut, Document, PagePass, Plan


def _merge(spans: Sequence[Cut]) -> list[Cut]:
    # Sorted by start, longest first: a merged cut keeps the label of its first, widest span.
    cuts: list[Cut] = []
    for c in sorted(spans, key=lambda c: (c.segment, c.start, -c.end)):
        last = cuts[-1] if cuts else None
        if last and last.segment == c.segment and c.start < last.end:
            cuts[-1] = Cut(c.segment, last.start, max(last.end, c.end), last.label)
            continue
        cuts.append(c)
    return cuts


def cuts_for(plan: Plan, policy: Policy) -> tuple[Cut, ...]:
    """One cut per removed span; overlapping spans become one cut. Every other occurrence of a
    removed value is already a span of the plan (the policy's rule `converge`, the one place
    that decides it), so the redactor cuts what the plan says and nothing else."""
    spans = [Cut(f.segment, f.start, f.end, policy.label(f.kind)) for f in plan.to_remove]
    return tuple(_merge(spans))


def write(doc: Document, cuts: Sequence[Cut], out: Path, limits: Limits,
          page_pass: PagePass | None = None) -> tuple[str, ...]:  # fmt: skip
    return writer_for(doc.format).write(doc, cuts, out, limits, page_pass)
