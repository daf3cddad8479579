"""One audit entry, and how findings are reduced to what may be stored.

A finding is stored as its kind, place, rule, detector, party, decision and a
keyed hash of its value (`redactor.keys.value_hash`); its text never is.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from redactor.keys import value_hash

FIELDS = (
    "id", "time", "user", "action", "case_id", "reader", "input_sha256", "output_sha256",
    "decision", "reason", "findings", "counts", "extra", "tool_version", "rules_version",
    "prev_hash", "entry_hash",
)  # fmt: skip
JSON_FIELDS = ("findings", "counts", "extra")
GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    """A row of the log exactly as stored; the JSON fields are kept as their stored text."""

    id: int
    time: str
    user: str
    action: str
    case_id: str | None
    reader: str | None
    input_sha256: str | None
    output_sha256: str | None
    decision: str
    reason: str
    findings: str  # JSON list of stored findings
    counts: str  # JSON object kind -> count
    extra: str  # JSON object
    tool_version: str
    rules_version: str
    prev_hash: str
    entry_hash: str

    def parsed(self, name: str) -> Any:
        return json.loads(getattr(self, name))

    def as_dict(self) -> dict[str, Any]:
        """Every field, with the JSON fields parsed (for export and display)."""
        out = asdict(self)
        for name in JSON_FIELDS:
            out[name] = self.parsed(name)
        return out

    def hashed_part(self) -> dict[str, Any]:
        """What the entry hash covers: every stored field but the hash itself."""
        return {name: getattr(self, name) for name in FIELDS[:-1]}


def canonical(value: Any) -> str:
    """The one JSON spelling that is hashed and stored: sorted keys, no spaces."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _get(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def _plain(value: Any) -> str | None:
    # StrEnum decisions become their plain value; anything absent stays None.
    if value is None:
        return None
    return str(getattr(value, "value", value))


def stored_finding(item: Any) -> dict[str, Any]:
    """A finding reduced to what the log may hold; the text only as a keyed hash."""
    text = _get(item, "text")
    code = _reason_code(item)
    return {
        "kind": _plain(_get(item, "kind")) or "UNKNOWN",
        "location": _plain(_get(item, "location")) or "",
        "rule": _plain(_get(item, "rule")) or "",
        "detector": _plain(_get(item, "detector")) or "",
        "party": _plain(_get(item, "party")),
        "decision": _plain(_get(item, "decision")),
        "value_hmac": value_hash(str(text)) if text else None,
        "why": _explained(_get(item, "explanation")),
        **({"reason_code": code} if code else {}),
    }


def _explained(explanation: Any) -> dict[str, object] | None:
    """A finding's structured explanation (detector, pattern, score, validator, context word): rule
    words only, never the matched text; None for a stored finding read back or one that has none."""
    if isinstance(explanation, Mapping):
        return dict(explanation)
    stored = getattr(explanation, "stored", None)
    return stored() if callable(stored) else None


def _reason_code(item: Any) -> str | None:
    """The finding's reason code (rules/reasons.yaml), from its policy rule id and kind."""
    given = _plain(_get(item, "reason_code"))
    reason = _plain(_get(item, "reason"))
    if given or not reason:
        return given
    from redactor.reasons import code_for  # only when there is a reason: the log stays light to import

    return code_for(reason, _plain(_get(item, "kind")) or "")


def stored_findings(findings: Iterable[Any]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The stored findings and their counts by kind."""
    stored = [stored_finding(f) for f in findings]
    counts = Counter(f["kind"] for f in stored)
    return stored, dict(sorted(counts.items()))
