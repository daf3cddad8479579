"""Detection: every detector over every segment, combined into one list of findings.

Detectors: rule patterns (rules/recognizers.yaml), NER (the engine passed in: spaCy
through Presidio, models/ner.yaml, see redactor.ner), the case file's known details, and
protected-party markers.
A detector that fails aborts the run (fail closed); it is never skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from redactor.casefile import CaseFile
from redactor.detect import address, known, markers, patterns
from redactor.detect.address_shape import Walker
from redactor.ner import NerEngine, SplitNer
from redactor.ruleset import Rules, load_rules
from redactor.types import Document, Finding, Segment

PRIORITY = {"known": 0, "marker": 1, "pattern": 2, "ner": 3}
VAGUE_KINDS = ("LOCATION", "PERSON")  # on the same span, a specific kind wins


def _contains(outer: Finding, inner: Finding) -> bool:
    return outer.segment == inner.segment and outer.start <= inner.start and inner.end <= outer.end


def resolve(findings: Sequence[Finding]) -> list[Finding]:
    """Drop findings that another covers, keeping known details and markers for their party, and a
    specific kind that only a vague NER span covers ("the Brockholes Nature Reserve" taken by NER for
    a place in passing must not swallow the workplace the rules found inside it)."""
    ordered = sorted(findings, key=lambda f: (f.segment, f.start, -(f.end - f.start), PRIORITY[f.detector],
                                              f.kind in VAGUE_KINDS))  # fmt: skip
    kept: list[Finding] = []
    for f in ordered:
        covering = [k for k in kept[-8:] if _contains(k, f)]
        vague_only = f.kind not in VAGUE_KINDS and all(k.kind in VAGUE_KINDS and k.detector == "ner" for k in covering)
        if covering and not vague_only and (f.detector not in ("known", "marker")
                                            or any(k.detector == f.detector for k in covering)):  # fmt: skip
            continue
        kept.append(f)
    return kept


def _rule_findings(rules: Rules, needles: tuple[known.Needle, ...], walker: Walker, case: CaseFile,
                   index: int, text: str) -> list[Finding]:  # fmt: skip
    part_rules = frozenset(r.name for r in rules.recognizers if r.role == "part")
    normalised = known.normalise(text)  # once, for the allowed addresses and the known details
    fences = known.allowed_in(*normalised, case) if case.allow else []
    found = address.assemble(text, patterns.scan(rules, index, text), part_rules, walker.names_as_written, walker,
                             fences)  # fmt: skip
    return found + known.scan(needles, index, text, normalised) + markers.scan(rules, index, text)


def _adds(f: Finding, segments: Sequence[Segment]) -> bool:
    """False for a finding in a second reading that the first reading has too."""
    joins = segments[f.segment].joins
    return not joins or any(f.start < j < f.end for j in joins)


def _ner(segments: Sequence[Segment], ner: NerEngine) -> list[Finding]:
    per_text = ner.scan_many([s.text for s in segments])
    return [replace(f, segment=i) for i, found in enumerate(per_text) for f in found]


def find_in_segments(segments: Sequence[Segment], case: CaseFile, rules: Rules | None = None,
                     ner: NerEngine = SplitNer()) -> tuple[Finding, ...]:  # fmt: skip
    """All findings in `segments`; `ner` finds the named entities (`NoNer()`: none)."""
    rules = rules or load_rules()
    needles = known.needles(case, rules.policy.conceal_name_marker)
    walker = Walker(rules.addresses, frozenset(n for p in case.parties for n in p.names))
    found: list[Finding] = []
    for index, segment in enumerate(segments):
        found += _rule_findings(rules, needles, walker, case, index, segment.text)
    found += _ner(segments, ner)
    located = [replace(f, location=segments[f.segment].location(f.start)) for f in found if _adds(f, segments)]
    return tuple(resolve(located))


def find(document: Document, case: CaseFile, rules: Rules | None = None,
         ner: NerEngine = SplitNer()) -> tuple[Finding, ...]:  # fmt: skip
    """All findings in a document, sorted by place, without findings another one covers."""
    return find_in_segments(document.segments, case, rules, ner)
