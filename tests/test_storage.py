"""The state behind one interface, on both backends: SQLite (the default) and PostgreSQL.

Every test that takes `backend` runs twice; the PostgreSQL run gets a fresh database on the
machine's server (127.0.0.1:5432) and fails, not skips, when there is none (issue 18)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from cli_helpers import run as run_cli
from pgtest import fresh_database, sql

from redactor import audit, commands, gate, records
from redactor.commands import run_release
from redactor.errors import InternalError
from redactor.testing import (
    FAKE_CASE,
    KNOWN_PHONE,
    REDACTED,
    fake_check,
    kill_mid_append,
    register_case,
    sha256,
    write,
)
from redactor.types import Verdict

REPO = Path(__file__).resolve().parent.parent


def run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    done = run_cli(*args, env=env)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture()
def home(gate_home: Callable[[str], Path], backend: str) -> Path:
    return gate_home("clerks: [clara, colin]\n")


@pytest.fixture()
def case(tmp_path: Path, home: Path) -> Path:
    register_case(FAKE_CASE)
    return write(tmp_path, "case.yaml", FAKE_CASE)


def _raw(backend: str, home: Path, statement: str) -> None:
    """An UPDATE or DELETE sent to the database behind the tool's back."""
    if backend == "sqlite":
        with sqlite3.connect(home / "audit.sqlite") as conn:
            conn.execute(statement)
    else:
        sql(os.environ["REDACTOR_DATABASE"], statement)


def test_entries_are_found_by_column_id_and_recency(home: Path) -> None:
    for n in range(5):
        audit.record("check", f"u{n % 2}", decision="clear", reason=f"entry {n}", case_id="CS-1" if n < 3 else None)
    assert [e.id for e in audit.entries(user="u1")] == [2, 4]
    assert [e.id for e in audit.entries(case_id=None)] == [4, 5]  # a missing value matches None
    assert [e.id for e in audit.entries(case_id="CS-1", user="u0")] == [1, 3]
    found = audit.entry(3)
    assert found is not None and found.reason == "entry 2"
    assert audit.entry(99) is None
    assert [e.id for e in audit.recent(2)] == [4, 5]
    status = audit.verify()
    assert (status.intact, status.count) == (True, 5)
    with pytest.raises(ValueError, match="cannot filter"):
        audit.entries(reason="x")


@pytest.mark.parametrize("statement", ["UPDATE entries SET reason = 'edited'", "DELETE FROM entries"])
def test_the_log_refuses_update_and_delete(home: Path, backend: str, statement: str) -> None:
    audit.record("check", "u", decision="clear", reason="kept")
    with pytest.raises((sqlite3.DatabaseError, psycopg.Error), match="append-only"):
        _raw(backend, home, statement)
    assert [e.reason for e in audit.entries()] == ["kept"] and audit.verify().intact


@pytest.mark.slow  # a fresh PostgreSQL database
def test_postgres_refuses_truncate_and_a_disabled_trigger_breaks_verify(pg_url: str) -> None:
    audit.record("check", "u", decision="clear", reason="kept")
    with pytest.raises(psycopg.Error, match="append-only"):
        sql(pg_url, "TRUNCATE entries")
    sql(pg_url, "ALTER TABLE entries DISABLE TRIGGER entries_no_update")
    status = audit.verify()
    assert not status.intact and "triggers" in str(status.problem)


@pytest.mark.slow  # a fresh PostgreSQL database
def test_an_entry_rewritten_in_postgres_is_found(pg_url: str) -> None:
    for n in range(3):
        audit.record("check", "u", decision="clear", reason=f"entry {n}")
    sql(pg_url, "ALTER TABLE entries DISABLE TRIGGER entries_no_update")
    sql(pg_url, "UPDATE entries SET decision = 'released' WHERE id = 2")
    sql(pg_url, "ALTER TABLE entries ENABLE TRIGGER entries_no_update")
    status = audit.verify()
    assert not status.intact and status.bad_entry == 2


WRITER = """
import sys, types
sys.modules["redactor.ruleset"] = types.SimpleNamespace(rules_version=lambda: "rules-test")
from redactor import audit
for n in range(int(sys.argv[2])):
    audit.record("check", "w" + sys.argv[1], decision="clear", reason=str(n))
"""


@pytest.mark.slow  # writers in subprocesses
def test_parallel_writers_keep_one_linear_chain(home: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(w), "25"], env=env) for w in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    entries = audit.entries()
    assert [e.id for e in entries] == list(range(1, 101))
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:], strict=False))
    assert sorted(e.user for e in entries).count("w3") == 25
    assert audit.verify().intact


def test_an_approval_lets_a_file_out_once(tmp_path: Path, case: Path) -> None:
    out = write(tmp_path, "out.txt", REDACTED)
    assert gate.approve(out, case, "father", "clara").recorded
    first = run_release(out, case, "father", "sw.jones")
    assert first.decision == Verdict.RELEASED and first.receipt is not None
    again = run_release(out, case, "father", "sw.jones")
    assert again.decision == Verdict.HELD
    assert any("used by an earlier release" in r for r in again.reasons)
    assert gate.approve(out, case, "father", "colin").recorded
    assert run_release(out, case, "father", "sw.jones").decision == Verdict.RELEASED
    releases_made = audit.entries(action="release")
    assert [len(e.parsed("extra")["approval_entries"]) for e in releases_made] == [1, 1]


