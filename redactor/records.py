"""The state store of case records: SQLite `state.sqlite` beside the audit log.

One row per registered version of a case. The case itself holds protected values
(addresses, phones), so it is stored only sealed: AES-256-GCM under the key
"cases" (`redactor.keys`), the case id as associated data, a fresh nonce each
time. What stays readable is the case id, the version, the digest of the case
record (SHA-256 of its canonical JSON), who registered it and when.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from redactor.errors import InternalError
from redactor.keys import key
from redactor.settings import home

BUSY_MS = 60_000
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS case_records (case_id TEXT NOT NULL, version INTEGER NOT NULL, "
    "digest TEXT NOT NULL, sealed BLOB NOT NULL, registered_by TEXT NOT NULL, time TEXT NOT NULL, "
    "PRIMARY KEY (case_id, version))"
)


@dataclass(frozen=True)
class StoredRecord:
    case_id: str
    version: int
    digest: str
    plain: bytes  # the canonical JSON of the case, unsealed
    registered_by: str
    time: str


def state_path() -> Path:
    return home() / "state.sqlite"


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


@contextmanager
def _connection() -> Iterator[sqlite3.Connection]:
    path = state_path()
    try:
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        conn.execute(SCHEMA)
    except (OSError, sqlite3.Error) as exc:
        raise InternalError(f"the state store cannot be opened ({type(exc).__name__})") from None
    try:
        yield conn
    except sqlite3.Error as exc:
        raise InternalError(f"the state store failed ({type(exc).__name__})") from None
    finally:
        conn.close()


def latest(case_id: str) -> StoredRecord | None:
    """The newest registered version of the case, or None when it was never registered."""
    if not state_path().exists():
        return None
    with _connection() as conn:
        return latest_in(conn, case_id)


def digest_of(case_id: str) -> str | None:
    """The digest of the case's newest record (None: not registered), without opening it."""
    if not state_path().exists():
        return None
    sql = "SELECT digest FROM case_records WHERE case_id = ? ORDER BY version DESC LIMIT 1"
    with _connection() as conn:
        row = conn.execute(sql, (case_id,)).fetchone()
    return None if row is None else str(row[0])


@contextmanager
def writing(case_id: str) -> Iterator[tuple[StoredRecord | None, sqlite3.Connection]]:
    """The write lock on the store with the current record, for a compare-then-store."""
    with _connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield latest_in(conn, case_id), conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def latest_in(conn: sqlite3.Connection, case_id: str) -> StoredRecord | None:
    sql = ("SELECT version, digest, sealed, registered_by, time FROM case_records WHERE case_id = ? "
           "ORDER BY version DESC LIMIT 1")  # fmt: skip
    row = conn.execute(sql, (case_id,)).fetchone()
    if row is None:
        return None
    version, digest, sealed, who, time = row
    return StoredRecord(case_id, int(version), str(digest), _unseal(case_id, bytes(sealed)), str(who), str(time))


def store(conn: sqlite3.Connection, record: StoredRecord) -> None:
    sealed = _seal(record.case_id, record.plain)
    row = (record.case_id, record.version, record.digest, sealed, record.registered_by, record.time)
    conn.execute("INSERT INTO case_records VALUES (?, ?, ?, ?, ?, ?)", row)
