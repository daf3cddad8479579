"""A log that cannot be cut short unnoticed: checkpoints after every entry and the chain head in
every receipt; an empty, deleted or shortened log is never "intact" (issue 12)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from redactor import audit, keys
from redactor.caserecord import register
from redactor.cli.main import main
from redactor.commands import run_release
from redactor.testing import FAKE_CASE

PLAIN = "Attendance was good this term.\n"


@pytest.fixture()
def home(tmp_path: Path, gate_home: Callable[[str], Path]) -> Path:
    return gate_home(f"clerks: [clara]\ncheckpoints: {tmp_path / 'points'}\n")


def released(tmp_path: Path, n: int = 1) -> list[dict[str, Any]]:
    case = tmp_path / "case.yaml"
    case.write_text(FAKE_CASE)
    register(FAKE_CASE.encode(), "case.yaml", "clara")
    receipts = []
    for i in range(n):
        letter = tmp_path / f"letter{i}.txt"
        letter.write_text(PLAIN + f"Week {i}.\n")
        result = run_release(letter, case, "school", "sw.jones")
        assert result.decision == "released" and result.receipt is not None
        receipts.append(result.receipt)
    return receipts


def cut(home: Path, sql: str) -> None:
    """What someone holding the database could do: drop the triggers, delete, put them back."""
    conn = sqlite3.connect(home / "audit.sqlite", isolation_level=None)
    conn.execute("DROP TRIGGER entries_no_delete")
    conn.execute(sql)
    conn.execute("CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries "
                 "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")  # fmt: skip
    conn.close()


def verify_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["audit", "verify", *args])
    return code, capsys.readouterr().out


def test_receipts_and_the_checkpoint_carry_the_chain_head(home: Path, tmp_path: Path) -> None:
    (receipt,) = released(tmp_path)
    entries = audit.entries()
    count = receipt["chain"]["count"]
    assert count >= 1 and entries[count - 1].entry_hash == receipt["chain"]["head_hash"]
    point = json.loads((tmp_path / "points" / "head.json").read_text())  # the folder the settings name
    assert (point["count"], point["head_hash"]) == (len(entries), entries[-1].entry_hash)
    assert audit.verify().intact


def test_a_shortened_log_is_broken(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    released(tmp_path, 2)
    last = audit.entries()[-1].id
    cut(home, f"DELETE FROM entries WHERE id >= {last - 1}")
    code, out = verify_cli(capsys)
    assert code == 1 and "removed" in out and "intact" not in out


def test_a_shortened_log_is_broken_by_a_receipt_when_the_checkpoint_is_gone(home: Path, tmp_path: Path) -> None:
    receipts = released(tmp_path, 2)
    (tmp_path / "points" / "head.json").unlink()
    cut(home, f"DELETE FROM entries WHERE id >= {receipts[-1]['chain']['count']}")
    status = audit.verify()
    assert not status.intact and "receipt" in status.problem


@pytest.mark.parametrize("also", ["nothing", "checkpoint"])
def test_a_deleted_log_is_broken(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], also: str) -> None:
    released(tmp_path)
    for name in ("audit.sqlite", "audit.sqlite-wal", "audit.sqlite-shm"):
        (home / name).unlink(missing_ok=True)
    if also == "checkpoint":
        (tmp_path / "points" / "head.json").unlink()
    code, out = verify_cli(capsys)
    assert code == 1 and "BROKEN" in out and "0 entries" not in out


def test_an_empty_log_is_not_intact(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify_cli(capsys)
    assert code == 1 and "empty or missing" in out


def test_a_forged_checkpoint_is_reported(home: Path, tmp_path: Path) -> None:
    released(tmp_path)
    path = tmp_path / "points" / "head.json"
    point = json.loads(path.read_text())
    path.write_text(json.dumps({**point, "count": point["count"] - 1}))
    status = audit.verify()
    assert not status.intact and "not valid" in status.problem


def test_a_cut_log_holds_every_release(home: Path, tmp_path: Path) -> None:
    released(tmp_path, 2)
    cut(home, f"DELETE FROM entries WHERE id = {audit.entries()[-1].id}")
    letter = tmp_path / "late.txt"
    letter.write_text(PLAIN)
    result = run_release(letter, tmp_path / "case.yaml", "school", "sw.jones")
    assert result.decision == "held" and any("audit log failed verification" in r for r in result.reasons)


def test_the_first_release_on_a_new_log_is_not_held_for_emptiness(home: Path, tmp_path: Path) -> None:
    keys._cache.clear()
    case = tmp_path / "case.yaml"
    case.write_text(FAKE_CASE)
    from redactor import records

    with records.writing("CS-1") as (_, store):  # a record stored without an audit entry
        from redactor.casecheck import canonical_case, digest
        from redactor.casefile import parse_case

        parsed = parse_case(FAKE_CASE.encode())
        store(records.StoredRecord("CS-1", 1, digest(parsed), canonical_case(parsed), "clara", "t"))
    assert audit.verify().empty
    letter = tmp_path / "letter.txt"
    letter.write_text(PLAIN)
    assert run_release(letter, case, "school", "sw.jones").decision == "released"
