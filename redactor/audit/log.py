"""Writing and finding audit entries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from redactor.audit.chain import entry_hash, now
from redactor.audit.checkpoints import advance
from redactor.audit.entry import Entry, canonical, stored_findings
from redactor.audit.store import append, read_entries

if TYPE_CHECKING:
    from redactor.storage import Guard

DEFAULT_VERSION = "0.1.0"


def tool_version() -> str:
    import redactor

    return str(getattr(redactor, "__version__", DEFAULT_VERSION))


def rules_version() -> str:
    from redactor.errors import BadInput
    from redactor.ruleset import rules_version as current

    try:
        return str(current())
    except BadInput:
        # Broken rules are themselves a bad-input event that must still be logged.
        return "invalid"


def record(
    action: str,
    user: str,
    *,
    decision: str,
    reason: str,
    case_id: str | None = None,
    reader: str | None = None,
    input_sha256: str | None = None,
    output_sha256: str | None = None,
    findings: Iterable[Any] = (),
    extra: Mapping[str, Any] | None = None,
    guard: Guard | None = None,
) -> int:
    """Append one entry in its own transaction and return its id.

    `findings` are `Finding`s (or anything with kind, location, rule, detector,
    party, decision and text); only a keyed hash of each text is stored. `guard` runs under the
    log's lock before the entry is written and may refuse it (`storage.Conflict`: nothing written).
    """
    from redactor.settings import valid_user

    user = valid_user(user)
    stored, counts = stored_findings(findings)
    extra = _with_case_record(case_id, extra)
    fields: dict[str, Any] = {
        "user": user, "action": action, "case_id": case_id, "reader": reader,
        "input_sha256": input_sha256, "output_sha256": output_sha256,
        "decision": str(decision), "reason": reason, "findings": canonical(stored),
        "counts": canonical(counts), "extra": canonical(dict(extra or {})),
        "tool_version": tool_version(), "rules_version": rules_version(),
    }  # fmt: skip
    def build(last_id: int, last_hash: str) -> Entry:
        return _sealed(Entry(id=last_id + 1, time=now(), prev_hash=last_hash, entry_hash="", **fields))

    entry = append(build, guard)
    # After the commit: a checkpoint never counts an entry the log may not hold.
    advance(entry.id, entry.entry_hash, entry.time)
    return entry.id


def _with_case_record(case_id: str | None, extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every entry about a case carries the digest of the case record in force."""
    out = dict(extra or {})
    if case_id and "case_record" not in out:
        from redactor.records import digest_of

        out["case_record"] = digest_of(case_id) or "unregistered"
    return out


def _sealed(draft: Entry) -> Entry:
    return replace(draft, entry_hash=entry_hash(draft))


def entries(**equal: str | None) -> list[Entry]:
    """Entries whose named columns equal the given values, oldest first."""
    from redactor.storage import Query

    return read_entries(Query(equal=tuple(equal.items())))


def entry(entry_id: int) -> Entry | None:
    from redactor.storage import Query

    found = read_entries(Query(entry_id=entry_id))
    return found[0] if found else None


def recent(limit: int) -> list[Entry]:
    """The last `limit` entries, oldest first."""
    from redactor.storage import Query

    return read_entries(Query(last=limit))
