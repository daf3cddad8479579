"""The SQL both backends speak, written once: only the parameter mark and the null-safe
equality differ between SQLite (`?`, `IS`) and PostgreSQL (`%s`, `IS NOT DISTINCT FROM`).
Both drivers' connections offer `execute(sql, params)` returning a cursor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from redactor.audit.entry import FIELDS, GENESIS, Entry
from redactor.storage.base import Build, CaseRow, Guard, Query, columns

_CASE_COLUMNS = "version, digest, sealed, registered_by, time"


@dataclass(frozen=True)
class Dialect:
    mark: str  # the driver's parameter placeholder
    same: str  # equality that also matches NULL to NULL

    def select(self, conn: Any, query: Query) -> list[Entry]:
        parts = [f'"{name}" {self.same} {self.mark}' for name, _ in query.equal]
        params: list[Any] = [value for _, value in query.equal]
        if query.entry_id is not None:
            parts.append(f"id = {self.mark}")
            params.append(query.entry_id)
        if query.last is not None:
            parts.append(f"id > (SELECT MAX(id) FROM entries) - {self.mark}")
            params.append(query.last)
        clause = " WHERE " + " AND ".join(parts) if parts else ""
        rows = conn.execute(f"SELECT {columns()} FROM entries{clause} ORDER BY id", tuple(params)).fetchall()
        return [Entry(int(r[0]), *r[1:]) for r in rows]

    def insert(self, conn: Any, entry: Entry) -> None:
        values = tuple(getattr(entry, name) for name in FIELDS)
        marks = ", ".join(self.mark for _ in FIELDS)
        conn.execute(f"INSERT INTO entries ({columns()}) VALUES ({marks})", values)

    def append(self, conn: Any, build: Build, guard: Guard | None, insert: Callable[[Any, Entry], None]) -> Entry:
        """Inside the caller's write lock: read the head, build the entry, let `guard` refuse it, insert."""
        row = conn.execute("SELECT id, entry_hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
        entry = build(*((0, GENESIS) if row is None else (int(row[0]), str(row[1]))))
        if guard is not None:
            guard(lambda query: self.select(conn, query))
        insert(conn, entry)
        return entry

    def case_latest(self, conn: Any, case_id: str) -> CaseRow | None:
        sql = f"SELECT {_CASE_COLUMNS} FROM case_records WHERE case_id = {self.mark} ORDER BY version DESC LIMIT 1"
        row = conn.execute(sql, (case_id,)).fetchone()
        if row is None:
            return None
        version, digest, sealed, who, when = row
        return CaseRow(case_id, int(version), str(digest), bytes(sealed), str(who), str(when))

    def case_digest(self, conn: Any, case_id: str) -> str | None:
        sql = f"SELECT digest FROM case_records WHERE case_id = {self.mark} ORDER BY version DESC LIMIT 1"
        row = conn.execute(sql, (case_id,)).fetchone()
        return None if row is None else str(row[0])

    def case_store(self, conn: Any, row: CaseRow) -> None:
        values = (row.case_id, row.version, row.digest, row.sealed, row.registered_by, row.time)
        conn.execute(f"INSERT INTO case_records VALUES ({', '.join(self.mark for _ in values)})", values)


SQLITE = Dialect("?", "IS")
POSTGRES = Dialect("%s", "IS NOT DISTINCT FROM")
