"""Protected-party markers in the text (rules/markers.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from redactor.ruleset import Rules
from redactor.types import DetectorKind, Explanation, Finding


@dataclass(frozen=True)
class CompiledMarker:
    marker_id: str
    pattern: regex.Pattern[str]


def _phrase_regex(phrase: str) -> str:
    # Any spacing, hyphen or line break between words; apostrophes in either form.
    words = [regex.escape(w).replace("'", "['’]") for w in regex.split(r"[\s\-]+", phrase.strip())]
    return r"\b" + r"[\s\-]+".join(words) + r"\b"


def compile_markers(rules: Rules) -> tuple[CompiledMarker, ...]:
    return tuple(CompiledMarker(m.id, regex.compile("|".join(_phrase_regex(p) for p in m.phrases), regex.IGNORECASE))
                 for m in rules.markers)  # fmt: skip


def scan(compiled: tuple[CompiledMarker, ...], segment: int, text: str) -> list[Finding]:
    return [
        Finding(
            kind="MARKER",
            text=m.group(0),
            segment=segment,
            start=m.start(),
            end=m.end(),
            detector=DetectorKind.MARKER,
            rule=f"marker/{c.marker_id}",
            score=1.0,
            explanation=Explanation(DetectorKind.MARKER, f"marker/{c.marker_id}", 1.0,
                                    note=f"protected-party marker ({c.marker_id}): treat as a domestic-abuse document"),
        )
        for c in compiled
        for m in c.pattern.finditer(text)
    ]
