"""Redaction: turn a plan into cuts, and write a copy of the document without them.

Each format module exposes ``write(doc: Document, cuts: Sequence[Cut], out: Path)
-> tuple[str, ...]`` (notes of what it dropped or flattened, never content). The
caller passes a temporary path and renames it only after verification.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from redactor.formats import module_for
from redactor.ruleset import Policy
from redactor.types import Cut, Document, Finding, Plan


def _merge(findings: Sequence[Finding], policy: Policy) -> list[Cut]:
    # Sorted by start, longest first: a merged cut keeps the label of its first, widest finding.
    cuts: list[Cut] = []
    for f in sorted(findings, key=lambda f: (f.segment, f.start, -f.end)):
        last = cuts[-1] if cuts else None
        if last and last.segment == f.segment and f.start < last.end:
            cuts[-1] = Cut(f.segment, last.start, max(last.end, f.end), last.label)
            continue
        cuts.append(Cut(f.segment, f.start, f.end, policy.label(f.kind)))
    return cuts


def cuts_for(plan: Plan, policy: Policy) -> tuple[Cut, ...]:
    """One cut per removed span; overlapping findings become one cut."""
    return tuple(_merge(plan.to_remove, policy))


def write(doc: Document, cuts: Sequence[Cut], out: Path) -> tuple[str, ...]:
    notes: tuple[str, ...] = module_for("redact", doc.format).write(doc, cuts, out)
    return notes
