"""Rendering results for people (text) and programs (one JSON object)."""

from __future__ import annotations

import json
from typing import Any

from redactor.types import CheckResult, Finding, Plan, RedactResult


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
        "why": f.explanation,
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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def finding_line(f: Finding) -> str:
    mark = {"redact": "REDACT", "review": "REVIEW", "keep": "keep"}[str(f.decision)]
    party = f" [{f.party}]" if f.party else ""
    return f"  {mark:<6} {f.kind:<13} {f.location:<28} {_one_line(f.text)!r}{party}\n         {f.reason}"


def check_text(result: CheckResult, verdict: str) -> str:
    plan = result.plan
    lines = [f"{result.document.path.name}: case {plan.case_id}, reader {plan.reader}"]
    if plan.assessment.domestic_abuse:
        lines.append("domestic-abuse document: " + "; ".join(plan.assessment.reasons))
        if plan.assessment.marker_only:
            lines.append("note: the case file is not flagged; the case record may need updating")
    lines += [finding_line(f) for f in plan.findings]
    lines += [f"  PROBLEM {p.place}: {p.message}" for p in plan.problems]
    lines.append(f"verdict: {result.verdict}: {verdict}")
    return "\n".join(lines)
