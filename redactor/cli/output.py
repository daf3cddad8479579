"""Rendering results for people (text); the JSON for programs is `redactor.contract`."""

from __future__ import annotations

from redactor.types import CheckResult, Finding


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
