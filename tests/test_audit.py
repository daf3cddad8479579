"""The audit log: what an entry holds, the hash chain, tampering, and the auditor commands."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from redactor import audit, keys
from redactor.cli.main import main
from redactor.types import Decision, DetectorKind, Explanation, Finding

PHONE = "07700 900461"
ADDRESS = "Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP"
SHA_IN, SHA_OUT = "a" * 64, "b" * 64


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import redactor.ruleset

    path = tmp_path / "home"
    monkeypatch.setenv("REDACTOR_HOME", str(path))
    monkeypatch.setattr(redactor.ruleset, "rules_version", lambda: "rules-test")
    return path


def finding(kind: str, text: str, decision: Decision = Decision.REDACT) -> Finding:
    return Finding(
        kind=kind, text=text, segment=0, start=0, end=len(text), detector=DetectorKind.KNOWN,
        rule=f"known:mother:{kind.lower()}", score=1.0,
        explanation=Explanation(DetectorKind.KNOWN, f"known:mother:{kind.lower()}", 1.0, note="a known detail"),
        location="page 1, line 3", party="mother", decision=decision,
    )  # fmt: skip


def redact_entry(user: str = "sw", findings: tuple[Any, ...] | None = None) -> int:
    if findings is None:
        findings = (finding("PHONE", PHONE), finding("ADDRESS", ADDRESS))
    return audit.record(
        "redact", user, decision="written", reason="2 details removed", case_id="CS-1",
        reader="father", input_sha256=SHA_IN, output_sha256=SHA_OUT, findings=findings,
        extra={"format": "docx"},
    )  # fmt: skip


def fill(n: int) -> None:
    for _ in range(n):
        redact_entry()


def tamper(home: Path, *sql: str, restore: bool = False) -> None:
    """Do what someone holding the database file could: drop the triggers and edit."""
    conn = sqlite3.connect(home / "audit.sqlite", isolation_level=None)
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("DROP TRIGGER entries_no_delete")
    for statement in sql:
        conn.execute(statement)
    if restore:  # and cover their tracks
        for name in ("update", "delete"):
            conn.execute(
                f"CREATE TRIGGER entries_no_{name} BEFORE {name.upper()} ON entries "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
    conn.close()


# --- what an entry holds ---------------------------------------------------


def test_entry_holds_places_rules_and_keyed_hashes_but_never_text(home: Path) -> None:
    entry_id = redact_entry()
    entry = audit.entry(entry_id)
    assert entry is not None
    stored = entry.parsed("findings")
    assert [f["kind"] for f in stored] == ["PHONE", "ADDRESS"]
    assert stored[0] == {
        "kind": "PHONE", "location": "page 1, line 3", "rule": "known:mother:phone",
        "detector": "known", "party": "mother", "decision": "redact",
        "value_hmac": keys.value_hash("+44 7700 900 461"),
        "why": {"detector": "known", "pattern": "known:mother:phone", "score": 1.0, "validator": None,
                "context": None, "note": "a known detail"},
    }  # fmt: skip
    assert entry.parsed("counts") == {"ADDRESS": 1, "PHONE": 1}
    assert (entry.tool_version, entry.rules_version) == ("0.1.0", "rules-test")
    assert entry.time.endswith("+00:00")
    assert "900461" not in json.dumps(entry.as_dict())


def test_findings_may_be_any_object_with_those_attributes(home: Path) -> None:
    class Loose:
        kind, text, location, rule, detector = "EMAIL", "c@example.org", "body", "email", "pattern"

    entry = audit.entry(audit.record("check", "sw", decision="redact", reason="", findings=[Loose()]))
    assert entry is not None
    (stored,) = entry.parsed("findings")
    assert stored["value_hmac"] == keys.value_hash("C@Example.org")
    assert (stored["party"], stored["decision"]) == (None, None)


def test_ids_count_up_and_each_entry_covers_the_previous(home: Path) -> None:
    ids = [redact_entry() for _ in range(3)]
    got = audit.entries()
    assert ids == [1, 2, 3]
    assert got[0].prev_hash == "0" * 64
    assert [e.prev_hash for e in got[1:]] == [e.entry_hash for e in got[:-1]]


@pytest.mark.parametrize("statement", ["UPDATE entries SET user = 'x'", "DELETE FROM entries"])
def test_triggers_refuse_update_and_delete(home: Path, statement: str) -> None:
    fill(2)
    conn = sqlite3.connect(home / "audit.sqlite")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute(statement)
    conn.close()
    assert audit.verify().intact


def test_log_is_private_and_in_wal_mode(home: Path) -> None:
    fill(1)
    assert (home / "audit.sqlite").stat().st_mode & 0o077 == 0
    conn = sqlite3.connect(home / "audit.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_no_protected_value_in_any_byte_under_home(home: Path) -> None:
    """Every file under $REDACTOR_HOME (db, -wal, -shm, keys), raw bytes, in any spelling."""
    fill(1)
    reader = sqlite3.connect(home / "audit.sqlite")  # held open so the -wal file stays
    reader.execute("SELECT count(*) FROM entries").fetchone()
    fill(5)
    values = [PHONE, ADDRESS, "07700900461", "SK11 6QP", "sk116qp", "Wharf Street", "ropewalk"]
    files = [p for p in home.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"audit.sqlite", "audit.sqlite-wal", "values.key"}
    for path in files:
        raw = path.read_bytes().lower()
        for value in values:
            for encoding in ("utf-8", "utf-16-le"):
                assert value.lower().encode(encoding) not in raw, (path.name, value)
    reader.close()


# --- verification ------------------------------------------------------------


def test_intact_log_verifies(home: Path) -> None:
    fill(5)
    status = audit.verify()
    assert (status.intact, status.count) == (True, 5)
    assert status.head_hash == audit.entries()[-1].entry_hash


def test_an_empty_log_is_never_intact(home: Path) -> None:
    """Nothing shows a log that was never written from one that was deleted (issue 12)."""
    status = audit.verify()
    assert (status.intact, status.empty, status.count) == (False, True, 0)
    assert "empty or missing" in status.summary


@pytest.mark.parametrize(
    ("sql", "bad", "words"),
    [
        (["UPDATE entries SET reason = 'nothing happened' WHERE id = 3"], 3, "changed"),
        (["UPDATE entries SET user = 'clerk' WHERE id = 3"], 3, "changed"),
        (["UPDATE entries SET findings = '[]', counts = '{}' WHERE id = 2"], 2, "changed"),
        (["UPDATE entries SET time = '2020-01-01T00:00:00+00:00' WHERE id = 6"], 6, "changed"),
        (["DELETE FROM entries WHERE id = 4"], 4, "missing"),
        (["DELETE FROM entries WHERE id = 1"], 1, "missing"),
        (
            [
                "UPDATE entries SET id = -1 WHERE id = 2",
                "UPDATE entries SET id = 2 WHERE id = 5",
                "UPDATE entries SET id = 5 WHERE id = -1",
            ],
            2,
            "",
        ),
        (
            [
                "INSERT INTO entries SELECT 7, time, user, action, case_id, reader, input_sha256,"
                " output_sha256, decision, reason, findings, counts, extra, tool_version,"
                " rules_version, entry_hash, entry_hash FROM entries WHERE id = 6"
            ],
            7,
            "changed",
        ),
        (
            [
                "DELETE FROM entries WHERE id = 3",
                "UPDATE entries SET id = id + 100 WHERE id > 3",
                "UPDATE entries SET id = id - 101 WHERE id >= 100",
            ],
            3,
            "",
        ),
    ],
    ids=["reason", "user", "findings", "time", "delete-middle", "delete-first", "swap",
         "insert-forged", "delete-and-renumber"],
)  # fmt: skip
def test_tampering_is_found_at_the_first_bad_entry(home: Path, sql: list[str], bad: int, words: str) -> None:
    fill(6)
    tamper(home, *sql)
    status = audit.verify()
    assert not status.intact
    assert status.bad_entry == bad
    assert f"entry {bad}" in status.problem
    assert words in status.problem


def test_unreadable_log_is_broken_not_a_crash(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(2)
    data = bytearray((home / "audit.sqlite").read_bytes())
    data[:100] = b"\0" * 100  # the SQLite header
    (home / "audit.sqlite").write_bytes(bytes(data))
    code, out = run(["audit", "verify"], capsys)
    assert code == 1 and "audit.sqlite cannot be" in out


def test_dropped_triggers_alone_are_reported(home: Path) -> None:
    fill(2)
    tamper(home)
    status = audit.verify()
    assert not status.intact
    assert "triggers" in status.problem


def test_checkpoint_reveals_a_cut_off_tail(home: Path) -> None:
    fill(5)
    point = audit.checkpoint_of(audit.verify())
    (home / "checkpoints" / "head.json").unlink()  # the automatic checkpoint removed too
    tamper(home, "DELETE FROM entries WHERE id >= 4", restore=True)
    assert audit.verify().intact  # the chain alone cannot see a cut tail...
    status = audit.verify(point)
    assert not status.intact
    assert status.bad_entry == 4
    assert "entries 4..5 removed" in status.problem


def test_checkpoint_still_verifies_after_new_entries(home: Path) -> None:
    fill(3)
    point = audit.checkpoint_of(audit.verify())
    fill(2)
    assert audit.verify(point).intact
    assert not audit.verify({**point, "head_hash": "f" * 64}).intact


def test_a_lost_chain_key_breaks_verification(home: Path) -> None:
    """Entries cannot be re-sealed without the key; a replaced key shows as changed entries."""
    fill(2)
    (home / "keys" / "chain.key").unlink()
    keys._cache.clear()
    status = audit.verify()
    assert (status.intact, status.bad_entry) == (False, 1)


# --- the auditor commands ------------------------------------------------------


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_cli_verify_exit_codes(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(4)
    code, out = run(["audit", "verify"], capsys)
    assert code == 0
    assert out.startswith("audit log intact: 4 entries, head ")
    tamper(home, "UPDATE entries SET decision = 'refused' WHERE id = 2")
    code, out = run(["audit", "verify"], capsys)
    assert code == 1
    assert "entry 2" in out


def test_cli_checkpoint_round_trip(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(3)
    point = tmp_path / "head.json"
    assert run(["audit", "checkpoint", "--out", str(point)], capsys)[0] == 0
    saved = json.loads(point.read_text())
    assert saved["count"] == 3 and len(saved["head_hash"]) == 64 and saved["time"]
    assert run(["audit", "verify", "--checkpoint", str(point)], capsys)[0] == 0
    tamper(home, "DELETE FROM entries WHERE id = 3", restore=True)
    code, out = run(["audit", "verify"], capsys)  # the automatic checkpoint sees the cut tail
    assert code == 1 and "entry 3 removed" in out and "checkpoint head.json" in out
    (home / "checkpoints" / "head.json").unlink()  # and when that is removed too, the auditor's copy
    code, out = run(["audit", "verify", "--checkpoint", str(point)], capsys)
    assert code == 1 and "entry 3 removed" in out
    (tmp_path / "junk.json").write_text("{}")
    assert run(["audit", "verify", "--checkpoint", str(tmp_path / "junk.json")], capsys)[0] == 2


def test_cli_list_and_show(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(3)
    code, out = run(["audit", "list", "--limit", "2"], capsys)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].split()[0] == "2" and "redact" in lines[0] and "PHONE:1" in lines[0]
    code, out = run(["audit", "show", "3"], capsys)
    assert code == 0 and json.loads(out)["id"] == 3
    assert run(["audit", "show", "99"], capsys)[0] == 2


def test_cli_export_csv_and_json(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    fill(1)
    why = "da.contact: a contact detail in a domestic-abuse document"
    redact_entry(findings=tuple(replace(finding(kind, value), reason=why) for kind, value in (("PHONE", PHONE),
                                                                                            ("ADDRESS", ADDRESS))))
    audit.record("hold", "@cmd", decision="held", reason="-2+3")
    out = tmp_path / "log.csv"
    assert run(["audit", "export", "--format", "csv", "--out", str(out)], capsys)[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 3 and rows[0]["action"] == "redact"
    assert rows[2]["user"] == "'@cmd" and rows[2]["reason"] == "'-2+3"
    assert json.loads(rows[0]["counts"]) == {"ADDRESS": 1, "PHONE": 1}
    assert [r["reason_codes"] for r in rows] == ["", "DA-CONTACT", ""]
    code, text = run(["audit", "export", "--format", "json"], capsys)
    exported = json.loads(text)
    assert code == 0 and [e["id"] for e in exported] == [1, 2, 3]
    assert exported[0]["findings"][0]["kind"] == "PHONE"
    assert run(["audit", "export", "--format", "xml"], capsys)[0] == 2


def test_cli_report_is_self_contained_and_escaped(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    redact_entry()
    audit.record("approve", "clerk", decision="recorded", reason="ok <b><script>alert(1)</script>", case_id="CS-1",
                 reader="father", input_sha256=SHA_OUT)  # fmt: skip
    audit.record("release", "sw", decision="released", reason="clear", case_id="CS-1",
                 reader="father", input_sha256=SHA_OUT)  # fmt: skip
    audit.record("bad-input", "sw", decision="refused", reason="case file: parties missing")
    out = tmp_path / "report.html"
    code, said = run(["audit", "report", "--out", str(out)], capsys)
    page = out.read_text()
    assert code == 0 and "intact" in said
    assert page.index("audit log intact: 4 entries") < page.index("Document")
    assert "<script" not in page and "&lt;script&gt;" in page and "ok &lt;b&gt;" in page
    assert "src=" not in page and "href=" not in page and "@import" not in page
    assert page.count("<section><h2>Document") == 1  # original and redacted version together
    for words in (
        "approve of bbbbbbbbbbbb by clerk",
        "release of bbbbbbbbbbbb by sw",
        "known:mother:phone",
        "page 1, line 3",
    ):
        assert words in page
    assert "parties missing" in page.split("Other events")[1]
    assert "900461" not in page and "Wharf" not in page


def test_cli_report_shows_a_broken_chain_first(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(3)
    tamper(home, "UPDATE entries SET user = 'nobody' WHERE id = 2")
    out = tmp_path / "report.html"
    assert run(["audit", "report", "--out", str(out)], capsys)[0] == 0
    page = out.read_text()
    assert 'class="status bad"' in page and "entry 2" in page.split("<section>")[0]
