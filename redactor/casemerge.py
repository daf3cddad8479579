"""The stricter of two cases, and what a new version of a record takes away.

`stricter(record, handed)`: flags, markers, aliases, restrictions and details unite
(a party only in the handed file is added); `allow` comes from the record alone, so
a handed-in file can only add protection. `lowered(old, new)`: what registering
`new` over `old` removes, as kinds and party ids, never values.
"""

from __future__ import annotations

from redactor.casefile import CaseFile, Party


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*a, *b)))


def _party_union(base: Party, extra: Party) -> Party:
    details = dict(base.details)
    for kind, values in extra.details.items():
        details[kind] = _union(details.get(kind, ()), values)
    return base.model_copy(update={
        "name": base.name or extra.name, "aliases": _union(base.aliases, extra.aliases),
        "markers": _union(base.markers, extra.markers),
        "restricted_from": _union(base.restricted_from, extra.restricted_from), "details": details,
    })  # fmt: skip


def stricter(record: CaseFile, handed: CaseFile) -> CaseFile:
    """The record with everything the handed-in file adds, and nothing it leaves out."""
    given = {p.id: p for p in handed.parties}
    known = {p.id for p in record.parties}
    parties = [_party_union(p, given[p.id]) if p.id in given else p for p in record.parties]
    parties += [p for p in handed.parties if p.id not in known]
    return record.model_copy(update={"flags": _union(record.flags, handed.flags), "parties": tuple(parties)})


def _party_losses(old: Party, new: Party | None) -> list[str]:
    if new is None:
        return [f"party {old.id} removed"]
    out = [f"party {old.id}: marker removed" for m in old.markers if m not in new.markers][:1]
    out += [f"party {old.id}: restriction removed" for r in old.restricted_from if r not in new.restricted_from][:1]
    for kind, values in old.details.items():
        if any(v not in new.details.get(kind, ()) for v in values):
            out.append(f"party {old.id}: {kind} removed")
    if new.has_marker(frozenset({"conceal-name"})) and any(a not in new.aliases for a in old.aliases):
        out.append(f"party {old.id}: alias removed")
    return out


def lowered(old: CaseFile, new: CaseFile) -> tuple[str, ...]:
    """What `new` takes away from `old` (empty: it only adds or keeps protection)."""
    out = ["flag removed" for f in old.flags if f not in new.flags][:1]
    parties = {p.id: p for p in new.parties}
    for party in old.parties:
        out += _party_losses(party, parties.get(party.id))
    if any(a not in old.allow for a in new.allow):
        out.append("allow entry added")
    return tuple(out)
