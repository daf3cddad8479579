"""A clerk's refusal of a held document: nothing is released, the author is told why.

The reason is free text a clerk typed, so it is refused when it quotes a known detail of
the case (the audit log never holds a raw protected value).
"""

from __future__ import annotations

from dataclasses import dataclass

from redactor import audit, records
from redactor.casefile import parse_case
from redactor.gate.approvals import identity
from redactor.gate.people import is_clerk
from redactor.keys import normalise
from redactor.settings import valid_user

ACTION = "review-refuse"


@dataclass(frozen=True)
class Refusal:
    recorded: bool
    reason: str  # the reason recorded, or why the refusal was not recorded
    entry_id: int


def _known_values(case_id: str) -> list[str]:
    stored = records.latest(case_id)
    if stored is None:
        return []
    case = parse_case(stored.plain, f"record of case {case_id}")
    return [v for p in case.parties for values in p.details.values() for v in values]


def quotes_a_detail(reason: str, case_id: str) -> bool:
    said = normalise(reason)
    return any(normalise(v) and normalise(v) in said for v in _known_values(case_id))


def refuse(sha256: str, case_id: str, reader: str, user: str, reason: str) -> Refusal:
    """Record that clerk `user` refuses to release this held file (nothing is released)."""
    user, reason = valid_user(user), " ".join(reason.split())[:500]
    if not is_clerk(user):
        return Refusal(False, f"{user} is not a clerk", 0)
    if not reason:
        return Refusal(False, "a refusal needs a reason", 0)
    if quotes_a_detail(reason, case_id):
        return Refusal(False, "the reason quotes a protected detail; say what is wrong without it", 0)
    entry_id = audit.record(ACTION, user, decision="refused", reason=reason, case_id=case_id, reader=reader,
                            input_sha256=sha256, extra={"command": "review", **identity(True)})  # fmt: skip
    return Refusal(True, reason, entry_id)
