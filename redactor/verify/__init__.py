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
from redactor.detect.learned import for_verifier
from redactor.formats import InOrder, page_order_for, verifier_for, verifier_name
from redactor.ner import NerEngine, NoNer, SplitNer
from redactor.policy import bare_value, decide
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
    segments = [Segment(place, text) for place, text in verifier_for(fmt).read_back(path)]
    return list(dict.fromkeys(_value_residues(segments, {v for v in values if len(v) >= MIN_VALUE_CHARS}, case)))


def _needs_ner(policy: Policy) -> bool:
    return "PERSON" not in policy.keep_kinds or any(r.startswith("ner/") for r in policy.redact_location_rules)


def _contextual(rules: Rules) -> frozenset[str]:
    """Rules that count only with a context word nearby ("a date near 'date of birth'")."""
    return frozenset(f"{r.name}/{p}" for r in rules.recognizers for p in r.context_required_for)


def _detector_findings(segments: Sequence[Segment], case: CaseFile, reader: str, rules: Rules,
                       removed: set[str], ner: NerEngine = SplitNer()) -> list[Finding]:  # fmt: skip
    """What the detectors and the policy would remove from the output.

    A hold (a misdirected letter) is judged, not a residue. A finding that rests only on a context
    word counts when its value was removed from the input: cutting a value moves the words around
    it ("born [withheld]" now sits one short line above the next entry's date), and that move is
    not a leak of anything the input held in that context.
    """
    findings = find_in_segments(segments, case, rules, ner if _needs_ner(rules.policy) else NoNer(), for_verifier())
    plan = decide(findings, segments, case, reader, rules)
    contextual = _contextual(rules)

    def counts(f: Finding) -> bool:
        moved = f.rule.removeprefix("converge/") in contextual and normalise(f.text)[0] not in removed
        return f.decision in (Decision.REDACT, Decision.REVIEW) and f.kind not in HOLD_KINDS and not moved

    return [f for f in plan.findings if counts(f)]


def _across_lines(f: Finding) -> bool:
    return "\n" in f.text.strip()


def _in_order(findings: list[Finding], segments: Sequence[Segment],
              in_order: InOrder | None) -> tuple[list[Finding], list[Segment]]:  # fmt: skip
    """Findings that join two lines count only where the lines stand together on the page.

    A reader that follows the content stream puts lines next to each other that the page
    shows apart (a form's labels, a rotated block): "radio button 3" then "Thick green
    border" reads as a numbered street. A format with a second reading of its places in
    page order (`in_page_order`) confirms such a finding there; one it lacks is not a residue.
    A sparse OCR reading does the same with columns side by side; the OCR places are read again
    in layout order. The lines of such an OCR finding that is not confirmed are returned, each as
    a place of its own, to be searched through again: what they hold alone still counts ("41
    Wharf Street" of an address the sparse reading joined to the next column's line).
    """
    joined = [f for f in findings if _across_lines(f)]
    if not joined or in_order is None:
        return findings, []
    other = in_order({segments[f.segment].place for f in joined})
    standing = [f for f in findings if not _across_lines(f) or _stands_in(f.text, other.get(segments[f.segment].place))]
    lines = dict.fromkeys((segments[f.segment].place, line) for f in joined
                          if f not in standing and "(OCR)" in segments[f.segment].place
                          for line in _lines_of(segments[f.segment].text, f.start, f.end))  # fmt: skip
    return standing, [Segment(place, line) for place, line in lines]


def _lines_of(text: str, start: int, end: int) -> list[str]:
    """The whole lines of `text` that the span [start, end) touches."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return [line for line in text[first:len(text) if last < 0 else last].split("\n") if line.strip()]


def _stands_in(value: str, text: str | None) -> bool:
    if text is None:
        return True  # no second reading of this place: the finding stands
    return normalise(value)[0] in normalise(text)[0]


def _place_of(f: Finding) -> str:
    return f.location.rsplit(", line ", 1)[0]


def _reading_of(place: str) -> str:
    """The place the check read: an image of a scanned page read on its own counts as that
    page's OCR reading ("page 2 (OCR), image 1" -> "page 2 (OCR)")."""
    return place.split(", image ", 1)[0]


def _not_kept(findings: list[Finding], segments: Sequence[Segment], plan: Plan, removed: set[str]) -> list[Finding]:
    """Findings in text the check read at the same place and the policy kept do not count.

    The two readings differ in small ways (a space before a line break, a soft hyphen), and
    the detectors resolve overlaps on what they read: "work in the United States" is a
    kept place name (NER) in one reading and a workplace (a pattern) in the other. The check
    saw that very text there and decided; the redactor did what it decided. Nor do the copies
    that rule converge made of such a finding elsewhere ("United" of "United Parcel Service" on
    another page): they repeat a value only because the verifier's reading found it where the
    check kept it. A copy counts as soon as its value is also found on its own anywhere the
    check did not keep it, or the check removed that value. What the check never saw, and every
    removed value, still count.
    """
    kept: dict[str, list[str]] = {}
    for f in plan.findings:
        if f.decision == Decision.KEEP:
            kept.setdefault(_place_of(f), []).append(normalise(f.text)[0])

    def seen_kept(f: Finding) -> bool:
        return _seen_kept(normalise(f.text)[0], kept.get(_reading_of(segments[f.segment].place), []))

    dismissed = {f for f in findings if seen_kept(f)}
    origins = [f for f in findings if f.detector != "converge"]
    standing = {bare_value(f.text) for f in origins if f not in dismissed}
    echoed = {bare_value(f.text) for f in origins if f in dismissed} - standing - removed
    return [f for f in findings if f not in dismissed
            and not (f.detector == "converge" and bare_value(f.text) in echoed)]


def _seen_kept(value: str, kept: list[str]) -> bool:
    return bool(value) and any(value in text for text in kept)


def _inspect(out: Path, fmt: str) -> tuple[list[tuple[str, str]], list[Residue], InOrder | None]:
    """The verifier's readings of `out`, and its page-order reading of the same opened output."""
    pages = page_order_for(fmt)
    if pages is not None:
        return pages.inspect_in_order(out)
    pairs, structural = verifier_for(fmt).inspect(out)
    return pairs, structural, None


def verify(out: Path, fmt: str, plan: Plan, case: CaseFile, rules: Rules, ner: NerEngine = SplitNer()) -> Verification:
    pairs, structural, in_order = _inspect(out, fmt)
    segments = [Segment(place, text) for place, text in pairs]
    values = {normalise(f.text)[0] for f in plan.to_remove}
    values = {v for v in values if len(v) >= MIN_VALUE_CHARS}
    residues = _value_residues(segments, values, case) + list(structural)
    readable = [s for s in segments if not _is_raw(s.place, s.text)]
    found = _not_kept(_detector_findings(readable, case, plan.reader, rules, values, ner), readable, plan, values)
    found, again = _in_order(found, readable, in_order)
    residues += [Residue(readable[f.segment].place, f.kind, "detector") for f in found]
    if again:  # the lines of joined findings not confirmed, each alone
        found = _not_kept(_detector_findings(again, case, plan.reader, rules, values, ner), again, plan, values)
        residues += [Residue(again[f.segment].place, f.kind, "detector") for f in found]
    unique = tuple(dict.fromkeys(residues))
    return Verification(verifier_name(fmt), unique, len(segments))
