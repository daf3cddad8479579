"""Protected-party markers in the text (rules/markers.yaml)."""

from __future__ import annotations

import regex

from redactor.ruleset import Rules
from redactor.types import Finding

_CACHE: dict[str, list[tuple[str, regex.Pattern[str]]]] = {}


def _phrase_regex(phrase: str) -> str:
    # Any spacing, hyphen or line break between words; apostrophes in either form.
    words = [regex.escape(w).replace("'", "['’]") for w in regex.split(r"[\s\-]+", phrase.strip())]
    return r"\b" + r"[\s\-]+".join(words) + r"\b"


def _compiled(rules: Rules) -> list[tuple[str, regex.Pattern[str]]]:
    if rules.version not in _CACHE:
        _CACHE[rules.version] = [
            (m.id, regex.compile("|".join(_phrase_regex(p) for p in m.phrases), regex.IGNORECASE))
            for m in rules.markers
        ]
    return _CACHE[rules.version]


def scan(rules: Rules, segment: int, text: str) -> list[Finding]:
    return [
        Finding(
            kind="MARKER",
            text=m.group(0),
            segment=segment,
            start=m.start(),
            end=m.end(),
            detector="marker",
            rule=f"marker/{marker_id}",
            score=1.0,
            explanation=f"protected-party marker ({marker_id}): treat as a domestic-abuse document",
        )
        for marker_id, pattern in _compiled(rules)
        for m in pattern.finditer(text)
    ]
