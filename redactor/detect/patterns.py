"""Run the rule-based recognizers of rules/recognizers.yaml over text.

Presidio's recognizer YAML is the data format; matching uses the `regex` module
directly because Presidio's PatternRecognizer skips a timed-out pattern silently
(fail open). Here a timeout aborts the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import regex

from redactor.detect.validators import validators
from redactor.errors import InternalError
from redactor.ruleset import Recognizer, Rules
from redactor.types import DetectorKind, Explanation, Finding

TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Compiled:
    recognizer: Recognizer
    pattern_name: str
    score: float
    compiled: regex.Pattern[str]
    context: regex.Pattern[str] | None
    needs_context: bool
    rivals: regex.Pattern[str] | None = None
    validate: Callable[[str], bool] | None = None

    @property
    def rule(self) -> str:
        return f"{self.recognizer.name}/{self.pattern_name}"


def _context_regex(words: tuple[str, ...]) -> regex.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(regex.escape(w) for w in words)
    return regex.compile(rf"\b(?:{alternatives})\b", regex.IGNORECASE)


def _compile(rec: Recognizer, checks: dict[str, Callable[[str], bool]]) -> list[Compiled]:
    flags = regex.MULTILINE | (regex.IGNORECASE if rec.ignore_case else 0)
    if rec.validator and rec.validator not in checks:
        raise InternalError(f"rules: recognizer {rec.name} names unknown validator {rec.validator}")
    return [
        Compiled(
            rec,
            p.name,
            p.score,
            regex.compile(p.regex, flags),
            _context_regex(rec.context),
            p.name in rec.context_required_for,
            _context_regex(rec.context_rivals),
            checks[rec.validator] if rec.validator else None,
        )
        for p in rec.patterns
    ]


def compile_rules(rules: Rules) -> tuple[Compiled, ...]:
    """Every pattern of every recognizer, compiled (`regex` keeps compiled patterns itself, so
    the detector of a second operation reuses them)."""
    checks = validators(rules.words)
    return tuple(c for rec in rules.recognizers for c in _compile(rec, checks))


SHORT_LINE = 80
TABLE_LINES = 8
CELL_SPLIT = regex.compile(r"[ \t]*\|[ \t]*")


def _line_at(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, end if end >= 0 else len(text)


def _lines_above(text: str, line_start: int, count: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    end = line_start - 1
    while end >= 0 and len(lines) < count:
        start = text.rfind("\n", 0, end) + 1
        lines.append((start, end))
        end = start - 1
    return lines


def _header_cell(text: str, line: tuple[int, int], start: int) -> str:
    """For a "a | b | c" table row, the heading cell (top row of the table) above the match."""
    column = len(CELL_SPLIT.findall(text, line[0], start))
    top: list[str] = []
    for above in _lines_above(text, line[0], TABLE_LINES):
        cells = CELL_SPLIT.split(text[above[0] : above[1]])
        if len(cells) < 2:
            break
        top = cells
    return top[column] if column < len(top) else ""


# A value already written (a date, a year, a number): the label before it belongs to that value,
# and a heading line that holds one is a line of values, not a heading.
VALUE = regex.compile(r"\d[/.\-]\d|\d{3,}")
# A lowercase word after a value starts a new clause ("DOB 1/2/2015, seen on 3/4/2025"): the label
# of the next value is what follows it. A list of values ("Leah 1/2/2015 and Sam 3/4/2019") is not.
CLAUSE_WORD = regex.compile(r"\b(?!(?:and|or|aged?|then)\b)\p{Ll}{3,}")
SENTENCE_BREAK = regex.compile(r"[.;!?][ \t]+(?=[\p{Lu}(\"“])|\b(?:and|but|then|when|while|after|before|until)[ \t]+")
PROSE_WORDS = 5
BARE_VALUE = regex.compile(r"[\d/.\-–, \t]+|\d{1,2}(?:st|nd|rd|th)?[ \t]+\p{L}+,?[ \t]+\d{4}")


def _label_before(prefix: str) -> str:
    """The label of a value from the words before it on its line: after the last value when a new
    clause follows it ("DOB 1/2/15, NHS number "), after the last sentence break or conjunction
    ("born early and on "), and with a colon the words before the last one ("Name: Ann  DOB: ")."""
    values = list(VALUE.finditer(prefix))
    last = values[-1] if values else None
    if last is not None and CLAUSE_WORD.search(prefix, last.end()):
        prefix = prefix[last.end() :]
    breaks = list(SENTENCE_BREAK.finditer(prefix))
    if breaks:
        prefix = prefix[breaks[-1].end() :]
    if ":" in prefix:
        cells = prefix.split(":")
        return cells[-2] if cells[-1].strip() == "" or last is not None else ":".join(cells[-2:])
    return " ".join(prefix.split()[-PROSE_WORDS:])  # in prose, only the words right before it


def _is_heading(line: str) -> bool:
    return (len(line) <= SHORT_LINE and not line.rstrip().endswith((".", ")", "!", "?", ":", ";"))
            and not VALUE.search(line))  # fmt: skip


def _is_rival(c: Compiled, line: str) -> bool:
    return bool(c.rivals and c.rivals.search(line) and not (c.context and c.context.search(line)))


def _cell_context(text: str, start: int, end: int, c: Compiled) -> str:
    """The text that may label a value: the words before it on its line; for a table row, its
    column's heading; for a value alone on its line (a cell), the short lines above it back to
    one holding another labelled value; for a row with no label, a short heading line right above
    (PDF tables lose their columns), never a line of values nor one that ends a sentence."""
    line = _line_at(text, start)
    prefix = text[line[0] : start]
    if "|" in prefix:
        return _header_cell(text, line, start)
    if ":" in prefix:
        return _label_before(prefix)
    above = _lines_above(text, line[0], TABLE_LINES)
    if not prefix.strip() and not text[end : line[1]].strip():
        short: list[str] = []
        for a in above:
            cell = text[a[0] : a[1]]
            if len(cell) > SHORT_LINE or (VALUE.search(cell) and not BARE_VALUE.fullmatch(cell.strip())):
                break
            if not short and _is_rival(c, cell):
                return cell  # its own label, right above it
            short.append(cell)
        return " ".join(short)
    heading = text[above[0][0] : above[0][1]] if above else ""
    label = _label_before(prefix)
    if not CLAUSE_WORD.search(prefix) and _is_heading(heading):  # a table row under its heading
        return label + " " + heading
    return label


def _context_word(c: Compiled, text: str, start: int, end: int) -> str | None:
    """The rule's context word seen by the match (in lower case: a word of the rule, not of the text)."""
    if c.context is None:
        return None
    if c.recognizer.context_side == "line":
        seen = c.context.search(_cell_context(text, start, end, c))
    else:
        window = c.recognizer.context_window
        after = end if c.recognizer.context_side == "before" else min(len(text), end + window)
        seen = c.context.search(text, max(0, start - window), after)
    return seen.group(0).casefold() if seen else None


