"""Run the rule-based recognizers of rules/recognizers.yaml over text.

Presidio's recognizer YAML is the data format; matching uses the `regex` module
directly because Presidio's PatternRecognizer skips a timed-out pattern silently
(fail open). Here a timeout aborts the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from redactor.detect.validators import VALIDATORS
from redactor.errors import InternalError
from redactor.ruleset import Recognizer, Rules
from redactor.types import Finding

TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Compiled:
    recognizer: Recognizer
    pattern_name: str
    score: float
    compiled: regex.Pattern[str]
    context: regex.Pattern[str] | None
    needs_context: bool

    @property
    def rule(self) -> str:
        return f"{self.recognizer.name}/{self.pattern_name}"


def _context_regex(words: tuple[str, ...]) -> regex.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(regex.escape(w) for w in words)
    return regex.compile(rf"\b(?:{alternatives})\b", regex.IGNORECASE)


def _compile(rec: Recognizer) -> list[Compiled]:
    flags = regex.MULTILINE | (regex.IGNORECASE if rec.ignore_case else 0)
    if rec.validator and rec.validator not in VALIDATORS:
        raise InternalError(f"rules: recognizer {rec.name} names unknown validator {rec.validator}")
    return [
        Compiled(
            rec,
            p.name,
            p.score,
            regex.compile(p.regex, flags),
            _context_regex(rec.context),
            p.name in rec.context_required_for,
        )
        for p in rec.patterns
    ]


_COMPILED: dict[str, tuple[Compiled, ...]] = {}


def compiled_rules(rules: Rules) -> tuple[Compiled, ...]:
    """Compile once per rules version (the analyzer and patterns are built once)."""
    if rules.version not in _COMPILED:
        _COMPILED[rules.version] = tuple(c for rec in rules.recognizers for c in _compile(rec))
    return _COMPILED[rules.version]


SHORT_LINE = 80


def _line_window(text: str, start: int) -> int:
    """Start of the match's line, or of the line above when that is short (a label or a table heading)."""
    line_start = text.rfind("\n", 0, start) + 1
    above = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    return above if 0 < line_start - above <= SHORT_LINE else line_start


def _has_context(c: Compiled, text: str, start: int, end: int) -> bool:
    if c.context is None:
        return False
    if c.recognizer.context_side == "line":
        return bool(c.context.search(text, _line_window(text, start), start))
    window = c.recognizer.context_window
    after = end if c.recognizer.context_side == "before" else min(len(text), end + window)
    return bool(c.context.search(text, max(0, start - window), after))


def _matches(c: Compiled, text: str) -> Iterator[regex.Match[str]]:
    try:
        yield from c.compiled.finditer(text, timeout=TIMEOUT_SECONDS)
    except TimeoutError:
        raise InternalError(f"pattern {c.rule} timed out; the document is held") from None


def _finding(c: Compiled, segment: int, m: regex.Match[str], why: str) -> Finding:
    return Finding(
        kind=c.recognizer.supported_entity,
        text=m.group(0),
        segment=segment,
        start=m.start(),
        end=m.end(),
        detector="pattern",
        rule=c.rule,
        score=c.score,
        explanation=f"matched pattern {c.rule}{why}",
    )


def scan(rules: Rules, segment: int, text: str) -> list[Finding]:
    found: list[Finding] = []
    for c in compiled_rules(rules):
        validate = VALIDATORS.get(c.recognizer.validator or "")
        for m in _matches(c, text):
            if not m.group(0).strip() or (validate and not validate(m.group(0))):
                continue
            why = f"; passed {c.recognizer.validator}" if validate else ""
            if _has_context(c, text, m.start(), m.end()):
                why += "; context word nearby"
            elif c.needs_context:
                continue
            found.append(_finding(c, segment, m, why))
    return found
