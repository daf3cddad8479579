"""What a held version had removed, and, for a clerk, the original text behind one removal.

The removals come from the audit log: the `redact` entries that made the held file and its
inputs (a clerk's remove-more redacts an already redacted file). A removal is named by
(redact entry id, index in its findings); the log holds its kind, place, rule and a keyed hash
of its value. The original text is found again in the kept input of that redaction
(`gate.originals`): in the place and line the log names, the span whose keyed hash is the
logged one. Looking is for clerks only and is itself an audit entry (who, which removal, never
the value).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor import audit
from redactor.audit import Entry
from redactor.errors import BadInput, InternalError
from redactor.gate.approvals import identity
from redactor.gate.originals import original_bytes
from redactor.gate.people import is_clerk
from redactor.gate.queue import Held
from redactor.keys import value_hash
from redactor.settings import valid_user
from redactor.types import Segment

REMOVED = ("redact", "review")
LONGEST = 400  # characters: longer than any value a detector or a case file names
ACTION = "review-see-behind"


@dataclass(frozen=True)
class Removal:
    """One removal the log records for a version: where, what kind, why; never the value."""

    entry_id: int  # the redact entry
    index: int  # in that entry's findings
    kind: str
    rule: str
    detector: str
    location: str
    party: str
    value_hmac: str
    source_sha256: str  # the document that redaction started from
    code: str = ""  # the reason code (rules/reasons.yaml), when the entry carries one

    @property
    def ref(self) -> str:
        return f"{self.entry_id}-{self.index}"


def lineage(sha256: str, depth: int = 10) -> list[Entry]:
    """The redactions that made this file, then those that made their inputs, newest first."""
    made: list[Entry] = []
    wanted = {sha256}
    for _ in range(depth):
        step = [e for s in wanted for e in audit.entries(action="redact", output_sha256=s) if e not in made]
        if not step:
            break
        made += step
        wanted = {str(e.input_sha256) for e in step}
    return made


def _removal(entry: Entry, index: int, f: dict[str, Any]) -> Removal:
    return Removal(entry.id, index, str(f.get("kind")), str(f.get("rule") or ""), str(f.get("detector") or ""),
                   str(f.get("location") or ""), str(f.get("party") or ""), str(f.get("value_hmac") or ""),
                   str(entry.input_sha256), str(f.get("reason_code") or ""))  # fmt: skip


def removals(sha256: str) -> list[Removal]:
    """Every removal recorded for the file with this SHA-256 (its whole lineage)."""
    out = []
    for entry in lineage(sha256):
        found: list[dict[str, Any]] = entry.parsed("findings")
        out += [_removal(entry, i, f) for i, f in enumerate(found) if f.get("decision") in REMOVED]
    return out


def removal(sha256: str, ref: str) -> Removal:
    """The removal named `ref` ("<entry>-<index>") among this file's (BadInput when it is not one)."""
    found = [r for r in removals(sha256) if r.ref == ref]
    if not found or not found[0].value_hmac:
        raise BadInput("that is not a removal recorded for this document")
    return found[0]


Read = Callable[[Path], Sequence[Segment]]
"""Reads a document into its segments as the check did (the caller passes `api.read_safely` under its limits)."""


def _segments(data: bytes, fmt: str, read: Read) -> Sequence[Segment]:
    with tempfile.TemporaryDirectory(prefix="redactor-behind-") as folder:
        path = Path(folder) / f"original.{fmt}"
        path.write_bytes(data)
        return read(path)


def _line_range(text: str, line: int) -> range:
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    if not 1 <= line <= len(starts):
        return range(0)
    end = starts[line] if line < len(starts) else len(text)
    return range(starts[line - 1], end)


def _find(segment: Segment, line: int, wanted: str) -> str | None:
    text = segment.text
    # The keyed hash ignores spacing and punctuation: the tightest span that matches is the value.
    for start in (i for i in _line_range(text, line) if text[i].isalnum() or text[i] in "+("):
        for end in range(start + 1, min(len(text), start + LONGEST) + 1):
            if value_hash(text[start:end]) == wanted:
                return text[start:end]
    return None


def original_text(found: Removal, read: Read) -> str:
    """The text the removal took out of its source document (InternalError when not found again)."""
    place, _, line = found.location.rpartition(", line ")
    data, fmt = original_bytes(found.source_sha256)
    for segment in _segments(data, fmt, read):
        if segment.place == place and line.isdigit():
            text = _find(segment, int(line), found.value_hmac)
            if text is not None:
                return text
    raise InternalError("the removed text was not found again in the kept original")


def see_behind(held: Held, ref: str, clerk: str, read: Read) -> tuple[Removal, str]:
    """For a clerk: the removal `ref` of the held version and its original text, looked at on the
    record (an audit entry naming who looked at which removal, by its keyed hash; no value)."""
    clerk = valid_user(clerk)
    if not is_clerk(clerk):
        raise BadInput(f"{clerk} is not a clerk; only clerks see behind a removal")
    found = removal(held.file_sha256, ref)
    text = original_text(found, read)
    audit.record(ACTION, clerk, decision="shown", reason=f"a clerk looked behind removal {ref} ({found.kind})",
                 case_id=held.case_id, reader=held.reader, input_sha256=held.file_sha256,
                 extra={"removal": _logged(found), "command": "review", **identity(True)})  # fmt: skip
    return found, text


def _logged(found: Removal) -> dict[str, Any]:
    return {"entry": found.entry_id, "index": found.index, "kind": found.kind, "rule": found.rule,
            "value_hmac": found.value_hmac, "reason_code": found.code}  # fmt: skip


def reason_codes(sha256: str) -> list[dict[str, Any]]:
    """The reason codes of every removal recorded for this file, with their meanings and counts
    (what a receipt carries: which kinds of reason the removals had, no place and no value)."""
    from collections import Counter

    from redactor.reasons import meaning

    counted = Counter(r.code or "UNCODED" for r in removals(sha256))
    return [{"code": c, "meaning": meaning(c), "count": n} for c, n in sorted(counted.items())]
