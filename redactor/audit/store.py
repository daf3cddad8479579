"""The audit log's rows, kept by the configured backend (`redactor.storage`): SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # redactor.storage imports the entry type from this package: import it when called
    from redactor.audit.entry import Entry
    from redactor.storage import Guard, Query
    from redactor.storage.base import Build

__all__ = ["append", "db_path", "read_entries", "triggers_present"]


def append(build: Build, guard: Guard | None = None) -> Entry:
    from redactor.storage import storage

    return storage().append(build, guard)


def read_entries(query: Query | None = None) -> list[Entry]:
    from redactor.storage import Query, storage

    return storage().entries(query or Query())


def triggers_present() -> bool:
    from redactor.storage import storage

    return storage().append_only()


def db_path() -> Path:
    """The SQLite log's file (the default backend)."""
    from redactor.storage.sqlite import db_path as path

    return path()
