"""Shared fixtures: an isolated $REDACTOR_HOME per test, and the SPEC's example case."""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterator
from pathlib import Path

import pytest

# The suite starts threads (database pools, HTTP clients in parallel); glibc gives each its own 64 MB
# malloc arena, and the one-shot children the tests fork inherit that address space under their
# RLIMIT_AS cap. Two arenas, as the PostgreSQL backend sets for the CLI (storage/postgres.py).
with contextlib.suppress(OSError, AttributeError):
    ctypes.CDLL(None).mallopt(-8, 2)  # M_ARENA_MAX

SPEC_CASE = (Path(__file__).parent / "data" / "spec_case.yaml").read_text(encoding="utf-8")

# Every written form of the mother's details that must never reach the father.
PROTECTED_VALUES = (
    "Wharf Street",
    "Ropewalk House",
    "SK11 6QP",
    "07700 900461",
    "960123",
    "claire.m@example.org",
    "Brookside",
    "Hollybank",
    "YX19",
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user data folder or settings."""
    home = tmp_path_factory.mktemp("redactor-home")
    monkeypatch.setenv("REDACTOR_HOME", str(home))
    monkeypatch.delenv("REDACTOR_CONFIG", raising=False)
    monkeypatch.delenv("REDACTOR_DATABASE", raising=False)
    monkeypatch.setenv("REDACTOR_USER", "sw.jones")
    return home


@pytest.fixture
def pg_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """State in a fresh PostgreSQL database (schema upgraded), for this test only."""
    from pgtest import fresh_database

    with fresh_database() as url:
        monkeypatch.setenv("REDACTOR_DATABASE", url)
        from redactor.storage import upgrade

        upgrade()
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Run the test on each backend: SQLite under $REDACTOR_HOME, and a fresh PostgreSQL database."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_url")
    return str(request.param)


@pytest.fixture
def spec_case_path(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(SPEC_CASE, encoding="utf-8")
    return path


@pytest.fixture
def spec_case(spec_case_path: Path):  # type: ignore[no-untyped-def]
    from redactor.casefile import load_case

    return load_case(spec_case_path)
