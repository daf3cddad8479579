"""The exact bytes of every held document, kept so that a clerk can review it.

Each is `$REDACTOR_HOME/held/<sha256>.<ext>`, sealed (AES-256-GCM under `keys/held.key`, the
SHA-256 bound as associated data): a document held for redaction still carries what must
be removed, and the state folder never holds a value in the clear.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from redactor.errors import InternalError
from redactor.gate.people import safe_name
from redactor.keys import key
from redactor.settings import files_root

FORMATS = ("pdf", "docx", "txt")


def folder() -> Path:
    return files_root() / "held"


def _sealed_path(sha256: str, fmt: str) -> Path:
    return folder() / f"{safe_name(sha256)}.{safe_name(fmt)}.sealed"


def seal_into(target: Path, data: bytes, sha256: str) -> Path:
    """Write `data` sealed under `keys/held.key` (the SHA-256 bound as associated data) at `target`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    nonce = secrets.token_bytes(12)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")  # threads share a pid
    tmp.write_bytes(nonce + AESGCM(key("held")).encrypt(nonce, data, sha256.encode("ascii")))
    os.replace(tmp, target)
    return target


def unseal(target: Path, sha256: str) -> bytes:
    """The bytes sealed at `target` (InternalError when altered, under another key, or not `sha256`'s)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sealed = target.read_bytes()
    try:
        data = AESGCM(key("held")).decrypt(sealed[:12], sealed[12:], sha256.encode("ascii"))
    except (InvalidTag, ValueError):
        raise InternalError("the kept copy cannot be opened (altered, or another key)") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise InternalError("the kept copy is not the document it is named after")
    return data


def keep(data: bytes, sha256: str, suffix: str) -> Path:
    """Seal and store the held document's bytes under its SHA-256 (idempotent)."""
    return seal_into(_sealed_path(sha256, suffix.lower().lstrip(".")), data, sha256)


def held_format(sha256: str) -> str | None:
    """The format of the kept document with this SHA-256, or None when none is kept."""
    return next((fmt for fmt in FORMATS if _sealed_path(sha256, fmt).exists()), None)


def held_bytes(sha256: str) -> tuple[bytes, str]:
    """The kept document's exact bytes and format (InternalError when missing or altered)."""
    from redactor import audit

    fmt = held_format(sha256)
    if fmt is None:
        raise InternalError("no held copy is kept for this document")
    if not audit.entries(action="hold", input_sha256=sha256):  # the row is the truth: an orphan is never served
        raise InternalError("no hold of this document is recorded in the audit log")
    return unseal(_sealed_path(sha256, fmt), sha256), fmt


def write_held(sha256: str, into: Path) -> Path:
    """The held document written into the folder `into` (a private one), as a file to check."""
    data, fmt = held_bytes(sha256)
    path = into / f"held.{fmt}"
    path.write_bytes(data)
    return path
