"""What the review pages show, gathered from the gate and the audit log (no decision here).

Findings come from the audit log: the `redact` entries that produced the held file (what was
removed) and the hold entry itself (what the release check found in the held file: kept, or
still to remove or review). The log holds kinds, places, rules and keyed hashes, never text.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor import audit, gate, records
from redactor.audit import Entry
from redactor.errors import BadInput
from redactor.gate.behind import lineage
from redactor.reasons import meaning
from redactor.service.web.render import Mark

DECISION_WORDS = {"redact": "removed", "keep": "kept", "review": "for review"}


@dataclass(frozen=True)
class FindingView:
    kind: str
    decision: str  # redact | keep | review
    rule: str
    location: str
    party: str
    source: str  # "redaction" (removed before the hold) or "release check"
    ref: str = ""  # a removal a clerk may look behind or restore: "<redact entry>-<index>"
    code: str = ""  # its reason code (rules/reasons.yaml); empty on entries written before codes

    @property
    def meaning(self) -> str:
        return meaning(self.code) if self.code else ""

    @property
    def decision_words(self) -> str:
        return DECISION_WORDS.get(self.decision, self.decision)


@dataclass(frozen=True)
class HeldView:
    hold: gate.Held
    authors: tuple[str, ...]
    findings: tuple[FindingView, ...]
    fmt: str | None


def held_items(case_id: str = "") -> list[gate.Held]:
    """What waits for a clerk, newest first, optionally only one case."""
    items = [h for h in gate.queue() if not case_id or h.case_id == case_id.strip()]
    return sorted(items, key=lambda h: h.entry_id, reverse=True)


def _views(entry: Entry, source: str) -> list[FindingView]:
    found: list[dict[str, Any]] = entry.parsed("findings")
    removed = source == "redaction"
    return [FindingView(str(f.get("kind")), str(f.get("decision") or "review"), str(f.get("rule") or ""),
                        str(f.get("location") or ""), str(f.get("party") or ""), source,
                        f"{entry.id}-{i}" if removed and f.get("value_hmac") else "", str(f.get("reason_code") or ""))
            for i, f in enumerate(found)]  # fmt: skip


def held_view(entry_id: int) -> HeldView:
    """The held document behind hold entry `entry_id` (BadInput when there is none)."""
    found = [h for h in gate.queue(include_all=True) if h.entry_id == entry_id]
    hold_entry = audit.entry(entry_id)
    if not found or hold_entry is None:
        raise BadInput(f"entry {entry_id} is not a document the gate holds")
    held = found[0]
    made = lineage(held.file_sha256)
    authors = tuple(dict.fromkeys(e.user for e in made))
    findings = [v for e in made for v in _views(e, "redaction")] + _views(hold_entry, "release check")
    return HeldView(held, authors, tuple(findings), gate.held_format(held.file_sha256))


@contextmanager
def held_files(held: gate.Held) -> Iterator[tuple[Path, Path]]:
    """(the held document, the case as recorded) in a private folder, removed afterwards."""
    stored = records.latest(held.case_id)
    if stored is None:
        raise BadInput(f"case {held.case_id} is not registered; register it before approving")
    with tempfile.TemporaryDirectory(prefix="redactor-review-") as folder:
        case = Path(folder) / "case.yaml"
        case.write_bytes(stored.plain)
        yield gate.write_held(held.file_sha256, Path(folder)), case


def chain_line(status: audit.ChainStatus) -> str:
    if status.intact or status.empty:
        return f"intact: {status.count} entries, head {status.head_hash[:16]}"
    return f"broken at entry {status.bad_entry}: {status.problem}"


def marks(view: HeldView) -> list[Mark]:
    """One outline caption per label the redaction left: the kinds and reason codes behind it."""
    from redactor.ruleset import load_rules

    policy = load_rules().policy
    removed = [f for f in view.findings if f.source == "redaction" and f.decision in ("redact", "review")]
    by_label: dict[str, tuple[set[str], set[str]]] = {}
    for f in removed:
        kinds, codes = by_label.setdefault(policy.label(f.kind), (set(), set()))
        kinds.add(f.kind)
        codes.update([f.code] if f.code else [])
    return [Mark(label, " · ".join(p for p in ("/".join(sorted(k)), "/".join(sorted(c))) if p))
            for label, (k, c) in by_label.items()]  # fmt: skip
