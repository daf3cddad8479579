"""The council's record of a case: register, show, and the case that governs a run.

    register(raw, name, user) -> Registration   # `redactor case register`, POST /v1/cases
    show(case_id, user) -> dict                 # values for clerks; kinds and counts for others
    governing(handed) -> Governing              # the record, made stricter by a handed-in file

Once a case is registered, a case file handed to check, redact or release can only
add protection (`casemerge.stricter`). Registering a version that lowers protection
needs a clerk; the audit entry names the kinds that changed, never the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor import audit, records
from redactor.audit.chain import now
from redactor.casecheck import canonical_case, digest, for_detection
from redactor.casefile import CaseFile, load_case, parse_case
from redactor.casemerge import lowered, stricter
from redactor.errors import BadInput

UNREGISTERED = "unregistered"


@dataclass(frozen=True)
class Governing:
    """The case a run decides from, and where it came from."""

    case: CaseFile  # the record united with the handed-in file, details folded for detection
    registered: bool
    record_digest: str  # the digest of the stored record used, or "unregistered"
    digest: str  # the digest of `case` (what decided)


@dataclass(frozen=True)
class Registration:
    recorded: bool  # False: refused (lowering protection needs a clerk)
    case_id: str
    version: int
    digest: str
    changes: tuple[str, ...]  # what the new version takes away (kinds and party ids)
    reason: str
    entry_id: int


def governing(handed: CaseFile) -> Governing:
    """The stricter of the record (when registered) and the handed-in case file."""
    stored = records.latest(handed.case_id)
    if stored is None:
        return Governing(for_detection(handed), False, UNREGISTERED, digest(handed))
    case = stricter(parse_case(stored.plain, f"record of case {handed.case_id}"), handed)
    return Governing(for_detection(case), True, stored.digest, digest(case))


def governing_case(case_path: Path) -> Governing:
    return governing(load_case(case_path))


def record_digest(case_id: str | None) -> str | None:
    """The digest of the case's current record ("unregistered" when none; None without a case)."""
    if not case_id:
        return None
    stored = records.latest(case_id)
    return UNREGISTERED if stored is None else stored.digest


def _refused(case: CaseFile, user: str, changes: tuple[str, ...], version: int) -> Registration:
    reason = f"lowering a record's protection needs a clerk ({'; '.join(changes)})"
    entry = audit.record("case-refuse", user, decision="refused", reason=reason, case_id=case.case_id,
                         extra={"lowered": list(changes), "version": version})  # fmt: skip
    return Registration(False, case.case_id, version, digest(case), changes, reason, entry)


def register(raw: bytes, name: str, user: str) -> Registration:
    """Record the case (a new version when it changed), or refuse a lowering by a non-clerk."""
    from redactor.gate.people import is_clerk

    case = parse_case(raw, name)
    new_digest = digest(case)
    with records.writing(case.case_id) as (current, store):
        old = None if current is None else parse_case(current.plain, "record")
        changes = () if old is None else lowered(old, case)
        version = 0 if current is None else current.version
        refused = bool(changes) and not is_clerk(user)
        if not refused and (current is None or current.digest != new_digest):
            version += 1
            store(records.StoredRecord(case.case_id, version, new_digest, canonical_case(case), user, now()))
    if refused:
        return _refused(case, user, changes, version)
    reason = f"case record version {version}" + (f"; protection lowered by a clerk: {'; '.join(changes)}"
                                                  if changes else "")  # fmt: skip
    entry = audit.record("case-register", user, decision="recorded", reason=reason, case_id=case.case_id,
                         extra={"lowered": list(changes), "version": version, "case_record": new_digest})  # fmt: skip
    return Registration(True, case.case_id, version, new_digest, changes, reason, entry)


def _summary(case: CaseFile) -> dict[str, Any]:
    parties = [{"id": p.id, "markers": list(p.markers), "restricted_from": list(p.restricted_from),
                "names": len(p.names), "details": {k: len(v) for k, v in p.details.items()}}
               for p in case.parties]  # fmt: skip
    return {"case_id": case.case_id, "flags": list(case.flags), "parties": parties, "allow": len(case.allow)}


def show(case_id: str, user: str) -> dict[str, Any]:
    """The record: every value for a clerk; kinds and counts only for anyone else."""
    from redactor.gate.people import is_clerk

    stored = records.latest(case_id)
    if stored is None:
        raise BadInput(f"case {case_id} is not registered (`redactor case register CASE.yaml`)")
    case = parse_case(stored.plain, "record")
    clerk = is_clerk(user)
    audit.record("case-show", user, decision="values" if clerk else "summary",
                 reason="a clerk read the record" if clerk else "kinds and counts only", case_id=case_id)  # fmt: skip
    body = case.model_dump(mode="json") if clerk else _summary(case)
    return {**body, "version": stored.version, "digest": stored.digest, "registered_by": stored.registered_by,
            "registered_at": stored.time, "values_shown": clerk}  # fmt: skip
