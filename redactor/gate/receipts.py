"""Release receipts: a signed statement that this exact file was cleared for this reader.

The signature is HMAC-SHA256 under the key "receipts" (`redactor.keys`) over the
canonical JSON of every other field, `key_id` (which key signed it) included; after
`redactor keys rotate receipts` the retired key still checks the receipts it signed.
A receipt counts only when its signature is valid and the audit log holds the release
entry that issued it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor import audit
from redactor.audit.entry import canonical
from redactor.gate.people import hashed_bytes
from redactor.keys import key, key_id, retired
from redactor.settings import files_root

SUFFIX = ".receipt.json"


def outbox() -> Path:
    return files_root() / "outbox"


def _mac(secret: bytes, body: dict[str, Any]) -> str:
    return hmac.new(secret, canonical(body).encode("utf-8"), hashlib.sha256).hexdigest()


def sign(receipt: dict[str, Any]) -> dict[str, Any]:
    secret = key("receipts")
    body = {k: v for k, v in receipt.items() if k != "signature"} | {"key_id": key_id(secret)}
    return {**body, "signature": _mac(secret, body)}


def _keys_for(receipt: dict[str, Any]) -> list[bytes]:
    """The key the receipt names (current or retired); a receipt from before key ids: the current one."""
    named = receipt.get("key_id")
    candidates = [key("receipts"), *retired("receipts")]
    if named is None:
        return candidates[:1]
    return [k for k in candidates if key_id(k) == named]


def signature_valid(receipt: dict[str, Any]) -> bool:
    body = {k: v for k, v in receipt.items() if k != "signature"}
    given = str(receipt.get("signature", ""))
    return any(hmac.compare_digest(_mac(secret, body), given) for secret in _keys_for(receipt))


@dataclass(frozen=True)
class ReceiptCheck:
    valid: bool
    file_sha256: str
    receipt: dict[str, Any] | None
    reasons: tuple[str, ...]  # why each candidate receipt failed, or why none was found


def _load(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _logged(receipt: dict[str, Any]) -> bool:
    found = audit.entries(
        action="release", input_sha256=receipt.get("file_sha256"),
        case_id=receipt.get("case_id"), reader=receipt.get("reader"),
    )  # fmt: skip
    return any(e.parsed("extra").get("receipt_signature") == receipt["signature"] for e in found)


def _problem(receipt: dict[str, Any], case_id: str | None, reader: str | None) -> str:
    if not signature_valid(receipt):
        return "its signature is not valid (the receipt was altered or not issued here)"
    if case_id is not None and receipt.get("case_id") != case_id:
        return f"it was issued for case {receipt.get('case_id')}, not {case_id}"
    if reader is not None and receipt.get("reader") != reader:
        return f"it was issued for reader {receipt.get('reader')}, not {reader}"
    if not _logged(receipt):
        return "the audit log holds no release entry for it"
    return ""


def _candidates(sha256: str) -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted(outbox().glob(f"*/{sha256[:12]}.*{SUFFIX}")):
        receipt = _load(path)
        if receipt is not None and receipt.get("file_sha256") == sha256:
            found.append((path, receipt))
    return found


def verify_receipt(path: Path, case_id: str | None = None, reader: str | None = None) -> ReceiptCheck:
    """Whether a valid receipt in the outbox covers this exact file (and case and reader)."""
    _, sha = hashed_bytes(path)
    reasons: list[str] = []
    for where, receipt in _candidates(sha):
        problem = _problem(receipt, case_id, reader)
        if not problem:
            return ReceiptCheck(True, sha, receipt, ())
        reasons.append(f"receipt {where.name}: {problem}")
    if not reasons:
        reasons.append("no receipt in the outbox matches this file's SHA-256 (not released, or changed since)")
    return ReceiptCheck(False, sha, None, tuple(reasons))
