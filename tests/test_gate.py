"""The release gate: approvals, release or hold, receipts and the queue (with a fake checker)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from redactor import audit, gate
from redactor.errors import BadInput
from redactor.testing import (
    FAKE_CASE,
    KNOWN_ADDRESS,
    KNOWN_PHONE,
    ORIGINAL,
    PLAIN,
    REDACTED,
    fake_check,
    register_case,
    sha256,
    write,
)
from redactor.types import CheckResult


@pytest.fixture()
def home(gate_home: Callable[[str], Path]) -> Path:
    return gate_home("clerks: [clara, colin, Sam]\n")


@pytest.fixture()
def case(tmp_path: Path, home: Path) -> Path:
    """The case file, registered as the council's record (release decides from the record)."""
    register_case(FAKE_CASE)
    return write(tmp_path, "case.yaml", FAKE_CASE)


@pytest.fixture()
def redacted(tmp_path: Path, home: Path, case: Path) -> Path:
    """A redacted report, and the log entry that says social worker `sam` made it."""
    original = write(tmp_path, "report.txt", ORIGINAL)
    out = write(tmp_path, "report-redacted.txt", REDACTED)
    audit.record(
        "redact", "sam", decision="written", reason="2 details removed", case_id="CS-1",
        reader="father", input_sha256=sha256(original), output_sha256=sha256(out),
        findings=fake_check(original, case, "father").plan.findings,
    )  # fmt: skip
    return out


# --- approve -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "recorded", "words"),
    [
        ("clara", True, "approved"),
        ("  CLARA ", True, "approved"),
        ("gary", False, "not a clerk"),
        ("sam", False, "redacted this file"),  # a clerk, but the one who redacted it
        ("SAM", False, "redacted this file"),
    ],
)
def test_approve_refuses_non_clerks_and_the_redactor(
    case: Path, redacted: Path, user: str, recorded: bool, words: str
) -> None:
    result = gate.approve(redacted, case, "father", user)
    assert (result.recorded, result.file_sha256) == (recorded, sha256(redacted))
    assert words in result.reason
    entry = audit.entry(result.entry_id)
    assert entry is not None
    action = "approve" if recorded else "refuse"
    assert (entry.action, entry.input_sha256) == (action, sha256(redacted))


def test_approve_rejects_unknown_reader(case: Path, redacted: Path) -> None:
    with pytest.raises(BadInput, match="not a party"):
        gate.approve(redacted, case, "uncle", "clara")


# --- release -------------------------------------------------------------------


def test_release_before_approval_is_held_and_queued(case: Path, redacted: Path) -> None:
    result = gate.release(redacted, case, "father", "sam", checker=fake_check)
    assert result.decision == "held" and result.domestic_abuse
    assert any("approval of a clerk" in r for r in result.reasons)
    assert result.receipt is None and not (audit.db_path().parent / "outbox").exists()
    (held,) = gate.queue()
    assert (held.file_sha256, held.waiting_for, held.user) == (sha256(redacted), ("approval",), "sam")


def test_clerk_approval_then_release_goes_out_with_a_receipt(case: Path, redacted: Path, home: Path) -> None:
    gate.release(redacted, case, "father", "sam", checker=fake_check)
    assert gate.approve(redacted, case, "father", "clara").recorded
    assert [h.approved_since for h in gate.queue(include_all=True)] == [("clara",)]
    assert gate.queue() == []  # approved: no longer waiting for a clerk
    result = gate.release(redacted, case, "father", "sam", checker=fake_check)
    assert result.decision == "released"
    name = f"{sha256(redacted)[:12]}.txt"  # the outbox keeps no file names: they can carry a victim's name
    assert result.outbox_file == home / "outbox" / "CS-1" / name
    assert result.outbox_file.read_bytes() == redacted.read_bytes()
    receipt = result.receipt
    assert receipt is not None
    assert {k: receipt[k] for k in ("file_sha256", "case_id", "reader", "redacted_by",
            "approved_by", "released_by", "rules_version")} == {
        "file_sha256": sha256(redacted), "case_id": "CS-1", "reader": "father",
        "redacted_by": ["sam"], "approved_by": ["clara"], "released_by": "sam",
        "rules_version": "rules-test",
    }  # fmt: skip
    on_disk = list((home / "outbox" / "CS-1").glob("*.receipt.json"))
    assert [json.loads(p.read_text()) for p in on_disk] == [receipt]
    assert gate.queue(include_all=True) == []
    assert audit.entries(action="release")[0].input_sha256 == sha256(redacted)
    assert gate.verify_receipt(redacted).valid


