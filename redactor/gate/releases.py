"""The release gate: check again, require a second person for domestic abuse, then let out.

Nothing leaves unless the whole check finds the file clear for this reader and,
for a domestic-abuse document, a clerk who neither redacted nor releases it has
approved this exact file. Every outcome is an audit entry ("release" or "hold").

The gate decides from the facts it is given: the check is a `Checker` its caller passes
(`commands.run_release` passes the one release check, `api.check_for_release` run by a
runner); the gate imports nothing above it.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from redactor import audit
from redactor.audit.chain import ChainStatus, now
from redactor.audit.log import rules_version, tool_version
from redactor.casefile import load_case
from redactor.caserecord import Governing, governing
from redactor.errors import InternalError
from redactor.gate.approvals import Approvals, approvals_for, used_approvals
from redactor.gate.behind import reason_codes
from redactor.gate.heldfiles import keep
from redactor.gate.people import failures_recorded, hashed_bytes, redactors_of, safe_name
from redactor.gate.receipts import SUFFIX, outbox, sign
from redactor.settings import settings, valid_user
from redactor.storage import Conflict, Guard, Query
from redactor.storage.base import Reader
from redactor.types import CheckResult, Finding, Verdict

Checker = Callable[[Path, Path, str], CheckResult]  # (file, case file, reader) -> the whole check


@dataclass(frozen=True)
class ReleaseResult:
    decision: Verdict  # RELEASED or HELD
    file_sha256: str
    case_id: str
    reader: str
    domestic_abuse: bool
    findings: tuple[Finding, ...]
    reasons: tuple[str, ...]  # what is missing (held) or why it was let out (released)
    receipt: dict[str, Any] | None
    outbox_file: Path | None
    entry_id: int


@dataclass(frozen=True)
class _Gate:
    """Everything the decision rests on, gathered before anything is decided."""

    path: Path
    data: bytes
    sha256: str
    case_id: str
    reader: str
    user: str
    result: CheckResult
    redactors: tuple[str, ...]
    case: Governing
    chain: ChainStatus | None = None


def release(path: Path, case_path: Path, reader: str, user: str, checker: Checker) -> ReleaseResult:
    """Release the file to the outbox with a signed receipt, or hold it saying what is missing.

    `checker` is the whole check of the file for this reader (faces reach this through
    `commands.run_release`, which passes the one release check; tests pass a fake). The case
    record decides: a case never registered is held unless the settings say
    `require_registered_case: false`. Any failure is written to the audit log as well, and
    releases nothing.
    """
    with failures_recorded("release", user, path, case_path, reader):
        user = valid_user(user)
        return _release(path, case_path, reader, user, checker)


def _release(path: Path, case_path: Path, reader: str, user: str, checker: Checker) -> ReleaseResult:
    found = governing(load_case(case_path))
    found.case.party(reader)
    data, sha = hashed_bytes(path)
    if not found.registered and settings().require_registered_case:
        return _hold_unregistered(found, reader, user, sha)
    result = checker(path, case_path, reader)
    gate = _Gate(path, data, sha, found.case.case_id, reader, user, result, redactors_of(sha), found)
    approvals, missing, waiting, chain = _assess(gate)
    if missing:
        return _hold(gate, missing, waiting)
    try:
        return _let_out(replace(gate, chain=chain), approvals)
    except Conflict:
        # Another release (on this instance or another) consumed the same approval meanwhile.
        return _hold(gate, ["the approval was used by another release at the same moment; a clerk must approve "
                            "this file again"], ["approval"])  # fmt: skip


def _case_extra(found: Governing) -> dict[str, Any]:
    return {"case_record": found.record_digest, "case_digest": found.digest}


def _hold_unregistered(found: Governing, reader: str, user: str, sha: str) -> ReleaseResult:
    reason = (f"case not registered: case {found.case.case_id} has no record "
              "(`redactor case register CASE.yaml`); release decides from the council's record")  # fmt: skip
    entry_id = audit.record("hold", user, decision="held", reason=reason, case_id=found.case.case_id,
                            reader=reader, input_sha256=sha,
                            extra={"waiting_for": ["case-record"], **_case_extra(found)})  # fmt: skip
    return ReleaseResult(Verdict.HELD, sha, found.case.case_id, reader, False, (), (reason,), None, None, entry_id)


def _check_problems(result: CheckResult) -> list[str]:
    plan = result.plan
    out = []
    if plan.to_remove:
        kinds = ", ".join(sorted({f.kind for f in plan.to_remove}))
        count = len(plan.to_remove)
        out.append(f"the file still carries {count} finding(s) to redact or review ({kinds})")
    for problem in plan.problems[:3]:
        out.append(f"the file cannot be read fully: {problem.code} at {problem.place}")
    if result.verdict != Verdict.CLEAR and not out and not plan.holds:
        out.append(f"the check did not find the file clear ({result.verdict})")
    return out


def _assess(gate: _Gate) -> tuple[Approvals, list[str], list[str], ChainStatus]:
    """(approvals that count, what is missing, what it waits for, the chain as verified)."""
    missing, waiting = [], []
    if gate.result.document.sha256 != gate.sha256:
        missing.append("the file changed while it was being checked")
        waiting.append("recheck")
    if gate.result.case.digest and gate.result.case.digest != gate.case.digest:
        missing.append("the case record changed while the file was being checked")
        waiting.append("recheck")
    chain = audit.verify()
    if not chain.intact and not chain.empty:  # a first release on a new log finds it empty
        missing.append(f"the audit log failed verification ({chain.problem}); nothing is released")
        waiting.append("audit-log")
    problems = _check_problems(gate.result)
    missing += problems
    waiting += ["redaction"] if problems else []
    holds = gate.result.plan.holds
    if not gate.result.plan.assessment.domestic_abuse and not holds:
        return Approvals((), ()), missing, waiting, chain
    approvals = approvals_for(gate.sha256, gate.case_id, gate.reader, gate.user, gate.redactors)
    if holds and not approvals.approvers:  # a misdirected letter: a clerk approves it, or it is corrected
        rules = ", ".join(sorted({f.rule for f in holds}))
        missing.append(f"the letter is addressed where it must not go ({rules}); a clerk must approve it or it "
                       "must be corrected")  # fmt: skip
        waiting.append("recipient")
    if not approvals.approvers and gate.result.plan.assessment.domestic_abuse:
        missing.append(
            "a domestic-abuse document needs the approval of a clerk who neither redacted nor "
            "releases it, for this exact file, case and reader"
        )
        missing += approvals.ignored
        waiting.append("approval")
    return approvals, missing, waiting, chain


def _hold(gate: _Gate, missing: list[str], waiting: list[str]) -> ReleaseResult:
    plan = gate.result.plan
    keep(gate.data, gate.sha256, gate.path.suffix)  # its exact bytes, for the clerk's review
    entry_id = audit.record(
        "hold", gate.user, decision="held", reason="; ".join(missing), case_id=gate.case_id,
        reader=gate.reader, input_sha256=gate.sha256, findings=plan.findings,
        extra={"domestic_abuse": plan.assessment.domestic_abuse, "waiting_for": waiting,
               "verdict": str(gate.result.verdict), **_case_extra(gate.case)},
    )  # fmt: skip
    return ReleaseResult(
        Verdict.HELD, gate.sha256, gate.case_id, gate.reader, plan.assessment.domestic_abuse,
        plan.findings, tuple(missing), None, None, entry_id,
    )  # fmt: skip


def _receipt(gate: _Gate, approvers: tuple[str, ...], name: str) -> dict[str, Any]:
    return sign({
        "file_sha256": gate.sha256, "file_name": name, "case_id": gate.case_id,
        "reader": gate.reader, "redacted_by": list(gate.redactors), "approved_by": list(approvers),
        "released_by": gate.user, "released_at": now(),
        "domestic_abuse": gate.result.plan.assessment.domestic_abuse,
        "tool_version": tool_version(), "rules_version": rules_version(), **_case_extra(gate.case),
        "chain": _chain_head(gate.chain), "reason_codes": reason_codes(gate.sha256),
    })  # fmt: skip


def _chain_head(chain: ChainStatus | None) -> dict[str, Any]:
    """The log's length and head when the release was decided: the log can never be shorter."""
    if chain is None or chain.empty:
        return {"count": 0, "head_hash": "0" * 64}
    return {"count": chain.count, "head_hash": chain.head_hash}


