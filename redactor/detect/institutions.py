"""The step after the patterns for schools and workplaces: their whole name as a document writes it.

A school or an employer found by its cue is often followed by where it is ("St Patrick's PS,
Mayobridge", "her job at Asda, Owlcotes, Pudsey", "nursery (Little Owls, Hillsborough)"): the town
after the comma is part of the name, so that what is left is never the half that places the family.
A second employer joined by "and at" is one too ("works at Geevor Tin Mine and at the Spar in
Pendeen"). Both are rules with names (`institution/town`, `institution/and-at`) in the explanation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import regex

from redactor.types import DetectorKind, Explanation, Finding

KINDS = ("SCHOOL", "WORKPLACE")
_PLACE_WORD = r"\p{Lu}[\p{Ll}'’\-]+(?:[ \t\-]+(?:upon|on|under|le|next[ \t]+the|\p{Lu}[\p{Ll}'’\-]+))?"
# ", Mayobridge." ", Owlcotes, Pudsey to the bus": one or two towns after commas, closing the name
TOWN_AFTER = regex.compile(
    rf"(?:,[ \t]+(?!(?:Mr|Mrs|Ms|Miss|Dr|The|and|but|who|which|where|when|Year|Class|Reception)\b){_PLACE_WORD}){{1,2}}"
    r"(?=[ \t]*(?:[.;:)\n]|$)|,|[ \t]+(?:to|and|but|where|since|from|until|on|in|for|is|was|has|which)\b)"
)
AND_AT = regex.compile(
    r"[ \t]+and[ \t]+(?:(?:previously|also|formerly|before[ \t]+that)[ \t]+)?at[ \t]+"
    r"(?P<name>(?:the[ \t]+)?\p{Lu}[\w'’&\-]*(?:[ \t]+(?:(?:&|and|of|the)[ \t]+){0,2}\p{Lu}[\w'’&\-]*){0,4}"
    r"(?:[ \t]+in[ \t]+\p{Lu}[\p{Ll}'’\-]+(?:[ \t]+\p{Lu}[\p{Ll}'’\-]+)?)?)"
)
NOT_EMPLOYER = frozenset({"weekends", "night", "nights", "home", "school", "court", "work", "times", "first", "least",
                          "christmas", "easter", "monday", "tuesday", "wednesday", "thursday", "friday",
                          "saturday", "sunday"})  # fmt: skip


def _widened(f: Finding, text: str, end: int, rule: str) -> Finding:
    note = f"{f.explanation.note}; {rule}" if f.explanation.note else rule
    return replace(f, end=end, text=text[f.start : end], explanation=replace(f.explanation, note=note))


def _second(f: Finding, text: str, m: regex.Match[str]) -> Finding:
    start, end = m.span("name")
    rule = "institution/and-at"
    return replace(f, start=start, end=end, text=text[start:end], rule=f"{f.rule}+and-at",
                   explanation=Explanation(DetectorKind.PATTERN, rule, f.score,
                                           note=f"a second {f.kind.lower()} after 'and at'"))  # fmt: skip


def extend(text: str, found: Sequence[Finding], fences: Sequence[tuple[int, int]] = ()) -> list[Finding]:
    """Schools and workplaces from the patterns, each with its town, and a second one after "and at";
    never reaching into the council's own allowed address or over an address found after it."""
    out: list[Finding] = []
    places = [(g.start, g.end) for g in found if g.kind in ("ADDRESS", "POSTCODE")]
    for f in found:
        if f.detector != DetectorKind.PATTERN or f.kind not in KINDS:
            out.append(f)
            continue
        town = TOWN_AFTER.match(text, f.end)
        taken = [*fences, *places]  # an allowed address, or an address found there ("..., Wigford Way")
        if town and not any(a < town.end() and f.end < b for a, b in taken):
            f = _widened(f, text, town.end(), "institution/town")
        out.append(f)
        second = AND_AT.match(text, f.end) if f.kind == "WORKPLACE" else None
        first_word = second.group("name").removeprefix("the ").split()[0] if second else ""
        if second and first_word.casefold() not in NOT_EMPLOYER:
            out.append(_second(f, text, second))
    return out
