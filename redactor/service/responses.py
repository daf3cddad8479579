"""What the service answers when a request fails (the bodies of results: `redactor.contract`).

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

from starlette.responses import JSONResponse

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