def _stage(target: Path, data: bytes) -> Path:
    """Write `data` next to `target` under a temporary name, synced to disk."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")  # threads share a pid
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def _let_out(gate: _Gate, approvals: Approvals) -> ReleaseResult:
    approvers = approvals.approvers
    folder = outbox() / safe_name(gate.case_id)
    folder.mkdir(parents=True, exist_ok=True)
    # File names are not kept: they can carry a victim's name or street.
    name = f"{gate.sha256[:12]}.{safe_name(gate.path.suffix.lower().lstrip('.'))}"
    target = folder / name
    receipt_path = target.with_name(f"{target.name}.{safe_name(gate.reader)}{SUFFIX}")
    receipt = _receipt(gate, approvers, name)
    receipt_bytes = json.dumps(receipt, indent=2, sort_keys=True).encode("utf-8")
    staged = [_stage(target, gate.data), _stage(receipt_path, receipt_bytes)]
    try:
        if hashlib.sha256(staged[0].read_bytes()).hexdigest() != gate.sha256:
            raise InternalError("the outbox copy does not match the checked file")
        entry_id = _record_release(gate, approvals, receipt, f"{folder.name}/{target.name}")
        os.replace(staged[0], target)
        os.replace(staged[1], receipt_path)
    finally:
        for tmp in staged:
            tmp.unlink(missing_ok=True)
    plan = gate.result.plan
    reasons = (_why_released(plan.assessment.domestic_abuse, approvers),)
    return ReleaseResult(
        Verdict.RELEASED, gate.sha256, gate.case_id, gate.reader, plan.assessment.domestic_abuse,
        plan.findings, reasons, receipt, target, entry_id,
    )  # fmt: skip


def _why_released(domestic_abuse: bool, approvers: tuple[str, ...]) -> str:
    if domestic_abuse:
        return f"the check found the file clear and {', '.join(approvers)} approved it"
    return "the check found the file clear and it is not a domestic-abuse document"


def _not_used_meanwhile(gate: _Gate, approvals: Approvals) -> Guard:
    """Under the log's lock: none of these approvals was consumed by a release written since."""

    def guard(read: Reader) -> None:
        same_file = (("action", "release"), ("case_id", gate.case_id), ("input_sha256", gate.sha256),
                     ("reader", gate.reader))  # fmt: skip
        if used_approvals(read(Query(equal=same_file))) & set(approvals.entry_ids):
            raise Conflict("the approval was consumed by another release")

    return guard


def _record_release(gate: _Gate, approvals: Approvals, receipt: dict[str, Any], where: str) -> int:
    plan = gate.result.plan
    approvers = approvals.approvers
    return audit.record(
        "release", gate.user, decision="released",
        reason=_why_released(plan.assessment.domestic_abuse, approvers),
        case_id=gate.case_id, reader=gate.reader, input_sha256=gate.sha256,
        findings=plan.findings,
        extra={"domestic_abuse": plan.assessment.domestic_abuse, "approved_by": list(approvers),
               "redacted_by": list(gate.redactors), "outbox": where, "approval_entries": list(approvals.entry_ids),
               "receipt_signature": receipt["signature"], **_case_extra(gate.case)},
        guard=_not_used_meanwhile(gate, approvals),
    )  # fmt: skip
