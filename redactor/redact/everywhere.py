"""A value removed anywhere is removed everywhere it occurs, before anything is written.

The verifier searches the output for every removed value, in every place and written
any way (other spacing, case, line breaks: `detect.known.normalise`). A value the
detectors found and the policy removed at one spot ("Brazil" after "lives in") may
stand elsewhere in the same document where the policy, reading that spot alone, kept
it; left there, the verifier finds it and the output is refused. So the cuts cover
every occurrence the verifier would find: the same values, the same matching, the same
allow list, over every place of the document (each page and part, each reading).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from redactor.casefile import CaseFile
from redactor.detect.known import bounded, normalise, spans_of
from redactor.policy import allowed_in
from redactor.ruleset import Policy
from redactor.types import Cut, Finding, Segment

# Values shorter than this are not searched for (the verifier's own floor: noise).
MIN_VALUE_CHARS = 4


@dataclass(frozen=True)
class Value:
    """One removed value, normalised, and the label its cuts carry."""

    norm: str
    label: str


def removed_values(findings: Iterable[Finding], policy: Policy) -> list[Value]:
    """Each distinct removed value once, longest first (a longer value's label wins)."""
    seen: dict[str, str] = {}
    for f in sorted(findings, key=lambda f: -len(f.text)):
        norm = normalise(f.text)[0]
        if len(norm) >= MIN_VALUE_CHARS:
            seen.setdefault(norm, policy.label(f.kind))
    return [Value(norm, label) for norm, label in seen.items()]


def _counts(segment: Segment, start: int, end: int, allowed: list[tuple[int, int]]) -> bool:
    """Whole words, not allow-listed, and in a second reading (a page read by column) only
    where it runs across a line break the first reading lacks (the rest the first has)."""
    if not bounded(segment.text, start, end) or any(a <= start < b for a, b in allowed):
        return False
    return not segment.joins or any(start < j < end for j in segment.joins)


def _in_segment(index: int, segment: Segment, values: Sequence[Value], case: CaseFile) -> list[Cut]:
    normed, offsets = normalise(segment.text)
    allowed = allowed_in(normed, offsets, case)
    return [
        Cut(index, start, end, value.label)
        for value in values
        for start, end in spans_of(value.norm, normed, offsets)
        if _counts(segment, start, end, allowed)
    ]


def occurrences(segments: Sequence[Segment], findings: Iterable[Finding], case: CaseFile,
                policy: Policy) -> list[Cut]:  # fmt: skip
    """A cut for every occurrence of every removed value, in every segment."""
    values = removed_values(findings, policy)
    if not values:
        return []
    return [cut for index, segment in enumerate(segments) for cut in _in_segment(index, segment, values, case)]
