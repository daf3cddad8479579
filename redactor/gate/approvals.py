"""A clerk's approval of one exact file (its SHA-256) for one case and reader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from redactor import audit
from redactor.casefile import load_case
from redactor.gate.people import (
    failures_recorded,
    hashed_bytes,
    is_clerk,
    person,
    redactors_of,
    same,
)
from redactor.settings import valid_user


@dataclass(frozen=True)
class ApprovalResult:
    recorded: bool  # False: refused, with the reason
    file_sha256: str
    case_id: str
    reader: str
    user: str
    reason: str
    entry_id: int


def _refusal(user: str, sha256: str) -> str:
    if not is_clerk(user):
        return f"{user} is not a clerk (clerks are named in the settings file, $REDACTOR_CONFIG)"
    if any(same(user, r) for r in redactors_of(sha256)):
        return f"{user} redacted this file; a different clerk must approve it"
    return ""


def identity(proved: bool) -> dict[str, str]:
    """How the acting user is known: a service token, or a name typed on this machine (then the
    operating-system login is recorded beside it)."""
    from redactor.settings import os_login

    return {"identity": "token"} if proved else {"identity": "claimed", "os_login": os_login()}


def approve(path: Path, case_path: Path, reader: str, user: str, proved: bool = False) -> ApprovalResult:
    """Record `user`'s approval of this file, or refuse (and record the refusal).

    `proved`: the user is the holder of a service token (not a name typed on the CLI)."""
    with failures_recorded("approve", user, path, case_path, reader):
        return _approve(path, case_path, reader, valid_user(user), proved)


def _approve(path: Path, case_path: Path, reader: str, user: str, proved: bool) -> ApprovalResult:
    case = load_case(case_path)
    case.party(reader)
    _, sha = hashed_bytes(path)
    refusal = _refusal(user, sha)
    action, decision = ("refuse", "refused") if refusal else ("approve", "recorded")
    reason = refusal or "a clerk approved this exact file for this case and reader"
    entry_id = audit.record(
        action, user, decision=decision, reason=reason, case_id=case.case_id,
        reader=reader, input_sha256=sha, extra={"command": "approve", **identity(proved)},
    )  # fmt: skip
    return ApprovalResult(not refusal, sha, case.case_id, reader, user, reason, entry_id)


@dataclass(frozen=True)
class Approvals:
    """The approvals that count for a release, and why the others do not."""

    approvers: tuple[str, ...]
    ignored: tuple[str, ...]
    entry_ids: tuple[int, ...] = ()  # the approval entries a release consumes


def used_approvals(releases: list[audit.Entry]) -> set[int]:
    """The approval entries that earlier releases consumed: one approval lets a file out once."""
    used: set[int] = set()
    for entry in releases:
        used.update(int(i) for i in entry.parsed("extra").get("approval_entries", ()))
    return used


def _ignored_because(approver: str, releaser: str, redactors: tuple[str, ...]) -> str:
    if not is_clerk(approver):
        return "is not a clerk now"
    if any(same(approver, r) for r in redactors):
        return "redacted this file"
    if same(approver, releaser):
        return "is the person releasing it"
    return ""


def approvals_for(sha256: str, case_id: str, reader: str, releaser: str, redactors: tuple[str, ...]) -> Approvals:
    """Approvals of this file, case and reader by a clerk who neither redacted nor releases it."""
    same_file = {"input_sha256": sha256, "case_id": case_id, "reader": reader}
    found = audit.entries(action="approve", decision="recorded", **same_file)
    used = used_approvals(audit.entries(action="release", **same_file))
    valid: dict[str, str] = {}
    ids: list[int] = []
    ignored: list[str] = []
    for entry in found:
        who = entry.user
        why = _ignored_because(who, releaser, redactors)
        if entry.id in used:
            ignored.append(f"the approval by {who} (entry {entry.id}) was used by an earlier release")
        elif why:
            ignored.append(f"the approval by {who} (entry {entry.id}) does not count: {who} {why}")
        else:
            valid.setdefault(person(entry.user), entry.user)
            ids.append(entry.id)
    return Approvals(tuple(valid.values()), tuple(ignored), tuple(ids))
