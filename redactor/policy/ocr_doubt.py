"""Doubtful OCR readings: a phone number read only partly, a protected detail read only partly.

OCR misreads digits as letters ("O77OO 9OO46l"), drops one, or reads a speck as "|"; the
detectors then miss what a person still reads in the picture. Two answers, both pure
functions over what the check already has:

- `partial_phones`: a run of digits and digit-like letters in a phone number's shape, in
  a place read by OCR, is a doubtful span of its own (kind PHONE, rule `ocr/partial-phone`,
  a score under the policy's review floor): the policy removes it and a person must look.
  The span is the run's whole words (a table cell holding the number goes with it).
- `partial_values`: a protected detail of the case file that an OCR line holds with one or
  two characters wrong, where no removed finding covers it, holds the document (problem
  `ocr-partial-value`, naming the place, never the value).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from redactor.types import Decision, DetectorKind, Explanation, Finding, Plan, Problem, Segment

RULE = "ocr/partial-phone"
SCORE = 0.4  # under `review_below_score`: a doubtful span goes to review, never silently
HOLD_CODE = "ocr-partial-value"
REVIEW_CODE = "ocr-partial-phone"
_LOOKALIKE = str.maketrans("OoDQIl|!SsBZz", "0000111155822")
_DIGITISH = "0-9OoDQIl|!SsBZz"
# A phone number starts with 0 (or something read for it) or +; "|" and "!" at an end are a table's rules.
_RUN = re.compile(rf"(?<![\w+])(?:\+|[0OoDQ])(?:[{_DIGITISH}]|[ \-.()](?=[{_DIGITISH}(])){{7,20}}(?![\w])")
_EDGE = " |!"
MIN_DIGITS, MAX_DIGITS = 9, 13
MIN_REAL_DIGITS = 5
MIN_VALUE_CHARS = 6  # shorter protected values are not matched loosely (too many near misses)


def is_ocr_place(place: str) -> bool:
    """A place whose text OCR read: a scanned page, or a picture in a Word package."""
    return place.endswith(" (OCR)") or place.startswith("picture text (")


def _phone_shaped(run: str) -> bool:
    """Digits (some read as letters, or one lost) in the shape of a UK or +44 number."""
    mapped = "".join(c for c in run.translate(_LOOKALIKE) if c.isdigit())
    real = sum(c.isdigit() for c in run)
    look = sum(c.isalpha() or c in "|!" for c in run)
    if not MIN_DIGITS <= len(mapped) <= MAX_DIGITS or real < MIN_REAL_DIGITS or not mapped.startswith(("0", "44")):
        return False
    lost_digit = mapped.startswith("07") and len(mapped) == 10
    return look > 0 or lost_digit


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _covered(found: Sequence[Finding], index: int, start: int, end: int) -> bool:
    return any(f.segment == index and f.start < end and start < f.end and f.kind == "PHONE" for f in found)


def partial_phones(segments: Sequence[Segment], found: Sequence[Finding]) -> list[Finding]:
    """A doubtful span for each phone-shaped run in an OCR place that no PHONE finding covers."""
    doubtful = []
    for index, seg in enumerate(segments):
        if not is_ocr_place(seg.place):
            continue
        for m in _RUN.finditer(seg.text):
            run = m.group().rstrip(_EDGE)
            start, end = _whole_words(seg.text, m.start(), m.start() + len(run))
            if _phone_shaped(run) and not _covered(found, index, start, end):
                why = Explanation(DetectorKind.OCR, RULE, SCORE,
                                  note="digits in a phone number's shape, partly read by OCR")
                doubtful.append(Finding("PHONE", seg.text[start:end], index, start, end, DetectorKind.OCR, RULE, SCORE,
                                        why, seg.location(start)))  # fmt: skip
    return doubtful


def _best_end(needle: str, text: str) -> tuple[int, int]:
    """(edit distance, end) of the substring of `text` closest to `needle` (Sellers' algorithm)."""
    row = list(range(len(needle) + 1))
    best = (row[-1], 0)
    for j, ch in enumerate(text, start=1):
        prev, row[0] = row[0], 0
        for i, want in enumerate(needle, start=1):
            prev, row[i] = row[i], min(row[i] + 1, row[i - 1] + 1, prev + (want != ch))
        if row[-1] <= best[0]:
            best = (row[-1], j)  # the last end of the closest reading: it reads the most of the needle
    return best


def _best_span(needle: str, text: str) -> tuple[int, int, int]:
    """(edit distance, start, end) of the substring of `text` closest to `needle`."""
    distance, end = _best_end(needle, text)
    _, length = _best_end(needle[::-1], text[:end][::-1])
    return distance, end - length, end


def _windows(needle: str, normed: str) -> list[tuple[int, int]]:
    """Stretches of `normed` sharing at least two of the needle's trigrams (one or two wrong
    characters leave that many whole): only there is the quadratic search run."""
    n = len(needle)
    grams = {needle[i:i + 3]: i for i in range(n - 2)}
    hits = sorted((i, g) for i in range(len(normed) - 2) if (g := normed[i:i + 3]) in grams)
    windows: list[tuple[int, int]] = []
    for pos, gram in hits:
        nearby = {g for p, g in hits if abs(p - pos) <= n}
        if len(nearby) < 2:
            continue
        start, stop = max(0, pos - grams[gram] - 2), min(len(normed), pos - grams[gram] + n + 2)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], stop))
        else:
            windows.append((start, stop))
    return windows


