"""Support for tests/test_quality_*.py: detect as `check` does, judge spans as `eval` does."""

from __future__ import annotations

from functools import cache

from redactor.casefile import CaseFile, parse_case
from redactor.detect import find_in_segments
from redactor.evaluate import Span, intervals, left_over, spans_of
from redactor.types import Finding, Segment

# Kinds that remove a span in a domestic-abuse document (names are kept by default).
LOCATING = frozenset({
    "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "LOCATION", "SCHOOL", "WORKPLACE", "VEHICLE_REG",
    "NHS_NUMBER", "NI_NUMBER", "DATE_OF_BIRTH",
})  # fmt: skip

BARE_CASE = "case_id: T-1\nparties:\n  - id: reader\n    name: Sam Reader\n"


@cache
def case(text: str = BARE_CASE) -> CaseFile:
    return parse_case(text.encode())


def detect(text: str, case_text: str = BARE_CASE) -> tuple[Segment, tuple[Finding, ...]]:
    """All findings in `text`, NER included, as the pipeline finds them."""
    segment = Segment("text", text)
    return segment, find_in_segments([segment], case(case_text))


def only_span(segment: Segment, phrase: str) -> Span:
    spans = spans_of([segment], phrase)
    assert len(spans) == 1, f"{phrase!r} should occur once in the test text"
    return spans[0]


def uncovered(text: str, phrase: str, kind: str, case_text: str = BARE_CASE) -> str:
    """What of `phrase` survives the findings: '' when caught whole with `kind` among them."""
    segment, findings = detect(text, case_text)
    span = only_span(segment, phrase)
    removing = [f for f in findings if f.kind in LOCATING or f.kind == kind]
    touching = {f.kind for f in removing if f.start < span.end and span.start < f.end}
    left = left_over([segment], span, intervals(removing))
    if kind not in touching:
        return left or f"(covered, but not as {kind}: {sorted(touching)})"
    return left


def touched_by(text: str, phrase: str) -> list[tuple[str, str]]:
    """Findings of locating kinds that touch any letter or digit of `phrase`."""
    segment, findings = detect(text)
    span = only_span(segment, phrase)
    whole = left_over([segment], span, {})
    return [(f.kind, f.text) for f in findings
            if f.kind in LOCATING and left_over([segment], span, intervals([f])) != whole]  # fmt: skip
