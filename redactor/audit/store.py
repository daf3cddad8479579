"""The audit log's rows, kept by the configured backend (`redactor.storage`): SQLite or PostgreSQL."""

from __future__ import annotations

from redactor.audit.entry import Entry
from redactor.storage import Guard, Query, storage
from redactor.storage.base import Build
from redactor.storage.sqlite import db_path

__all__ = ["append", "db_path", "read_entries", "triggers_present"]


def append(build: Build, guard: Guard | None = None) -> Entry:
    return storage().append(build, guard)


def read_entries(query: Query = Query()) -> list[Entry]:
    return storage().entries(query)


def triggers_present() -> bool:
    return storage().append_only()


def where() -> str:
    """The backend's name, for messages."""
    return storage().name
