"""A clerk restores a removed span, with a reason: a new version, redacted and verified again.

The value may then be shown in this case: it becomes an `allow` entry of a new version of the
case record (lowering protection, which needs a clerk; the record refuses an entry that matches
a protected party's detail). The document that redaction started from (`gate.originals`) is
redacted again under that record and verified by the independent re-read; the clerk is then its
author, so another clerk must approve it, and the old version leaves the queue. Fail closed:
when the removal is a known detail of the case, when the version carries a clerk's own removals
(remove more), when the policy still removes the value, or when verification fails, nothing is
restored and the record is put back. The audit log holds who restored which removal (its kind,
rule and keyed hash) and why, never the value.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from redactor import audit, records
from redactor.caserecord import register
from redactor.errors import BadInput, RedactorError
from redactor.gate.additions import Redaction
from redactor.gate.approvals import identity
from redactor.gate.behind import Read, Removal, _logged, lineage, original_text, removal
from redactor.gate.originals import original_bytes
from redactor.gate.people import is_clerk
from redactor.gate.queue import Held
from redactor.gate.refusals import quotes_a_detail, refuse
from redactor.gate.releases import Checker, ReleaseResult, release
from redactor.keys import normalise, value_hash
from redactor.settings import valid_user

ACTION = "review-restore"


@dataclass(frozen=True)
class Restoration:
    restored: bool  # False: refused, nothing changed
    reason: str  # what happened, or why it was refused (one line, no value)
    output_sha256: str = ""
    held: ReleaseResult | None = None


def _refusal(held: Held, found: Removal, reason: str) -> str:
    if not reason:
        return "a restore needs a reason"
    if quotes_a_detail(reason, held.case_id):
        return "the reason quotes a protected detail; say why without it"
    if found.detector == "known" or "known" in found.rule.split("/")[-1]:
        return "this is a known detail of the case; correct the case record instead of restoring it"
    if len(lineage(held.file_sha256)) > 1:
        return "this version carries phrases a clerk removed; restore is offered on the tool's own redaction only"
    return ""


def _with_allowed(case_id: str, value: str) -> tuple[bytes, bytes]:
    """(the record now, the record with `value` allowed)."""
    stored = records.latest(case_id)
    if stored is None:
        raise BadInput(f"case {case_id} is not registered")
    raw: dict[str, Any] = yaml.safe_load(stored.plain)
    raw["allow"] = [*(raw.get("allow") or []), value]
    return stored.plain, yaml.safe_dump(raw, sort_keys=False, allow_unicode=True).encode("utf-8")


def restore(held: Held, ref: str, reason: str, clerk: str, redaction: Redaction, checker: Checker,
            read: Read) -> Restoration:  # fmt: skip
    """Restore removal `ref` of the held version for the reason given; hold the new version
    (`redaction` redacts the kept original again, `checker` is the release check, `read` reads a document)."""
    clerk, reason = valid_user(clerk), " ".join(reason.split())[:500]
    if not is_clerk(clerk):
        return Restoration(False, f"{clerk} is not a clerk")
    found = removal(held.file_sha256, ref)
    refused = _refusal(held, found, reason)
    if refused:
        return Restoration(False, refused)
    value = original_text(found, read)
    if normalise(value) in normalise(reason):
        return Restoration(False, "the reason quotes the value to restore; say why without it")
    before, widened = _with_allowed(held.case_id, value)
    try:
        registered = register(widened, "restore", clerk)
    except BadInput as exc:  # the record refuses to allow a protected party's detail
        return Restoration(False, f"not restored: {str(exc).splitlines()[0]}")
    if not registered.recorded:
        return Restoration(False, f"not restored: {registered.reason}")
    try:
        return _redo(held, found, reason, clerk, widened, redaction, checker)
    except RedactorError:
        register(before, "restore-undone", clerk)  # fail closed: the value is protected again
        raise


def _redo(held: Held, found: Removal, reason: str, clerk: str, case: bytes, redaction: Redaction,
          checker: Checker) -> Restoration:  # fmt: skip
    data, fmt = original_bytes(found.source_sha256)
    with tempfile.TemporaryDirectory(prefix="redactor-restore-") as folder:
        source, case_path = Path(folder) / f"original.{fmt}", Path(folder) / "case.yaml"
        source.write_bytes(data)
        case_path.write_bytes(case)
        out = Path(folder) / f"version.{fmt}"
        result = redaction(source, case_path, held.reader, out, clerk)
        if any(value_hash(f.text) == found.value_hmac for f in result.plan.to_remove):
            raise BadInput("the policy still removes this value (it is protected); nothing was restored")
        again = release(out, case_path, held.reader, clerk, checker)
    refuse(held.file_sha256, held.case_id, held.reader, clerk,
           f"replaced by version {result.output_sha256[:12]}; removal {found.ref} restored by {clerk}")  # fmt: skip
    audit.record(ACTION, clerk, decision="restored", reason=reason, case_id=held.case_id, reader=held.reader,
                 input_sha256=held.file_sha256, output_sha256=result.output_sha256,
                 extra={"removal": _logged(found), "command": "review", **identity(True)})  # fmt: skip
    return Restoration(True, f"removal {found.ref} ({found.kind}) restored in a new version "
                       f"({result.output_sha256[:12]}), verified clean", result.output_sha256, again)  # fmt: skip
