"""The JSON contract: the one spelling of every result as JSON, for every face.

`redactor ... --format json` prints these bodies and `redactor serve` answers with them,
so a sending system reads the same fields whichever way it calls the gate. The CLI's text
for people lives in `redactor.cli.output`; the service's error bodies in
`redactor.service.responses`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from redactor.types import CheckResult, Finding, Plan, RedactResult

if TYPE_CHECKING:
    from redactor.audit.chain import ChainStatus
    from redactor.caserecord import Registration
    from redactor.gate.approvals import ApprovalResult
    from redactor.gate.queue import Held
    from redactor.gate.releases import ReleaseResult


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "text": f.text,
        "location": f.location,
        "decision": str(f.decision),
        "reason": f.reason,
        "detector": f.detector,
        "rule": f.rule,
        "party": f.party,
        "score": round(f.score, 3),
        "why": str(f.explanation),
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "case_id": plan.case_id,
        "reader": plan.reader,
        "domestic_abuse": plan.assessment.domestic_abuse,
        "domestic_abuse_reasons": list(plan.assessment.reasons),
        "case_record_needs_update": plan.assessment.marker_only,
        "protected_parties": list(plan.assessment.protected_parties),
        "problems": [{"place": p.place, "code": p.code, "message": p.message} for p in plan.problems],
        "findings": [finding_json(f) for f in plan.findings],
    }


def check_json(result: CheckResult) -> str:
    body = {"decision": str(result.verdict), **plan_json(result.plan)}
    body["file_sha256"] = result.document.sha256
    body["seconds"] = round(result.seconds, 3)
    return json.dumps(body, ensure_ascii=False, indent=2)


def redact_json(result: RedactResult) -> str:
    body = {"decision": str(result.plan.verdict), **plan_json(result.plan)}
    body |= {
        "output": str(result.output),
        "output_sha256": result.output_sha256,
        "removed": [{"segment": c.segment, "start": c.start, "end": c.end, "label": c.label} for c in result.cuts],
        "verification": {
            "reader": result.verification.reader,
            "clean": result.verification.clean,
            "places_read": result.verification.places_read,
            "residues": [r.__dict__ for r in result.verification.residues],
        },
        "notes": list(result.notes),
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


def release_body(result: ReleaseResult, outbox_file: bool = False) -> dict[str, Any]:
    """A release as JSON; `outbox_file`: with the local path of the released copy (the CLI's)."""
    body: dict[str, Any] = {
        "decision": str(result.decision), "domestic_abuse": result.domestic_abuse,
        "reasons": list(result.reasons), "receipt": result.receipt,
        "file_sha256": result.file_sha256, "case_id": result.case_id, "reader": result.reader,
        "audit_entry": result.entry_id,
        "findings": [finding_json(f) for f in result.findings],
    }  # fmt: skip
    if outbox_file:
        body["outbox_file"] = None if result.outbox_file is None else str(result.outbox_file)
    return body


def approval_body(result: ApprovalResult) -> dict[str, Any]:
    return {
        "recorded": result.recorded, "file_sha256": result.file_sha256,
        "case_id": result.case_id, "reader": result.reader, "user": result.user,
        "reason": result.reason, "audit_entry": result.entry_id,
    }  # fmt: skip


def chain_body(status: ChainStatus) -> dict[str, Any]:
    return {
        "intact": status.intact, "count": status.count, "head_hash": status.head_hash,
        "bad_entry": status.bad_entry, "problem": status.problem, "summary": status.summary,
    }  # fmt: skip


def registration_body(result: Registration) -> dict[str, Any]:
    return {
        "recorded": result.recorded, "case_id": result.case_id, "version": result.version,
        "digest": result.digest, "changes": list(result.changes), "reason": result.reason,
        "audit_entry": result.entry_id,
    }  # fmt: skip


def held_body(item: Held) -> dict[str, Any]:
    """One held document of the queue (hashes, ids and reasons; no values)."""
    return {
        "file_sha256": item.file_sha256, "case_id": item.case_id, "reader": item.reader,
        "user": item.user, "time": item.time, "reason": item.reason,
        "waiting_for": list(item.waiting_for), "approved_since": list(item.approved_since),
    }  # fmt: skip
