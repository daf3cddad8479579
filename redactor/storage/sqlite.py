"""The embedded backend: `audit.sqlite` (the log) and `state.sqlite` (case records) under $REDACTOR_HOME.

Writers take the write lock first (BEGIN IMMEDIATE), then read the head and append, so
parallel processes on one machine serialise and the chain stays linear. A process killed
mid-append leaves the whole entry or none (SQLite's journal). The schema is created on
first use (version 1, kept in `PRAGMA user_version`); a file from a newer build is refused.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from redactor.audit.entry import Entry
from redactor.errors import InternalError
from redactor.settings import home
from redactor.storage.base import SCHEMA_VERSION, Build, CaseRow, Guard, Query, unknown_schema
from redactor.storage.sql import SQLITE

BUSY_MS = 60_000
LOG_SCHEMA = """
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
CASE_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS case_records (case_id TEXT NOT NULL, version INTEGER NOT NULL, "
    "digest TEXT NOT NULL, sealed BLOB NOT NULL, registered_by TEXT NOT NULL, time TEXT NOT NULL, "
    "PRIMARY KEY (case_id, version))"
)
TRIGGERS = ("entries_no_delete", "entries_no_update")


def db_path() -> Path:
    return home() / "audit.sqlite"


def state_path() -> Path:
    return home() / "state.sqlite"


def _precreate(path: Path) -> None:
    # SQLite would create the file with the umask's permissions; make it private
    # first (its -wal and -shm files inherit the database file's mode).
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _open(path: Path, what: str) -> sqlite3.Connection:
    try:
        _precreate(path)
        conn = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    except (OSError, sqlite3.Error) as exc:
        raise InternalError(f"{what} {path.name} cannot be opened ({type(exc).__name__})") from None
    return conn


def connect() -> sqlite3.Connection:
    conn = _open(db_path(), "audit log")
    try:
        _wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        conn.close()
        raise InternalError(f"audit log {db_path().name} cannot be opened ({type(exc).__name__})") from None
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


def _statements(script: str) -> list[str]:
    # executescript() would commit our open transaction, so run the DDL one by one.
    parts, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            parts.append(current.strip())
            current = ""
    return parts


def _version_of(conn: sqlite3.Connection) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version == 0 and _has_table(conn):
        return 1  # a log written before versions were kept is version 1
    return version


def _has_table(conn: sqlite3.Connection) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'"
    return conn.execute(sql).fetchone() is not None


@contextmanager
def _log_transaction() -> Iterator[sqlite3.Connection]:
    """The log's write lock, held until the entry is committed (or rolled back on any error)."""
    conn = connect()
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = _version_of(conn)
            if found > SCHEMA_VERSION:
                raise unknown_schema("SQLite", found)
            for statement in _statements(LOG_SCHEMA):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


class SqliteStorage:
    name = "SQLite"

    def append(self, build: Build, guard: Guard | None = None) -> Entry:
        try:
            return self._append(build, guard)
        except sqlite3.Error as exc:
            raise InternalError(f"the audit log cannot be written ({type(exc).__name__})") from None

    def _append(self, build: Build, guard: Guard | None) -> Entry:
        with _log_transaction() as conn:
            # `insert` looked up each time: a test stalls it to kill a writer mid-append
            return SQLITE.append(conn, build, guard, lambda c, e: insert(c, e))

    def entries(self, query: Query = Query()) -> list[Entry]:
        if not _exists(db_path()):
            return []
        conn = connect()
        try:
            found = _version_of(conn)
            if found > SCHEMA_VERSION:
                raise unknown_schema(self.name, found)
            return SQLITE.select(conn, query) if _has_table(conn) else []
        except sqlite3.Error as exc:
            raise InternalError(f"audit log cannot be read ({type(exc).__name__})") from None
        finally:
            conn.close()

    def append_only(self) -> bool:
        if not _exists(db_path()):
            return True
        conn = connect()
        try:
            if not _has_table(conn):
                return True
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
        finally:
            conn.close()
        return set(TRIGGERS) <= {r[0] for r in rows}

    def case_latest(self, case_id: str) -> CaseRow | None:
        if not state_path().exists():
            return None
        with _state() as conn:
            return SQLITE.case_latest(conn, case_id)

    def case_digest(self, case_id: str) -> str | None:
        if not state_path().exists():
            return None
        with _state() as conn:
            return SQLITE.case_digest(conn, case_id)

    @contextmanager
    def case_writing(self, case_id: str) -> Iterator[tuple[CaseRow | None, Callable[[CaseRow], None]]]:
        with _state() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield SQLITE.case_latest(conn, case_id), lambda row: SQLITE.case_store(conn, row)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        if not _exists(db_path()):
            return 0
        conn = connect()
        try:
            return _version_of(conn)
        finally:
            conn.close()

    def upgrade(self) -> tuple[int, int]:
        before = self.schema_version()
        if before > SCHEMA_VERSION:
            raise unknown_schema(self.name, before)
        with _log_transaction():
            pass
        with _state():
            pass
        return before, SCHEMA_VERSION


def insert(conn: sqlite3.Connection, entry: Entry) -> None:
    SQLITE.insert(conn, entry)


def _exists(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


@contextmanager
def _state() -> Iterator[sqlite3.Connection]:
    conn = _open(state_path(), "the state store")
    try:
        conn.execute(CASE_SCHEMA)
    except sqlite3.Error as exc:
        conn.close()
        raise InternalError(f"the state store cannot be opened ({type(exc).__name__})") from None
    try:
        yield conn
    except sqlite3.Error as exc:
        raise InternalError(f"the state store failed ({type(exc).__name__})") from None
    finally:
        conn.close()


