"""The document each redaction started from, kept sealed so that a clerk can look behind a removal.

`redact` keeps its input's exact bytes as `$REDACTOR_HOME/held/originals/<sha256>.<ext>.sealed`
(AES-256-GCM under `keys/held.key`, like a held document): a clerk's "see behind" reads the
original text of a removed span from it, and a clerk's restore redacts it again. A copy is
served only while the audit log records a redaction of it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from redactor.errors import InternalError
from redactor.gate.heldfiles import FORMATS, folder, seal_into, unseal
from redactor.gate.people import safe_name


def _path(sha256: str, fmt: str) -> Path:
    return folder() / "originals" / f"{safe_name(sha256)}.{safe_name(fmt)}.sealed"


def keep_original(path: Path, sha256: str) -> None:
    """Keep the redacted input `path` (only when its bytes are still those that were redacted).

    Best effort: the redaction is done and logged; without a copy a clerk cannot look behind or
    restore (both then refuse: "not kept"), which is the safe side."""
    from redactor.errors import BadInput
    from redactor.inputs import read_input

    fmt = path.suffix.lower().lstrip(".")
    try:
        data = read_input(path)  # a regular file, never through a link
    except (BadInput, OSError):
        return
    if fmt in FORMATS and hashlib.sha256(data).hexdigest() == sha256:
        seal_into(_path(sha256, fmt), data, sha256)


def original_bytes(sha256: str) -> tuple[bytes, str]:
    """The kept input of a recorded redaction and its format (InternalError when none is kept)."""
    from redactor import audit

    fmt = next((f for f in FORMATS if _path(sha256, f).exists()), None)
    if fmt is None:
        raise InternalError("the document this version was redacted from is not kept")
    if not audit.entries(action="redact", input_sha256=sha256):
        raise InternalError("no redaction of this document is recorded in the audit log")
    return unseal(_path(sha256, fmt), sha256), fmt
