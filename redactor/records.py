"""The council's record of each case, kept by the configured backend (`redactor.storage`).

One row per registered version of a case. The case itself holds protected values
(addresses, phones), so it is stored only sealed: AES-256-GCM under the key
"cases" (`redactor.keys`), the case id as associated data, a fresh nonce each
time. What stays readable is the case id, the version, the digest of the case
record (SHA-256 of its canonical JSON), who registered it and when.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from redactor.errors import InternalError
from redactor.keys import key
from redactor.storage import CaseRow, storage
from redactor.storage.sqlite import state_path

__all__ = ["StoredRecord", "digest_of", "latest", "state_path", "writing"]

@dataclass(frozen=True)
class StoredRecord:
    case_id: str
    version: int
    digest: str
    plain: bytes  # the canonical JSON of the case, unsealed
    registered_by: str
    time: str


def _seal(case_id: str, plain: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(key("cases")).encrypt(nonce, plain, case_id.encode("utf-8"))


def _unseal(case_id: str, sealed: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key("cases")).decrypt(sealed[:12], sealed[12:], case_id.encode("utf-8"))
    except (InvalidTag, ValueError):
        # Fail closed: a record that does not open was altered or sealed under another key.
        raise InternalError(f"the record of case {case_id} cannot be opened (altered, or another key)") from None


def _opened(row: CaseRow | None) -> StoredRecord | None:
    if row is None:
        return None
    plain = _unseal(row.case_id, row.sealed)
    return StoredRecord(row.case_id, row.version, row.digest, plain, row.registered_by, row.time)


def latest(case_id: str) -> StoredRecord | None:
    """The newest registered version of the case, or None when it was never registered."""
    return _opened(storage().case_latest(case_id))


def digest_of(case_id: str) -> str | None:
    """The digest of the case's newest record (None: not registered), without opening it."""
    return storage().case_digest(case_id)


@contextmanager
def writing(case_id: str) -> Iterator[tuple[StoredRecord | None, Callable[[StoredRecord], None]]]:
    """(the current record, a function that stores a new version) under the records' write lock."""
    with storage().case_writing(case_id) as (current, put):

        def store(record: StoredRecord) -> None:
            sealed = _seal(record.case_id, record.plain)
            put(CaseRow(record.case_id, record.version, record.digest, sealed, record.registered_by, record.time))

        yield _opened(current), store
