"""A fresh PostgreSQL database per test, on the machine's server (127.0.0.1:5432, trust auth).

Tests that need it fail, not skip, when PostgreSQL is missing: CI must have it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

SERVER = "postgresql://127.0.0.1:5432"
ADMIN = f"{SERVER}/test"


def _admin(sql: str) -> None:
    import psycopg

    try:
        with psycopg.connect(ADMIN, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)
    except psycopg.OperationalError as exc:
        raise AssertionError(f"PostgreSQL is needed at {ADMIN} (trust auth) and is not reachable: {exc}") from None


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new empty database, dropped afterwards (whoever is still connected)."""
    name = f"redactor_t_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        from redactor.storage import postgres

        for backend in list(postgres._backends.values()):
            backend.close()
        postgres._backends.clear()
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sql(url: str, statement: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Run one statement on the database directly (as an attacker or an operator would)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(statement, params)
        return list(cur.fetchall()) if cur.description else []
