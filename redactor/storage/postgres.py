"""The shared backend: PostgreSQL through psycopg 3 and a connection pool, for several instances.

Every append is one transaction that first takes a transaction-scoped advisory lock, then
reads the head and inserts: appends from every instance serialise, so the chain stays one
linear chain, and an instance killed mid-append leaves the whole entry or none. Triggers
refuse UPDATE, DELETE and TRUNCATE on the log. The schema is versioned (`redactor_schema`)
and created or moved forward only by `redactor db upgrade`; an instance refuses a database
whose version it does not know. Error messages name the failure's class, never its text
(PostgreSQL's messages can quote a row's values).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from redactor.audit.entry import Entry
from redactor.errors import InternalError
from redactor.storage.base import SCHEMA_VERSION, Build, CaseRow, Guard, Query, unknown_schema
from redactor.storage.sql import POSTGRES

LOG_LOCK = 0x5245_4441  # pg_advisory_xact_lock key of the log ("REDA")
CASE_LOCK = 0x5245_4443  # ... of the case records
SCHEMA_LOCK = 0x5245_4453  # ... of `db upgrade`
CONNECT_SECONDS = 10.0
M_ARENA_MAX = -8  # glibc's mallopt parameter

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE entries (
            id BIGINT PRIMARY KEY, time TEXT NOT NULL, "user" TEXT NOT NULL, action TEXT NOT NULL,
            case_id TEXT, reader TEXT, input_sha256 TEXT, output_sha256 TEXT, decision TEXT NOT NULL,
            reason TEXT NOT NULL, findings TEXT NOT NULL, counts TEXT NOT NULL, extra TEXT NOT NULL,
            tool_version TEXT NOT NULL, rules_version TEXT NOT NULL, prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL)""",
        "CREATE INDEX entries_input ON entries (input_sha256)",
        "CREATE INDEX entries_output ON entries (output_sha256)",
        "CREATE INDEX entries_action ON entries (action)",
        """CREATE FUNCTION redactor_append_only() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$""",
        "CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries FOR EACH ROW EXECUTE FUNCTION "
        "redactor_append_only()",
        "CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries FOR EACH ROW EXECUTE FUNCTION "
        "redactor_append_only()",
        "CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries EXECUTE FUNCTION redactor_append_only()",
        """CREATE TABLE case_records (case_id TEXT NOT NULL, version INTEGER NOT NULL, digest TEXT NOT NULL,
            sealed BYTEA NOT NULL, registered_by TEXT NOT NULL, time TEXT NOT NULL, PRIMARY KEY (case_id, version))""",
    ),
}
TRIGGERS = ("entries_no_delete", "entries_no_truncate", "entries_no_update")


def _failure(exc: BaseException, doing: str) -> InternalError:
    return InternalError(f"the database failed while {doing} ({type(exc).__name__})")