def _matches(c: Compiled, text: str) -> Iterator[regex.Match[str]]:
    try:
        yield from c.compiled.finditer(text, timeout=TIMEOUT_SECONDS)
    except TimeoutError:
        raise InternalError(f"pattern {c.rule} timed out; the document is held") from None


def _finding(c: Compiled, segment: int, m: regex.Match[str], validator: str | None, context: str | None) -> Finding:
    why = Explanation(DetectorKind.PATTERN, c.rule, c.score, validator, context, f"matched pattern {c.rule}")
    return Finding(
        kind=c.recognizer.supported_entity,
        text=m.group(0),
        segment=segment,
        start=m.start(),
        end=m.end(),
        detector=DetectorKind.PATTERN,
        rule=c.rule,
        score=c.score,
        explanation=why,
    )


SHORTER_TRIES = 4


def _shorter_valid(c: Compiled, text: str, m: regex.Match[str],
                   validate: Callable[[str], bool]) -> regex.Match[str] | None:  # fmt: skip
    """A greedy match that fails its check may hold a valid one that ends earlier: a phone
    number followed on the next line by "7 Heath Road" must not lose the phone."""
    end = m.end()
    for _ in range(SHORTER_TRIES):
        shorter = c.compiled.match(text, m.start(), end - 1, timeout=TIMEOUT_SECONDS)
        if shorter is None:
            return None
        cut = shorter.end()
        # A match cut short by `endpos` sees the string end there: never accept half a word ("Ban" of "Bank").
        whole_words = cut >= len(text) or not (text[cut - 1].isalnum() and text[cut].isalnum())
        if whole_words and validate(shorter.group(0)):
            return shorter
        end = cut
    return None


# OCR and hurried typing put a letter O for a zero and an l or I for a one inside numbers ("07700 9OO 654",
# "O4/1O/2O21", "ll/03/2022", "SJ7O KXE"). The numbers' patterns also read a copy of the text with those
# letters made digits; the copy has the same length, so a finding stands at the same place in the text.
DIGIT_LIKE = str.maketrans("OoIl", "0011")
NUMBER_TOKEN = regex.compile(r"(?<![^\s(\[|])[0-9OoIl][0-9OoIl/.:\-]*[0-9OoIl](?=$|[\s,;:.)\]|])")
PLATE = regex.compile(r"\b([A-Z]{2})([0-9OIl]{2})(?=[ \t]?[A-Z]{3}\b)")
REPAIRED_KINDS = frozenset({"PHONE", "DATE_OF_BIRTH", "VEHICLE_REG", "NHS_NUMBER", "NI_NUMBER"})


def digits_repaired(text: str) -> str:
    """`text` with the letters inside numbers that stand for digits made digits (same length)."""

    def fix(m: regex.Match[str]) -> str:
        token = m.group(0)
        return token.translate(DIGIT_LIKE) if any(ch.isdigit() for ch in token) else token

    def plate(m: regex.Match[str]) -> str:
        age = m.group(2)
        return m.group(1) + (age.translate(DIGIT_LIKE) if any(ch.isdigit() for ch in age) else age)

    return PLATE.sub(plate, NUMBER_TOKEN.sub(fix, text))


def scan(compiled: tuple[Compiled, ...], segment: int, text: str) -> list[Finding]:
    found = _scan(compiled, segment, text)
    repaired = digits_repaired(text)
    if repaired == text:
        return found
    changed = [i for i, (a, b) in enumerate(zip(text, repaired, strict=True)) if a != b]
    numbers = tuple(c for c in compiled if c.recognizer.supported_entity in REPAIRED_KINDS)
    for f in _scan(numbers, segment, repaired):
        if any(f.start <= i < f.end for i in changed):
            note = f"matched pattern {f.rule} with O, I or l inside the number read as digits"
            found.append(replace(f, text=text[f.start : f.end], explanation=replace(f.explanation, note=note)))
    return found


def _scan(compiled: tuple[Compiled, ...], segment: int, text: str) -> list[Finding]:
    found: list[Finding] = []
    for c in compiled:
        validate = c.validate
        for match in _matches(c, text):
            m: regex.Match[str] | None = match
            if validate and not validate(match.group(0)):
                m = _shorter_valid(c, text, match, validate)
            if m is None or not m.group(0).strip():
                continue
            context = _context_word(c, text, m.start(), m.end())
            if context is None and c.needs_context:
                continue
            found.append(_finding(c, segment, m, c.recognizer.validator if validate else None, context))
    return found
