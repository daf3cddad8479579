"""The storage interface both backends meet, and the values that cross it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from redactor.audit.entry import FIELDS, Entry
from redactor.errors import InternalError

SCHEMA_VERSION = 1  # what this build knows; `redactor db upgrade` brings a database to it
FILTERABLE = ("action", "user", "case_id", "reader", "input_sha256", "output_sha256", "decision")


@dataclass(frozen=True)
class Query:
    """Which entries: columns equal to values (None matches a missing value), one id, or the last n."""

    equal: tuple[tuple[str, str | None], ...] = ()
    entry_id: int | None = None
    last: int | None = None

    def __post_init__(self) -> None:
        unknown = {name for name, _ in self.equal} - set(FILTERABLE)
        if unknown:
            raise ValueError(f"cannot filter audit entries on {sorted(unknown)}")


@dataclass(frozen=True)
class CaseRow:
    """One registered version of a case, its content sealed (`redactor.records` seals and opens it)."""

    case_id: str
    version: int
    digest: str
    sealed: bytes
    registered_by: str
    time: str


class Conflict(InternalError):
    """A guard refused an append: what it rests on changed under the lock (nothing was written)."""


Reader = Callable[[Query], list[Entry]]
Guard = Callable[[Reader], None]  # runs under the append lock; raises Conflict to write nothing
Build = Callable[[int, str], Entry]  # (last id, last hash) -> the sealed entry to append
CaseWriter = AbstractContextManager[tuple[CaseRow | None, Callable[[CaseRow], None]]]


class Storage(Protocol):
    name: str  # for messages: "SQLite" or "PostgreSQL host/db" (never a password)

    def append(self, build: Build, guard: Guard | None = None) -> Entry:
        """One entry in its own transaction, the head read under the log's lock (one linear chain)."""
        ...

    def entries(self, query: Query = Query()) -> list[Entry]:
        """Matching entries, oldest first ([] when there is no log yet)."""
        ...

    def append_only(self) -> bool:
        """Whether the triggers that refuse UPDATE and DELETE are in place and enabled."""
        ...

    def case_latest(self, case_id: str) -> CaseRow | None: ...

    def case_digest(self, case_id: str) -> str | None: ...

    def case_writing(self, case_id: str) -> CaseWriter:
        """(the newest row, a function that stores a new one) under the records' write lock."""
        ...

    def schema_version(self) -> int: ...

    def upgrade(self) -> tuple[int, int]:
        """Bring the schema to SCHEMA_VERSION: (version before, version after)."""
        ...


def columns() -> str:
    return ", ".join(f'"{name}"' for name in FIELDS)


def unknown_schema(name: str, found: int) -> InternalError:
    if found > SCHEMA_VERSION:
        return InternalError(f"the database ({name}) has schema version {found}, newer than this redactor knows "
                             f"({SCHEMA_VERSION}); run a matching release")  # fmt: skip
    return InternalError(f"the database ({name}) has schema version {found}; this redactor needs "
                         f"{SCHEMA_VERSION}: run `redactor db upgrade`")  # fmt: skip


def rows_to_entries(rows: Iterator[tuple[object, ...]] | list[tuple[object, ...]]) -> list[Entry]:
    return [Entry(*row) for row in rows]  # type: ignore[arg-type]
