"""Assemble address parts into whole addresses.

The patterns find anchors (a numbered street, a flat, a PO box, c/o, a postcode) and
parts (a named building). An address is caught whole only when the lines around an
anchor join it: "Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP" or
the same laid out over lines as a letter's address block. A building name that joins
no anchor is dropped (court and hall names in prose are not addresses).
"""

from __future__ import annotations

from dataclasses import replace

import regex

from redactor.types import Finding

ANCHOR_KINDS = ("POSTCODE",)
PART_RULES = ("uk-building-name/named-building",)
SEPARATOR_AFTER = regex.compile(r"[ \t]*(?:[,\n][ \t\n]*|[ \t]+)")
SEPARATOR_BEFORE = regex.compile(r"(?:[ \t\n]*[,\n]|[ \t]+)[ \t]*$")
TOWN = regex.compile(
    r"(?:[A-Z][\w'’\-]+|St\.?)(?:[ \t\-]+(?:upon|on|under|le|in|by|[A-Z][\w'’\-]+)){0,3}"
    r"(?=[ \t]*(?:[,\n.;]|$))|(?:[A-Z][\w'’\-]+)(?=[ \t]+[A-Z]{1,2}\d)"
)
MAX_TOWNS = 2


def _is_anchor(f: Finding) -> bool:
    return f.kind in ANCHOR_KINDS or (f.kind == "ADDRESS" and f.rule not in PART_RULES)


def _starting_at(items: list[Finding], pos: int) -> Finding | None:
    return next((f for f in items if f.start == pos), None)


def _ending_at(items: list[Finding], pos: int) -> Finding | None:
    return next((f for f in items if f.end == pos), None)


def _extend_forward(text: str, end: int, items: list[Finding], names: frozenset[str]) -> tuple[int, list[str]]:
    rules: list[str] = []
    towns = 0
    while True:
        sep = SEPARATOR_AFTER.match(text, end)
        if not sep:
            return end, rules
        nxt = _starting_at(items, sep.end())
        if nxt:
            end, towns = nxt.end, 0
            rules.append(nxt.rule)
            if nxt.kind == "POSTCODE":
                return end, rules  # a UK address ends with its postcode
            continue
        town = TOWN.match(text, sep.end())
        has_break = "," in sep.group(0) or "\n" in sep.group(0)
        if not town or not has_break or towns >= MAX_TOWNS or town.group(0) in names:
            return end, rules
        end, towns = town.end(), towns + 1
        rules.append("address-block/town")


def _extend_backward(text: str, start: int, items: list[Finding], postcode: bool) -> tuple[int, list[str]]:
    rules: list[str] = []
    while True:
        sep = SEPARATOR_BEFORE.search(text, 0, start)
        if not sep:
            return start, rules
        prev = _ending_at(items, sep.start())
        if prev:
            start, postcode = prev.start, False
            rules.append(prev.rule)
            continue
        if postcode and ("," in sep.group(0) or "\n" in sep.group(0)):
            line_start = max(text.rfind("\n", 0, sep.start()), text.rfind(",", 0, sep.start())) + 1
            town = TOWN.fullmatch(text, line_start, sep.start()) or TOWN.fullmatch(
                text.rstrip(), line_start + 1, sep.start()
            )
            if town:
                return town.start(), [*rules, "address-block/town"]
        return start, rules


def _block(text: str, anchor: Finding, items: list[Finding], names: frozenset[str]) -> Finding:
    end, after = (anchor.end, []) if anchor.kind == "POSTCODE" else _extend_forward(text, anchor.end, items, names)
    start, before = _extend_backward(text, anchor.start, items, anchor.kind == "POSTCODE")
    if (start, end) == (anchor.start, anchor.end):
        return anchor
    rules = sorted(set([anchor.rule, *after, *before]))
    return replace(
        anchor,
        kind="ADDRESS",
        start=start,
        end=end,
        text=text[start:end],
        rule="address-block",
        explanation="address assembled from " + ", ".join(rules),
    )


def assemble(text: str, found: list[Finding], names: frozenset[str] = frozenset()) -> list[Finding]:
    """Replace address anchors and parts of one segment by whole addresses."""
    items = sorted((f for f in found if f.kind in ("ADDRESS", "POSTCODE")), key=lambda f: f.start)
    others = [f for f in found if f.kind not in ("ADDRESS", "POSTCODE")]
    blocks: list[Finding] = []
    for anchor in (f for f in items if _is_anchor(f)):
        if blocks and blocks[-1].start <= anchor.start < blocks[-1].end:
            continue
        blocks.append(_block(text, anchor, items, names))
    return others + blocks
