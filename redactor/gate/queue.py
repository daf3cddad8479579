"""What the gate holds: files held and not released since, and what each waits for.

Built from the audit log alone, so it carries what the log carries: hashes,
case ids, readers, user names and reasons, never a protected value.
"""

from __future__ import annotations

from dataclasses import dataclass

from redactor import audit
from redactor.audit import Entry

Key = tuple[str | None, str | None, str | None]


@dataclass(frozen=True)
class Held:
    file_sha256: str
    case_id: str
    reader: str
    user: str  # who asked for the release
    time: str
    reason: str
    waiting_for: tuple[str, ...]  # "approval", "redaction", "audit-log", "recheck"
    approved_since: tuple[str, ...]  # clerks who approved after the hold
    entry_id: int

    @property
    def waits_for_clerk(self) -> bool:
        return self.waiting_for == ("approval",) and not self.approved_since


def _key(entry: Entry) -> Key:
    return (entry.input_sha256, entry.case_id, entry.reader)


def _latest(entries: list[Entry]) -> dict[Key, Entry]:
    return {_key(e): e for e in entries}  # oldest first, so the last one wins


def _held(hold: Entry, approvals: list[Entry]) -> Held:
    later = (a.user for a in approvals if a.id > hold.id and _key(a) == _key(hold))
    since = tuple(dict.fromkeys(later))
    waiting = tuple(str(w) for w in hold.parsed("extra").get("waiting_for", ()))
    return Held(
        str(hold.input_sha256), str(hold.case_id), str(hold.reader), hold.user, hold.time,
        hold.reason, waiting, since, hold.id,
    )  # fmt: skip


def _redacted_since(hold: Entry, redactions: dict[str | None, int]) -> bool:
    """A file held for redaction that has since been redacted waits no more (its copy may)."""
    waiting = hold.parsed("extra").get("waiting_for", ())
    return "redaction" in waiting and redactions.get(hold.input_sha256, 0) > hold.id


def queue(include_all: bool = False) -> list[Held]:
    """Files held and not released (nor refused by a clerk) since; by default those waiting for a clerk."""
    released = _latest(audit.entries(action="release") + audit.entries(action="review-refuse"))
    approvals = audit.entries(action="approve", decision="recorded")
    redactions = {e.input_sha256: e.id for e in audit.entries(action="redact")}
    out = []
    for key, hold in _latest(audit.entries(action="hold")).items():
        later = released.get(key)
        if (later is not None and later.id > hold.id) or _redacted_since(hold, redactions):
            continue
        item = _held(hold, approvals)
        if include_all or item.waits_for_clerk:
            out.append(item)
    return out
