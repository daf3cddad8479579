"""The hash chain: each entry's hash covers the previous entry's hash and every field.

entry_hash = HMAC-SHA256(key "chain", prev_hash + canonical JSON of the entry).
A changed, removed, inserted or reordered entry breaks the chain at that entry;
a checkpoint kept elsewhere (count and head hash) also reveals a cut-off tail.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redactor.audit.entry import GENESIS, Entry, canonical
from redactor.audit.store import read_entries, triggers_present
from redactor.errors import BadInput, InternalError
from redactor.keys import key


def entry_hash(entry: Entry, secret: bytes | None = None) -> str:
    """The entry's seal; pass the chain key as `secret` when sealing many (saves lookups)."""
    data = (entry.prev_hash + canonical(entry.hashed_part())).encode("utf-8")
    return hmac.new(secret or key("chain"), data, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainStatus:
    """The outcome of a verification; `problem` names the first bad entry."""

    intact: bool
    count: int
    head_hash: str
    bad_entry: int | None = None
    problem: str = ""
    empty: bool = False  # the only problem: no entries, and nothing says there were any

    @property
    def summary(self) -> str:
        if self.intact:
            return f"audit log intact: {self.count} entries, head {self.head_hash[:16]}"
        return f"audit log BROKEN: {self.problem}"


def _check(entry: Entry, expected_id: int, prev: str, secret: bytes) -> str:
    """Why `entry` breaks the chain at position `expected_id`, or "" when it fits."""
    if entry.id > expected_id:
        return f"entry {expected_id} is missing (removed; the next entry is {entry.id})"
    if entry.id < expected_id:
        return f"entry {entry.id} appears out of order (inserted or renumbered)"
    if entry.prev_hash != prev:
        return f"entry {entry.id} does not follow its predecessor (removed, inserted or reordered)"
    if not hmac.compare_digest(entry_hash(entry, secret), entry.entry_hash):
        return f"entry {entry.id} was changed after it was written"
    return ""


def verify_entries(entries: list[Entry]) -> ChainStatus:
    prev, secret = GENESIS, key("chain")
    for position, entry in enumerate(entries, start=1):
        problem = _check(entry, position, prev, secret)
        if problem:
            bad = min(entry.id, position) if entry.id > 0 else position
            return ChainStatus(False, len(entries), prev, bad, problem)
        prev = entry.entry_hash
    return ChainStatus(True, len(entries), prev)


def _against_checkpoint(status: ChainStatus, entries: list[Entry], point: dict[str, Any]) -> ChainStatus:
    try:
        count, wanted, have = int(point["count"]), str(point["head_hash"]), len(entries)
    except (KeyError, TypeError, ValueError):
        return ChainStatus(False, len(entries), status.head_hash, None, "a checkpoint is not readable")
    if count > have:
        missing = f"entries {have + 1}..{count}" if count > have + 1 else f"entry {count}"
        problem = f"{missing} removed: the checkpoint counted {count} entries, the log has {have}"
        return ChainStatus(False, have, status.head_hash, have + 1, problem)
    if count and entries[count - 1].entry_hash != wanted:
        problem = f"entry {count} differs from the checkpoint's head (log rewritten)"
        return ChainStatus(False, len(entries), status.head_hash, count, problem)
    return status


def verify(checkpoint: dict[str, Any] | None = None) -> ChainStatus:
    """Recompute the whole chain (and compare with a checkpoint when given)."""
    try:
        entries = read_entries()
    except InternalError as exc:
        # An unreadable log is a broken log: the auditor's answer is 1, not a crash.
        return ChainStatus(False, 0, GENESIS, None, str(exc))
    status = verify_entries(entries)
    if status.intact and checkpoint is not None:
        status = _against_checkpoint(status, entries, checkpoint)
    if status.intact:
        status = _against_known(status, entries)
    if status.intact and not triggers_present():
        problem = "the append-only triggers were removed from the database"
        return ChainStatus(False, status.count, status.head_hash, None, problem)
    if status.intact and not entries:
        problem = "the log is empty or missing: nothing shows it was never written"
        return ChainStatus(False, 0, GENESIS, None, problem, empty=True)
    return status


def _against_known(status: ChainStatus, entries: list[Entry]) -> ChainStatus:
    """The log against the latest checkpoint and receipt head the state folder holds."""
    from redactor.audit.checkpoints import latest_point

    point, problems = latest_point()
    if problems:
        return ChainStatus(False, status.count, status.head_hash, None, problems[0])
    if point is None:
        return status
    checked = _against_checkpoint(status, entries, point)
    if not checked.intact:
        return replace(checked, problem=f"{checked.problem} (from the {point['source']})")
    return checked


def checkpoint_of(status: ChainStatus) -> dict[str, Any]:
    """The head to keep elsewhere: {count, head_hash, time}."""
    return {"count": status.count, "head_hash": status.head_hash, "time": now()}


def load_checkpoint(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
        count, head_hash = int(data["count"]), str(data["head_hash"])
    except FileNotFoundError:
        raise BadInput(f"checkpoint file not found: {path}") from None
    except (OSError, ValueError, KeyError, TypeError):
        expected = "expected JSON with count and head_hash"
        raise BadInput(f"{path.name}: not a checkpoint ({expected})") from None
    if count < 0 or len(head_hash) != 64:
        raise BadInput(f"{path.name}: checkpoint count or head_hash is invalid")
    return {"count": count, "head_hash": head_hash}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
