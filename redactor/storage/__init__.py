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


__all__ = ["CaseRow", "Conflict", "Guard", "Query", "Storage", "storage"]
