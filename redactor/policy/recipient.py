"""The recipient check: a letter addressed where it must not go is held (rules recipient.*).

Judged against the case and the reader, as a pure function: each addressee's names are matched to
the case's parties (name, alias, or title and surname with a matching initial) and each address
block to the parties' recorded addresses (by postcode and street line). A finding of kind RECIPIENT
with decision review holds the letter until a clerk approves it or it is corrected; it is never cut
out of the letter (a letter without its address block cannot be posted), and its reason names the
rule, never the address.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from redactor.casefile import CaseFile, Party
from redactor.detect.address_shape import POSTCODE
from redactor.detect.known import address_parts, norm
from redactor.detect.recipient import Addressee, addressees
from redactor.ruleset import Policy, Words
from redactor.types import Assessment, Decision, DetectorKind, Explanation, Finding, Segment

KIND = "RECIPIENT"
CARE_OF = frozenset(["c/o", "care", "of"])
CURRENT = ("address",)
FORMER = ("former_address",)


def _words(name: str, titles: frozenset[str]) -> list[str]:
    """The words of a name as written on a letter, without its courtesy title or "c/o"."""
    return [w for w in re.findall(r"[\w'’\-]+", name.lower()) if w not in titles and w not in CARE_OF]


def _is(name: str, party: Party, titles: frozenset[str]) -> bool:
    """"Mrs A Rahman" is Aisha Rahman; "Ms Mottram" is her alias; "Mr Rahman" is not Aisha."""
    words = _words(name, titles)
    if not words:
        return False
    for known in party.names:
        if words == _words(known, titles):
            return True
    full = _words(party.name, titles)
    if len(full) < 2 or words[-1] != full[-1]:
        return False
    given = words[:-1]
    return bool(given) and all(g[0] == f[0] for g, f in zip(given, full[:-1], strict=False)) and (
        len(given[0]) == 1 or given[0] == full[0])  # fmt: skip


def _parties_named(name: str, case: CaseFile, titles: frozenset[str]) -> set[str]:
    return {p.id for p in case.parties if _is(name, p, titles)}


def _key(value: str) -> str:
    parts = address_parts(POSTCODE.sub("", value))
    street = next((p for p in parts if any(c.isdigit() for c in p)), parts[0] if parts else "")
    return norm(street)


def _same_address(found: str, value: str) -> bool:
    here, there = POSTCODE.search(found), POSTCODE.search(value)
    if here and there and norm(here.group()) != norm(there.group()):
        return False
    key = _key(value)
    return bool(key) and key in norm(found)


def _held_by(address: str, case: CaseFile, kinds: tuple[str, ...]) -> set[str]:
    return {p.id for p in case.parties for k, vs in p.details.items() if k.lower() in kinds
            for v in vs if _same_address(address, v)}  # fmt: skip


def _finding(a: Addressee, segments: Sequence[Segment], rule: str, policy: Policy) -> Finding:
    segment = segments[a.segment]
    why = policy.recipient_rules.get(rule, "the letter's addressee does not fit the case")
    return Finding(KIND, segment.text[a.start : a.end], a.segment, a.start, a.end, DetectorKind.RECIPIENT, rule, 1.0,
                   Explanation(DetectorKind.RECIPIENT, rule, 1.0,
                               note="addressee block of a letter, judged against the case and the reader"),
                   location=segment.location(a.start), decision=Decision.REVIEW, reason=f"{rule}: {why}")  # fmt: skip


def _restricted_between(ids: set[str], case: CaseFile) -> bool:
    return any(other in ids and other != p.id for p in case.parties if p.id in ids for other in p.restricted_from)


def _rules_for(a: Addressee, case: CaseFile, reader: Party, da: Assessment, titles: frozenset[str]) -> list[str]:
    named = set().union(*(_parties_named(n, case, titles) for n in a.names)) if a.names else set()
    rules = []
    if a.names and reader.id not in named:
        rules.append("recipient.name-not-reader")
    if not a.address:
        return rules
    current, former = _held_by(a.address, case, CURRENT), _held_by(a.address, case, FORMER)
    protected = set(da.protected_parties)
    restricted = {p.id for p in case.parties if reader.id in p.restricted_from}
    if (current & protected) - {reader.id}:
        rules.append("recipient.protected-address")
    if reader.id in protected and ((current | former) & restricted or reader.id in former):
        rules.append("recipient.restricted-address")
    judged = {"recipient.protected-address", "recipient.restricted-address"} & set(rules)
    on_record = any(k.lower() in CURRENT for k in reader.details)
    if on_record and reader.id not in current and not judged:
        rules.append("recipient.unknown-address")  # out of date, or a typing slip
    return rules


def judge(segments: Sequence[Segment], case: CaseFile, reader: str, da: Assessment, policy: Policy,
          words: Words) -> list[Finding]:  # fmt: skip
    """RECIPIENT findings for a letter whose addressee block sends it where it must not go."""
    found = addressees(segments, case, words)
    if not found:
        return []
    party = case.party(reader)
    out = [_finding(a, segments, rule, policy) for a in found for rule in _rules_for(a, case, party, da, words.titles)]
    recipients = set().union(*(_parties_named(n, case, words.titles) for a in found for n in a.names))
    if len(found) > 1:
        recipients |= set().union(*(_held_by(a.address, case, CURRENT) for a in found if a.address))
    if _restricted_between(recipients, case):
        out.append(_finding(found[0], segments, "recipient.protected-from-another", policy))
    return list({(f.rule, f.start): f for f in out}.values())