class PostgresStorage:
    def __init__(self, url: str) -> None:
        from psycopg.conninfo import conninfo_to_dict

        try:
            info = conninfo_to_dict(url)
        except Exception:  # noqa: BLE001 - psycopg raises ProgrammingError; its text may quote the URL
            raise InternalError("REDACTOR_DATABASE is not a valid PostgreSQL URL") from None
        self.name = f"PostgreSQL {info.get('host', 'localhost')}/{info.get('dbname', '')}"
        self._url = url
        self._pool: Any = None
        self._checked = False
        self._lock = threading.Lock()

    def _connection(self) -> Any:
        with self._lock:
            if self._pool is None:
                from psycopg_pool import ConnectionPool

                # The pool logs each failed attempt with the server's words; the failure is reported
                # once, as one line naming its class (the faces' error path), so keep its log quiet.
                few_malloc_arenas()
                quiet = logging.getLogger("psycopg.pool")
                quiet.propagate = False
                quiet.addHandler(logging.NullHandler())

                self._pool = ConnectionPool(self._url, min_size=1, max_size=8, open=True, timeout=CONNECT_SECONDS,
                                            name="redactor")  # fmt: skip
        return self._pool.connection()

    @contextmanager
    def _transaction(self, doing: str, check: bool = True) -> Iterator[Any]:
        import psycopg
        from psycopg_pool import PoolTimeout

        if check and not self._checked:
            self._check()
        try:
            with self._connection() as conn:  # commits at the end, rolls back on any error
                yield conn
        except (psycopg.Error, PoolTimeout) as exc:
            raise _failure(exc, doing) from None

    def _check(self) -> None:
        found = self.schema_version()
        if found != SCHEMA_VERSION:
            raise unknown_schema(self.name, found)
        self._checked = True

    def append(self, build: Build, guard: Guard | None = None) -> Entry:
        with self._transaction("appending to the audit log") as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOG_LOCK,))
            found = _version(conn)  # every write: a running instance never writes into a schema it does not know
            if found != SCHEMA_VERSION:
                raise unknown_schema(self.name, found)
            # `insert` looked up each time: a test stalls it to kill a writer mid-append
            return POSTGRES.append(conn, build, guard, lambda c, e: insert(c, e))

    def entries(self, query: Query = Query()) -> list[Entry]:
        with self._transaction("reading the audit log") as conn:
            return POSTGRES.select(conn, query)

    def append_only(self) -> bool:
        sql = ("SELECT tgname FROM pg_trigger WHERE tgrelid = 'entries'::regclass AND NOT tgisinternal "
               "AND tgenabled <> 'D'")  # fmt: skip
        with self._transaction("reading the triggers") as conn:
            found = {str(r[0]) for r in conn.execute(sql).fetchall()}
        return set(TRIGGERS) <= found

    def case_latest(self, case_id: str) -> CaseRow | None:
        with self._transaction("reading a case record") as conn:
            return POSTGRES.case_latest(conn, case_id)

    def case_digest(self, case_id: str) -> str | None:
        with self._transaction("reading a case record") as conn:
            return POSTGRES.case_digest(conn, case_id)

    @contextmanager
    def case_writing(self, case_id: str) -> Iterator[tuple[CaseRow | None, Callable[[CaseRow], None]]]:
        with self._transaction("registering a case") as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (CASE_LOCK,))
            yield POSTGRES.case_latest(conn, case_id), lambda row: POSTGRES.case_store(conn, row)

    def schema_version(self) -> int:
        with self._transaction("reading the schema version", check=False) as conn:
            return _version(conn)

    def upgrade(self) -> tuple[int, int]:
        with self._transaction("upgrading the schema", check=False) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            before = _version(conn)
            if before > SCHEMA_VERSION:
                raise unknown_schema(self.name, before)
            conn.execute("CREATE TABLE IF NOT EXISTS redactor_schema (version INTEGER NOT NULL)")
            for version in range(before + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
            conn.execute("DELETE FROM redactor_schema")
            conn.execute("INSERT INTO redactor_schema VALUES (%s)", (SCHEMA_VERSION,))
        self._checked = False
        return before, SCHEMA_VERSION

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


def insert(conn: Any, entry: Entry) -> None:
    POSTGRES.insert(conn, entry)


def few_malloc_arenas() -> None:
    """Keep glibc to two malloc arenas before the pool's threads start: each thread would otherwise
    reserve a 64 MB arena, and a one-shot child forked from this process (the CLI's check) inherits
    that address space under its RLIMIT_AS cap."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, 2)


def _version(conn: Any) -> int:
    if conn.execute("SELECT to_regclass('redactor_schema')").fetchone()[0] is None:
        return 0
    row = conn.execute("SELECT max(version) FROM redactor_schema").fetchone()
    return int(row[0] or 0)


_backends: dict[tuple[str, int], PostgresStorage] = {}  # one pool per database and process
_backends_lock = threading.Lock()


def backend(url: str) -> PostgresStorage:
    """The process's backend for this database (a forked child makes its own pool, never the parent's)."""
    with _backends_lock:
        found = _backends.get((url, os.getpid()))
        if found is None:
            found = _backends[(url, os.getpid())] = PostgresStorage(url)
        return found