def test_two_releases_at_once_consume_one_approval_once(tmp_path: Path, case: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    out = write(tmp_path, "out.txt", REDACTED)
    assert gate.approve(out, case, "father", "clara").recorded
    both_checked = threading.Barrier(2, timeout=60)

    def slow_check(path: Path, case_path: Path, reader: str, runner: object = None):  # type: ignore[no-untyped-def]
        result = fake_check(path, case_path, reader)
        both_checked.wait()  # both requests pass the check before either decides
        return result

    monkeypatch.setattr(commands, "release_check", slow_check)
    results: list[Verdict] = []
    threads = [threading.Thread(target=lambda: results.append(run_release(out, case, "father", "sw.jones").decision))
               for _ in range(2)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(results) == [Verdict.HELD, Verdict.RELEASED]
    assert len(audit.entries(action="release")) == 1 and len(audit.entries(action="hold")) == 1
    assert audit.verify().intact


def test_case_records_are_stored_sealed(case: Path, backend: str, home: Path) -> None:
    stored = records.latest("CS-1")
    assert stored is not None and stored.version == 1 and KNOWN_PHONE.encode() in stored.plain
    if backend == "sqlite":
        raw = (home / "state.sqlite").read_bytes()
    else:
        raw = b"".join(bytes(r[0]) for r in sql(os.environ["REDACTOR_DATABASE"], "SELECT sealed FROM case_records"))
    assert raw and KNOWN_PHONE.encode() not in raw and b"Wharf" not in raw
    assert records.digest_of("CS-1") == stored.digest and records.digest_of("CS-2") is None


@pytest.mark.slow  # PostgreSQL and a killed subprocess
def test_a_writer_killed_mid_append_on_postgres_loses_only_that_entry(pg_url: str) -> None:
    kill_mid_append("postgres", {**os.environ, "PYTHONPATH": str(REPO)})
    status = audit.verify()
    assert (status.intact, status.count) == (True, 1)
    assert audit.record("check", "after", decision="clear", reason="the lock went with the connection") == 2
    assert audit.verify().intact


@pytest.mark.slow  # PostgreSQL and the CLI in subprocesses
def test_an_instance_refuses_a_schema_it_does_not_know(tmp_path: Path) -> None:
    with fresh_database() as url:
        env = {"REDACTOR_DATABASE": url, "REDACTOR_HOME": str(tmp_path / "home")}
        code, out, err = run(["db", "status"], env=env)
        assert code == 3 and "schema version 0" in err and "redactor db upgrade" in err
        code, out, err = run(["case", "show", "CS-1"], env=env)
        assert code == 3 and "redactor db upgrade" in err and "Traceback" not in err
        code, out, _ = run(["db", "upgrade"], env=env)
        assert code == 0 and "schema version 0 -> 1" in out
        code, out, _ = run(["db", "upgrade"], env=env)
        assert code == 0 and "already current" in out
        assert run(["db", "status"], env=env)[0] == 0
        sql(url, "UPDATE redactor_schema SET version = 99")
        code, _, err = run(["db", "status"], env=env)
        assert code == 3 and "newer than this redactor knows" in err
        from servers import free_port

        port = str(free_port())
        serve = subprocess.run([sys.executable, "-m", "redactor.cli.main", "serve", "--port", port],
                               env={**os.environ, **env}, capture_output=True, text=True, timeout=120)  # fmt: skip
        assert serve.returncode == 3 and "newer than this redactor knows" in serve.stderr
        assert "Uvicorn running" not in serve.stderr


@pytest.mark.slow  # the CLI in a subprocess
def test_an_unreachable_database_is_an_internal_error_naming_no_secret(tmp_path: Path) -> None:
    url = "postgresql://clerk:s3cret-pass@127.0.0.1:1/state?connect_timeout=1"
    code, out, err = run(["case", "show", "CS-1"], env={"REDACTOR_DATABASE": url, "REDACTOR_HOME": str(tmp_path)})
    assert code == 3 and err.count("\n") == 1 and "the database failed" in err
    assert "s3cret" not in err + out and "Traceback" not in err


def test_a_sqlite_log_from_a_newer_build_is_refused(home: Path, backend: str) -> None:
    if backend != "sqlite":
        return  # the PostgreSQL side is test_an_instance_refuses_a_schema_it_does_not_know
    audit.record("check", "u", decision="clear", reason="first")
    with sqlite3.connect(home / "audit.sqlite") as conn:
        conn.execute("PRAGMA user_version = 7")
    with pytest.raises(InternalError, match="newer than this redactor knows"):
        audit.record("check", "u", decision="clear", reason="second")
    with sqlite3.connect(home / "audit.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (1,)


def test_a_held_copy_without_its_hold_entry_is_never_served(tmp_path: Path, case: Path) -> None:
    from redactor.gate.heldfiles import keep

    data = b"an orphan: a file put in the held folder by hand"
    keep(data, sha256(write(tmp_path, "orphan.txt", data.decode())), ".txt")
    with pytest.raises(InternalError, match="no hold"):
        gate.held_bytes(sha256(tmp_path / "orphan.txt"))