def near_misses(needle: str, normed: str) -> list[tuple[int, int]]:
    """The spans (in `normed`) of readings of `needle` one or two characters wrong, less as many
    characters at each end (a wrong character there may be a neighbour's: "n 07700 900461" is
    "+44 7700 900461" two characters wrong)."""
    allowed = 1 if len(needle) < 12 else 2
    spans = []
    for start, stop in _windows(needle, normed):
        distance, first, end = _best_span(needle, normed[start:stop])
        if 0 < distance <= allowed and end - first > 2 * allowed:
            spans.append((start + first + allowed, start + end - allowed))
    return spans


def _removed_over(plan: Plan, index: int, start: int, end: int) -> bool:
    removing = (Decision.REDACT, Decision.REVIEW)
    spans = sorted((f.start, f.end) for f in plan.findings if f.segment == index and f.decision in removing)
    pos = start
    for a, b in spans:
        if a <= pos < b:
            pos = b
    return pos >= end


def partial_values(plan: Plan, segments: Sequence[Segment], values: Iterable[tuple[str, str]]) -> list[Problem]:
    """A hold for each OCR place holding a protected value (kind, normalised text) read only
    partly and not wholly removed by the plan."""
    from redactor.detect.known import normalise

    wanted = [(kind, v) for kind, v in values if len(v) >= MIN_VALUE_CHARS]
    held: dict[str, Problem] = {}
    for index, seg in enumerate(segments):
        if not is_ocr_place(seg.place) or seg.place in held:
            continue
        normed, offsets = normalise(seg.text)
        for kind, value in wanted:
            spans = [(offsets[a], offsets[b - 1] + 1) for a, b in near_misses(value, normed)]
            if any(not _removed_over(plan, index, a, b) for a, b in spans):
                held[seg.place] = Problem(seg.place, HOLD_CODE, _held_reason(seg.place, kind))
                break
    return list(held.values())


def _held_reason(place: str, kind: str) -> str:
    return f"{place} holds a protected {kind.lower()} that OCR read only partly: the document is held"


def review_problems(plan: Plan, segments: Sequence[Segment]) -> list[Problem]:
    """One note per place whose partly read phone number is removed and must be looked at."""
    places = dict.fromkeys(segments[f.segment].place for f in plan.findings
                           if f.rule == RULE and f.decision in (Decision.REDACT, Decision.REVIEW))  # fmt: skip
    return [Problem(place, REVIEW_CODE, f"{place}: OCR read a phone number only partly; it is removed and "
                    "a person must look") for place in places]  # fmt: skip


def with_doubts(plan: Plan, segments: Sequence[Segment], values: Iterable[tuple[str, str]]) -> Plan:
    """The plan with the notes and holds of doubtful OCR readings among its problems."""
    extra = review_problems(plan, segments) + partial_values(plan, segments, values)
    return replace(plan, problems=(*plan.problems, *extra)) if extra else plan
