"""Independent verification of a redacted output.

The output is read again from scratch by a reader that shares nothing with the
redactor (verify/pdf.py: pypdf, plus pdfminer.six to parse; verify/docx.py: the raw XML of
every part; plain text: the bytes), then searched for every removed value in every
written form and run through the detectors and the policy again. Residues name a
place and a kind, never the value.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from redactor.casefile import CaseFile
from redactor.detect import find_in_segments
from redactor.detect.known import allowed_in, bounded, normalise, spans_of
from redactor.formats import module_for
from redactor.policy import decide
from redactor.ruleset import Policy, Rules
from redactor.types import HOLD_KINDS, Decision, Finding, Plan, Residue, Segment, Verification

MIN_VALUE_CHARS = 4


def _is_raw(place: str, text: str) -> bool:
    """Raw object dumps and binary parts: searched for values, not re-detected (noise)."""
    if place.startswith("raw") or not text:
        return True
    printable = sum(1 for c in text[:4000] if c.isprintable() or c in "\n\t")
    return printable < 0.9 * min(len(text), 4000)


def _value_found(seg: Segment, value: str, normed: str, offsets: list[int],
                 allowed: list[tuple[int, int]]) -> bool:  # fmt: skip
    return any(bounded(seg.text, start, end) and not any(a <= start < b for a, b in allowed)
               for start, end in spans_of(value, normed, offsets))  # fmt: skip


def _value_residues(segments: Sequence[Segment], values: set[str], case: CaseFile) -> list[Residue]:
    residues = []
    for seg in segments:
        normed, offsets = normalise(seg.text)  # once per place, for the allow list and every value
        allowed = allowed_in(normed, offsets, case)
        residues += [Residue(seg.place, "removed value", "known value")
                     for value in values if _value_found(seg, value, normed, offsets, allowed)]  # fmt: skip
    return residues


def hidden_residues(path: Path, fmt: str, values: set[str], case: CaseFile) -> list[Residue]:
    """Where any of `values` (normalised) stands in the file's raw content, read independently."""
    segments = [Segment(place, text) for place, text in module_for("verify", fmt).read_back(path)]
    return list(dict.fromkeys(_value_residues(segments, {v for v in values if len(v) >= MIN_VALUE_CHARS}, case)))


def _needs_ner(policy: Policy) -> bool:
    return "PERSON" not in policy.keep_kinds or any(r.startswith("ner/") for r in policy.redact_location_rules)


def _contextual(rules: Rules) -> frozenset[str]:
    """Rules that count only with a context word nearby ("a date near 'date of birth'")."""
    return frozenset(f"{r.name}/{p}" for r in rules.recognizers for p in r.context_required_for)


def _detector_residues(segments: Sequence[Segment], case: CaseFile, reader: str, rules: Rules,
                       removed: set[str]) -> list[Residue]:  # fmt: skip
    """What the detectors and the policy would remove from the output.

    A finding that rests only on a context word counts when its value was removed from the input:
    cutting a value moves the words around it ("born [withheld]" now sits one short line above the
    next entry's date), and that move is not a leak of anything the input held in that context.
    """
    findings = find_in_segments(segments, case, rules, use_ner=_needs_ner(rules.policy))
    plan = decide(findings, segments, case, reader, rules.policy)
    contextual = _contextual(rules)
    def moved(f: Finding) -> bool:
        return f.rule.removeprefix("converge/") in contextual and normalise(f.text)[0] not in removed

    def counts(f: Finding) -> bool:  # a hold (a misdirected letter) is judged, not a residue
        return f.decision in (Decision.REDACT, Decision.REVIEW) and f.kind not in HOLD_KINDS and not moved(f)

    return [Residue(segments[f.segment].place, f.kind, "detector") for f in plan.findings
            if counts(f)]  # fmt: skip


def verify(out: Path, fmt: str, plan: Plan, case: CaseFile, rules: Rules) -> Verification:
    module = module_for("verify", fmt)
    pairs, structural = module.inspect(out)
    segments = [Segment(place, text) for place, text in pairs]
    values = {normalise(f.text)[0] for f in plan.to_remove}
    values = {v for v in values if len(v) >= MIN_VALUE_CHARS}
    residues = _value_residues(segments, values, case) + list(structural)
    readable = [s for s in segments if not _is_raw(s.place, s.text)]
    residues += _detector_residues(readable, case, plan.reader, rules, values)
    unique = tuple(dict.fromkeys(residues))
    return Verification(module.__name__.rsplit(".", 1)[-1], unique, len(segments))