@pytest.mark.parametrize(
    ("approver", "releaser", "words"),
    [
        ("clara", "clara", "clara is the person releasing it"),
        ("clara", "CLARA", "clara is the person releasing it"),
    ],
)
def test_approval_by_the_releaser_does_not_count(
    case: Path, redacted: Path, approver: str, releaser: str, words: str
) -> None:
    gate.approve(redacted, case, "father", approver)
    result = gate.release(redacted, case, "father", releaser, checker=fake_check)
    assert result.decision == "held"
    assert any(words in r for r in result.reasons)


def test_approval_by_a_clerk_later_removed_does_not_count(
    case: Path, redacted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate.approve(redacted, case, "father", "colin")
    config = tmp_path / "settings2.yaml"
    config.write_text("clerks: [clara]\n")
    monkeypatch.setenv("REDACTOR_CONFIG", str(config))
    result = gate.release(redacted, case, "father", "sam", checker=fake_check)
    assert result.decision == "held"
    assert any("colin is not a clerk now" in r for r in result.reasons)


@pytest.mark.parametrize("other_reader", [True, False])
def test_approval_is_for_that_exact_file_and_reader(
    case: Path, redacted: Path, tmp_path: Path, other_reader: bool
) -> None:
    if other_reader:
        gate.approve(redacted, case, "school", "clara")
    else:
        gate.approve(write(tmp_path, "v2.txt", REDACTED + "\n"), case, "father", "clara")
    assert gate.release(redacted, case, "father", "sam", checker=fake_check).decision == "held"


def test_approved_original_is_still_held(case: Path, tmp_path: Path, home: Path) -> None:
    original = write(tmp_path, "report.txt", ORIGINAL)
    assert gate.approve(original, case, "father", "clara").recorded
    result = gate.release(original, case, "father", "sam", checker=fake_check)
    assert result.decision == "held"
    assert any("still carries 2 finding(s)" in r and "ADDRESS, PHONE" in r for r in result.reasons)
    assert {f.kind for f in result.findings} == {"PHONE", "ADDRESS"}
    assert not (home / "outbox").exists()
    assert gate.queue() == []  # waiting for redaction, not for a clerk
    (held,) = gate.queue(include_all=True)
    assert held.waiting_for == ("redaction",)


def test_queue_forgets_an_original_once_it_is_redacted(case: Path, tmp_path: Path) -> None:
    original = write(tmp_path, "report.txt", ORIGINAL)
    gate.release(original, case, "father", "sam", checker=fake_check)
    assert len(gate.queue(include_all=True)) == 1
    audit.record("redact", "sam", decision="written", reason="", case_id="CS-1", reader="father",
                 input_sha256=sha256(original), output_sha256="c" * 64)  # fmt: skip
    assert gate.queue(include_all=True) == []


def test_plain_letter_to_a_professional_needs_no_clerk(case: Path, tmp_path: Path) -> None:
    letter = write(tmp_path, "letter.txt", PLAIN)
    result = gate.release(letter, case, "school", "sam", checker=fake_check)
    assert (result.decision, result.domestic_abuse) == ("released", False)
    assert result.receipt is not None and result.receipt["approved_by"] == []
    assert gate.verify_receipt(letter, "CS-1", "school").valid


def test_release_is_held_when_the_audit_log_is_broken(case: Path, redacted: Path, home: Path) -> None:
    gate.approve(redacted, case, "father", "clara")
    conn = sqlite3.connect(home / "audit.sqlite", isolation_level=None)
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("UPDATE entries SET user = 'clara' WHERE action = 'redact'")
    conn.close()
    result = gate.release(redacted, case, "father", "sam", checker=fake_check)
    assert result.decision == "held"
    assert any("audit log failed verification" in r for r in result.reasons)


def test_file_changed_during_the_check_is_held(case: Path, redacted: Path) -> None:
    def swapping_check(path: Path, case_path: Path, reader: str) -> CheckResult:
        path.write_text(REDACTED + "edited after it was hashed\n")
        return fake_check(path, case_path, reader)

    gate.approve(redacted, case, "father", "clara")
    result = gate.release(redacted, case, "father", "sam", checker=swapping_check)
    assert result.decision == "held"
    assert any("changed while it was being checked" in r for r in result.reasons)


def test_a_failing_check_releases_nothing(case: Path, redacted: Path, home: Path) -> None:
    def broken(path: Path, case_path: Path, reader: str) -> CheckResult:
        raise RuntimeError("detector crashed")

    gate.approve(redacted, case, "father", "clara")
    with pytest.raises(RuntimeError):
        gate.release(redacted, case, "father", "sam", checker=broken)
    assert not (home / "outbox").exists() and audit.entries(action="release") == []
    (failure,) = audit.entries(action="internal-error")
    assert (failure.user, failure.case_id, failure.input_sha256) == ("sam", "CS-1", sha256(redacted))
    assert "crashed" not in failure.reason  # foreign exception text is never logged


# --- receipts ------------------------------------------------------------------


@pytest.fixture()
def released(case: Path, tmp_path: Path) -> Path:
    letter = write(tmp_path, "letter.txt", PLAIN)
    assert gate.release(letter, case, "school", "sam", checker=fake_check).decision == "released"
    return letter


def test_receipt_rejects_a_changed_file(released: Path) -> None:
    released.write_text(PLAIN + "one more line\n")
    check = gate.verify_receipt(released)
    assert not check.valid and "no receipt" in check.reasons[0]


def test_receipt_rejects_another_reader_or_case(released: Path) -> None:
    assert "reader school, not father" in gate.verify_receipt(released, reader="father").reasons[0]
    assert not gate.verify_receipt(released, case_id="CS-2").valid


@pytest.mark.parametrize("field", ["reader", "approved_by", "signature"])
def test_receipt_rejects_an_edited_receipt(released: Path, home: Path, field: str) -> None:
    (path,) = (home / "outbox").rglob("*.receipt.json")
    receipt = json.loads(path.read_text())
    receipt[field] = "father" if field == "reader" else (["x"] if field == "approved_by" else "0")
    path.write_text(json.dumps(receipt))
    check = gate.verify_receipt(released)
    assert not check.valid and "signature is not valid" in check.reasons[0]


def test_receipt_needs_its_release_entry(released: Path, home: Path, tmp_path: Path) -> None:
    """A receipt carried over from another installation (other log, same key) does not count."""
    saved = tmp_path / "saved"
    shutil.copytree(home / "outbox", saved)
    (home / "audit.sqlite").unlink()
    for suffix in ("-wal", "-shm"):
        (home / f"audit.sqlite{suffix}").unlink(missing_ok=True)
    check = gate.verify_receipt(released)
    assert not check.valid and "no release entry" in check.reasons[0]


# --- what the log and the queue hold ------------------------------------------


def test_no_protected_value_under_home_after_the_whole_flow(
    case: Path, redacted: Path, tmp_path: Path, home: Path
) -> None:
    original = write(tmp_path, "report.txt", ORIGINAL)
    gate.release(original, case, "father", "sam", checker=fake_check)  # held: carries values
    gate.release(redacted, case, "father", "sam", checker=fake_check)  # held: no approval
    gate.approve(redacted, case, "father", "clara")
    assert gate.release(redacted, case, "father", "sam", checker=fake_check).decision == "released"
    needles = [KNOWN_PHONE, "07700900461", KNOWN_ADDRESS, "Wharf Street", "SK11 6QP", "sk116qp"]
    for path in (p for p in home.rglob("*") if p.is_file()):
        raw = path.read_bytes().lower()
        assert not any(n.lower().encode() in raw for n in needles), path.name
    listing = " ".join(f"{h.reason} {h.case_id} {h.reader}" for h in gate.queue(include_all=True))
    assert not any(n.lower() in listing.lower() for n in needles)
    assert audit.verify().intact


# --- the commands ----------------------------------------------------------------


def cli(args: list[Any], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from redactor.cli.main import main

    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_walkthrough_of_the_issue(
    case: Path, redacted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Held before approval; the redactor's approval refused; a clerk's approval; released."""
    common = ["--case", case, "--to", "father"]
    code, out, _ = cli(["release", redacted, *common, "--user", "sam"], capsys)
    assert code == 1 and out.startswith("held:") and "approval of a clerk" in out
    code, out, _ = cli(["queue"], capsys)
    assert code == 0 and sha256(redacted)[:12] in out and "waiting for approval" in out
    code, _, err = cli(["approve", redacted, *common, "--user", "sam"], capsys)
    assert code == 1 and "redacted this file" in err
    code, _, err = cli(["approve", redacted, *common, "--user", "gary"], capsys)
    assert code == 1 and "not a clerk" in err
    code, out, _ = cli(["approve", redacted, *common, "--user", "clara"], capsys)
    assert code == 0 and "approval recorded" in out
    code, out, _ = cli(["release", redacted, *common, "--user", "sam", "--format", "json"], capsys)
    shown = json.loads(out)
    assert code == 0 and shown["decision"] == "released" and shown["domestic_abuse"] is True
    assert shown["receipt"]["approved_by"] == ["clara"] and shown["findings"] == []
    assert cli(["receipt", "verify", redacted], capsys)[0] == 0
    assert cli(["receipt", "verify", redacted, "--case", case, "--to", "father"], capsys)[0] == 0
    code, out, _ = cli(["receipt", "verify", redacted, "--to", "school"], capsys)
    assert code == 1 and "not cleared" in out
    assert cli(["audit", "verify"], capsys)[0] == 0
    assert "nothing is waiting" in cli(["queue", "--all"], capsys)[1]


def test_cli_release_json_of_a_held_original(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = write(tmp_path, "report.txt", ORIGINAL)
    args = ["release", original, "--case", case, "--to", "father", "--format", "json"]
    code, out, _ = cli([*args, "--user", "sam"], capsys)
    shown = json.loads(out)
    assert code == 1 and shown["decision"] == "held" and shown["receipt"] is None
    assert {f["kind"]: f["decision"] for f in shown["findings"]} == {
        "PHONE": "redact", "ADDRESS": "redact"
    }  # fmt: skip
    assert len(shown["reasons"]) == 2


def test_cli_user_defaults_to_the_environment(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDACTOR_USER", "colin")
    letter = write(tmp_path, "letter.txt", PLAIN)
    assert cli(["release", letter, "--case", case, "--to", "school"], capsys)[0] == 0
    assert audit.entries(action="release")[0].user == "colin"


@pytest.mark.parametrize(
    ("args", "logged_as"),
    [
        (["release", "{file}", "--case", "{case}", "--to", "uncle"], ["release"]),
        (["release", "{file}", "--case", "{case}", "--to", "school", "--format", "xml"], []),
        (["release", "{dir}/missing.txt", "--case", "{case}", "--to", "school"], ["release"]),
        (["release", "{file}", "--case", "{dir}/nocase.yaml", "--to", "school"], ["release"]),
        (["approve", "{file}", "--case", "{case}", "--to", "uncle", "--user", "clara"], ["approve"]),
        (["receipt", "verify", "{dir}/missing.txt"], []),  # a read-only question
    ],
)
def test_cli_bad_input_exits_2_releases_nothing_and_is_logged(
    case: Path,
    tmp_path: Path,
    home: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    logged_as: list[str],
) -> None:
    letter = write(tmp_path, "letter.txt", PLAIN)
    filled = [a.format(file=letter, case=case, dir=tmp_path) for a in args]
    code, _, err = cli(filled, capsys)
    assert code == 2 and err.startswith("redactor: error:")
    assert not (home / "outbox").exists()
    logged = [e.reason.split(":")[0] for e in audit.entries(action="bad-input")]
    assert logged == logged_as
