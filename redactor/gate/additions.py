"""A clerk removes more: a phrase the tool kept is removed everywhere, and the new version is held.

The phrase becomes a known detail (kind `workplace`, matched whatever its spacing or case) of
every protected party in a copy of the case, and the held document is redacted again with that
case (the `Redaction` its caller passes: `commands.run_remove_more` passes `commands.run_redact`,
redacted, then verified by an independent re-read). The clerk is
then the author of the new version, so another clerk must approve it; the old version leaves
the queue with a refusal that names the new one. The audit log holds the kind, the rule and a
keyed hash of the phrase, never the phrase.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from redactor.casecheck import protection_markers
from redactor.casefile import load_case
from redactor.errors import BadInput
from redactor.gate.people import is_clerk
from redactor.gate.queue import Held
from redactor.gate.refusals import refuse
from redactor.gate.releases import Checker, ReleaseResult, release
from redactor.settings import valid_user
from redactor.types import RedactResult

KIND, MAX_PHRASE = "workplace", 200


# (file, case file, reader, out, user) -> the file redacted into `out` and verified clean, audited
Redaction = Callable[[Path, Path, str, Path, str], RedactResult]


@dataclass(frozen=True)
class Addition:
    removed: int  # spans removed in this pass
    output_sha256: str
    held: ReleaseResult  # the new version, held for another clerk


def _targets(case_path: Path, reader: str) -> set[str]:
    case = load_case(case_path)
    named = {other for p in case.parties for other in p.restricted_from}
    protected = {p.id for p in case.parties if p.has_marker(protection_markers()) or p.id in named}
    if not protected - {reader}:  # a document protected only through a marker in its text
        protected = {p.id for p in case.parties if "professional" not in p.markers}
    return protected - {reader}


def widened_case(case_path: Path, reader: str, phrase: str) -> bytes:
    """The case file with `phrase` as a known detail of every party protected from `reader`."""
    raw: dict[str, Any] = yaml.safe_load(case_path.read_text("utf-8"))
    targets = _targets(case_path, reader)
    for party in raw.get("parties", []):
        if party.get("id") in targets:
            details = party.setdefault("details", {}) or {}
            details[KIND] = [*details.get(KIND, []), phrase]
            party["details"] = details
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True).encode("utf-8")


def _phrase(text: str) -> str:
    phrase = " ".join(text.split())
    if not 2 <= len(phrase) <= MAX_PHRASE:
        raise BadInput(f"the phrase to remove must be 2 to {MAX_PHRASE} characters")
    return phrase


def remove_more(held: Held, document: Path, case_path: Path, text: str, clerk: str,
                redaction: Redaction, checker: Checker) -> Addition:  # fmt: skip
    """Redact the held `document` again with `text` removed everywhere (`redaction`); hold the new
    version (`checker`: the release check, as for `release`)."""
    clerk, phrase = valid_user(clerk), _phrase(text)
    if not is_clerk(clerk):
        raise BadInput(f"{clerk} is not a clerk")
    widened = case_path.with_name("widened.yaml")
    widened.write_bytes(widened_case(case_path, held.reader, phrase))
    out = document.with_name(f"version{document.suffix}")
    result = redaction(document, widened, held.reader, out, clerk)
    again = release(out, case_path, held.reader, clerk, checker)
    refuse(held.file_sha256, held.case_id, held.reader, clerk,
           f"replaced by version {result.output_sha256[:12]}, with more removed by {clerk}")  # fmt: skip
    return Addition(len(result.cuts), result.output_sha256, again)
