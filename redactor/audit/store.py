"""The SQLite file behind the audit log: schema, append-only triggers, one entry per transaction.

Writers take the write lock first (BEGIN IMMEDIATE), then read the head and
append, so parallel processes serialise and the chain stays linear. A process
killed mid-append leaves either the whole entry or none (SQLite's journal).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from redactor.audit.entry import FIELDS, GENESIS, Entry
from redactor.errors import InternalError
from redactor.settings import home

BUSY_MS = 60_000
SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    case_id TEXT,
    reader TEXT,
    input_sha256 TEXT,
    output_sha256 TEXT,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    findings TEXT NOT NULL,
    counts TEXT NOT NULL,
    extra TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_input ON entries (input_sha256);
CREATE INDEX IF NOT EXISTS entries_output ON entries (output_sha256);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
TRIGGERS = ("entries_no_delete", "entries_no_update")
_COLUMNS = ", ".join(FIELDS)


def db_path() -> Path:
    return home() / "audit.sqlite"


def _precreate(path: Path) -> None:
    # SQLite would create the file with the umask's permissions; make it private
    # first (its -wal and -shm files inherit the database file's mode).
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)


def connect() -> sqlite3.Connection:
    path = db_path()
    try:
        _precreate(path)
        conn = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        _wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
    except (OSError, sqlite3.Error) as exc:
        why = type(exc).__name__
        raise InternalError(f"audit log {path.name} cannot be opened ({why})") from None
    return conn


def _wal(conn: sqlite3.Connection) -> None:
    # Switching to WAL needs a moment alone with the file; when many processes
    # open a new log at once, some see "locked" without the busy handler: retry.
    deadline = time.monotonic() + BUSY_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def write_transaction() -> Iterator[sqlite3.Connection]:
    """The write lock, held until the entry is committed (or rolled back on any error)."""
    conn = connect()
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(SCHEMA):
                conn.execute(statement)
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def _statements(script: str) -> list[str]:
    # executescript() would commit our open transaction, so run the DDL one by one.
    parts, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            parts.append(current.strip())
            current = ""
    return parts


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """The id and hash of the last entry (0 and the genesis hash for an empty log)."""
    row = conn.execute("SELECT id, entry_hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def insert(conn: sqlite3.Connection, entry: Entry) -> None:
    values = tuple(getattr(entry, name) for name in FIELDS)
    marks = ", ".join("?" for _ in FIELDS)
    conn.execute(f"INSERT INTO entries ({_COLUMNS}) VALUES ({marks})", values)


def _exists() -> bool:
    path = db_path()
    return path.exists() and path.stat().st_size > 0


def read_entries(where: str = "", params: tuple[Any, ...] = (), order: str = "id") -> list[Entry]:
    """Entries matching an SQL condition written by this package (never by a user)."""
    if not _exists():
        return []
    conn = connect()
    try:
        if not _has_table(conn):
            return []
        clause = f" WHERE {where}" if where else ""
        sql = f"SELECT {_COLUMNS} FROM entries{clause} ORDER BY {order}"
        return [Entry(*row) for row in conn.execute(sql, params)]
    except sqlite3.Error as exc:
        raise InternalError(f"audit log cannot be read ({type(exc).__name__})") from None
    finally:
        conn.close()


def _has_table(conn: sqlite3.Connection) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'"
    return conn.execute(sql).fetchone() is not None


def triggers_present() -> bool:
    if not _exists():
        return True
    conn = connect()
    try:
        if not _has_table(conn):
            return True
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    finally:
        conn.close()
    return set(TRIGGERS) <= {r[0] for r in rows}
