"""Shared fixtures: an isolated $REDACTOR_HOME per test, the SPEC's example case, a gate home
with release checks by `redactor.testing.fake_check`, and a watched outbox with its cases.

Values and test doubles live in `redactor.testing`; fixtures are here, found by pytest."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from redactor.storage.postgres import few_malloc_arenas

# The suite starts threads (database pools, HTTP clients in parallel); glibc gives each its own 64 MB
# malloc arena, and the one-shot children the tests fork inherit that address space under their
# RLIMIT_AS cap. Two arenas, as the PostgreSQL backend sets for the CLI (storage/postgres.py).
few_malloc_arenas()

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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
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


@pytest.fixture
def gate_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """`gate_home(settings_yaml)`: state under tmp_path/home, these settings, rules version
    "rules-test", and every release checked by `redactor.testing.fake_check` (whatever the runner);
    returns the home."""
    import redactor.ruleset
    from redactor import commands
    from redactor.testing import fake_check

    def make(settings_yaml: str) -> Path:
        config = tmp_path / "settings.yaml"
        config.write_text(settings_yaml)
        monkeypatch.setenv("REDACTOR_HOME", str(tmp_path / "home"))
        monkeypatch.setenv("REDACTOR_CONFIG", str(config))
        monkeypatch.setattr(redactor.ruleset, "rules_version", lambda: "rules-test")
        monkeypatch.setattr(commands, "release_check", lambda path, case, reader, runner=None: fake_check(
            path, case, reader))
        return tmp_path / "home"

    return make


PLAIN_CASE = """\
case_id: CS-2024-0999
parties:
  - id: mum
    name: Jo Bloggs
  - id: school
    name: Oak Lane School
    markers: [professional]
"""


@pytest.fixture
def outbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A watched outbox (tmp_path/outbox) beside tmp_path/cases: da.yaml (the SPEC's case) and
    plain.yaml (no abuse), both registered as the council's records; clara is the clerk."""
    from redactor.testing import register_case

    config = tmp_path / "settings.yaml"
    config.write_text("clerks: [clara]\nwatch: {settle_seconds: 0}\n")
    monkeypatch.setenv("REDACTOR_CONFIG", str(config))
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "da.yaml").write_text(SPEC_CASE)
    (cases / "plain.yaml").write_text(PLAIN_CASE)
    for text in (SPEC_CASE, PLAIN_CASE):  # release decides from the records
        register_case(text)
    box = tmp_path / "outbox"
    box.mkdir()
    return box
