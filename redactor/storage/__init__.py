"""Where the state lives: one interface (`Storage`), two backends.

    storage() -> Storage        # SQLite files under $REDACTOR_HOME, or PostgreSQL when
                                # $REDACTOR_DATABASE / settings `database:` is postgresql://...

The audit log (and so approvals, holds, releases and refusals, which are entries) and the
case records are kept here; files (held copies, the outbox) live beside the rows in the
file store (`settings.files_root`), keys in the key source (`redactor.keys`).
"""

from __future__ import annotations

from redactor.storage.base import CaseRow, Conflict, Guard, Query, Storage


def storage() -> Storage:
    """The configured backend (one per database and process, so pools are never shared over fork)."""
    from redactor.settings import database_url

    url = database_url()
    if url:
        from redactor.storage.postgres import backend

        return backend(url)
    from redactor.storage.sqlite import SqliteStorage

    return SqliteStorage()


def ready() -> str:
    """Refuse (InternalError) a database whose schema this build does not know; else its description.

    SQLite creates its schema on first use; PostgreSQL must be brought up by `redactor db upgrade`."""
    from redactor.storage.base import SCHEMA_VERSION, unknown_schema

    backend = storage()
    found = backend.schema_version()
    if found > SCHEMA_VERSION or (found != SCHEMA_VERSION and backend.name != "SQLite"):
        raise unknown_schema(backend.name, found)
    return f"{backend.name}, schema version {found or SCHEMA_VERSION}"


def upgrade() -> str:
    """Bring the configured database to this build's schema; what was done, in one line."""
    backend = storage()
    before, after = backend.upgrade()
    if before == after:
        return f"{backend.name}: schema version {after}, already current"
    return f"{backend.name}: schema version {before} -> {after}"


__all__ = ["CaseRow", "Conflict", "Guard", "Query", "Storage", "ready", "storage", "upgrade"]
