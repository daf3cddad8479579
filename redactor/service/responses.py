"""What the service answers: JSON bodies for the gate and the audit log, and failures.

Every failure becomes `{"error": reason}` with one status: 400 a malformed request,
401/403 authentication or role, 413 too large, 422 bad input, 409 an output that
could not be proved clean (or a file the gate holds), 500 anything else. Reasons
come from `redactor.errors.one_line` (no document text), with the private upload
folder's path taken out.
"""

from __future__ import annotations

import logging
import re
import tempfile
from typing import Any

from starlette.responses import JSONResponse

from redactor.cli.output import finding_json
from redactor.errors import BadInput, RedactorError, UnsafeOutput, one_line
from redactor.service.auth import Denied
from redactor.service.uploads import FormError, TooLarge, TooSlow

log = logging.getLogger("redactor.service")

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain; charset=utf-8",
}
_UPLOAD_DIR = re.compile(re.escape(tempfile.gettempdir()) + r"/redactor-upload-[^/\s]+/?")


def status_for(exc: BaseException) -> int:
    if isinstance(exc, Denied):
        return exc.status
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, TooSlow):
        return 408
    if isinstance(exc, FormError):
        return 400
    if isinstance(exc, BadInput):
        return 422
    if isinstance(exc, UnsafeOutput):
        return 409
    return 500


def reason_for(exc: BaseException) -> str:
    if isinstance(exc, Denied | TooLarge | TooSlow | FormError):
        return str(exc)
    if not isinstance(exc, RedactorError):
        return one_line(exc)  # only the type of a foreign exception, never its message
    return _UPLOAD_DIR.sub("", one_line(exc))


def failure(exc: BaseException) -> JSONResponse:
    """The one JSON error response for any failure of a request."""
    status = status_for(exc)
    if status == 500:
        log.error("internal error (%s)", type(exc).__name__)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if status in (400, 408, 413):  # what is left of the body is not read: end the connection
        headers = {"Connection": "close"}
    return JSONResponse({"error": reason_for(exc)}, status_code=status, headers=headers)


def release_body(result: Any) -> dict[str, Any]:
    """A `ReleaseResult` as JSON (the same fields `release --format json` prints)."""
    return {
        "decision": str(result.decision), "domestic_abuse": result.domestic_abuse,
        "reasons": list(result.reasons), "receipt": result.receipt,
        "file_sha256": result.file_sha256, "case_id": result.case_id, "reader": result.reader,
        "audit_entry": result.entry_id,
        "findings": [finding_json(f) for f in result.findings],
    }  # fmt: skip


def approval_body(result: Any) -> dict[str, Any]:
    """An `ApprovalResult` as JSON."""
    return {
        "recorded": result.recorded, "file_sha256": result.file_sha256,
        "case_id": result.case_id, "reader": result.reader, "user": result.user,
        "reason": result.reason, "audit_entry": result.entry_id,
    }  # fmt: skip


def chain_body(status: Any) -> dict[str, Any]:
    """An audit `ChainStatus` as JSON."""
    return {
        "intact": status.intact, "count": status.count, "head_hash": status.head_hash,
        "bad_entry": status.bad_entry, "problem": status.problem, "summary": status.summary,
    }  # fmt: skip


def registration_body(result: Any) -> dict[str, Any]:
    """A case `Registration` as JSON."""
    return {
        "recorded": result.recorded, "case_id": result.case_id, "version": result.version,
        "digest": result.digest, "changes": list(result.changes), "reason": result.reason,
        "audit_entry": result.entry_id,
    }  # fmt: skip


def held_body(item: Any) -> dict[str, Any]:
    """One `Held` of the queue as JSON (hashes, ids and reasons; no values)."""
    return {
        "file_sha256": item.file_sha256, "case_id": item.case_id, "reader": item.reader,
        "user": item.user, "time": item.time, "reason": item.reason,
        "waiting_for": list(item.waiting_for), "approved_since": list(item.approved_since),
    }  # fmt: skip
