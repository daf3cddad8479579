"""Inputs are opened without following links, regular files only; the watcher takes a document
only when it is whole, and releases a held document once a clerk approves it (issue 12)."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from redactor import audit, gate
from redactor.cli.main import main
from redactor.commands import InProcess
from redactor.watch import HELD, PROCESSING, RELEASED, Watcher

SECRET = "TOKEN-tok-clerk-secret-line SK11 6QP Wharf Street"
PLAIN = "Attendance was good this term. No concerns were raised at the review.\n"
DA_REPORT = "Ms Mottram moved to Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP.\n"


def secret_file(tmp_path: Path) -> Path:
    """Stands in for the settings file with every token, or /etc/passwd."""
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n")
    return path


def sidecar(outbox: Path, name: str, case: str = "plain.yaml", to: str = "school") -> None:
    (outbox / f"{name}.json").write_text(json.dumps({"case": case, "to": to, "user": "sw.jones"}))


def every_byte_under(*folders: Path) -> bytes:
    out = b""
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                out += path.name.encode() + path.read_bytes()
    return out


def cli(args: list[Any], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


# --- links, FIFOs and devices --------------------------------------------------------


def test_a_link_in_the_watched_folder_is_refused_and_its_target_copied_nowhere(
    outbox: Path, tmp_path: Path, isolated_home: Path
) -> None:
    os.symlink(secret_file(tmp_path), outbox / "letter.txt")
    sidecar(outbox, "letter.txt")
    summary = Watcher(outbox, outbox.parent / "cases", InProcess()).run_once()
    assert (summary.released, summary.held) == (0, 1)
    reason = (outbox / HELD / "letter.txt.reason.txt").read_text()
    assert "symbolic link" in reason and reason.count("\n") == 1
    assert not (outbox / HELD / "letter.txt").exists() and not (outbox / RELEASED / "letter.txt").exists()
    assert SECRET.encode() not in every_byte_under(outbox, isolated_home)
    assert (tmp_path / "secret.txt").read_text().startswith(SECRET)  # the target is untouched


def test_a_fifo_in_the_watched_folder_is_refused_without_hanging(outbox: Path, isolated_home: Path) -> None:
    os.mkfifo(outbox / "letter.txt")
    sidecar(outbox, "letter.txt")
    started = time.monotonic()
    summary = Watcher(outbox, outbox.parent / "cases", InProcess()).run_once()
    assert time.monotonic() - started < 30 and summary.held == 1
    assert "FIFO" in (outbox / HELD / "letter.txt.reason.txt").read_text()
    assert not [p for p in (outbox / PROCESSING).rglob("*") if not p.is_dir()]


def test_a_linked_sidecar_is_not_followed(outbox: Path, tmp_path: Path) -> None:
    (outbox / "letter.txt").write_text(PLAIN)
    os.symlink(secret_file(tmp_path), outbox / "letter.txt.json")
    summary = Watcher(outbox, outbox.parent / "cases", InProcess()).run_once()
    assert summary.total == 0 and (outbox / "letter.txt").exists()  # waits for a real sidecar


@pytest.mark.parametrize("command", ["check", "redact", "release", "approve"])
def test_the_cli_refuses_a_link_with_one_line(
    outbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_home: Path, command: str
) -> None:
    link = tmp_path / "report.txt"
    os.symlink(secret_file(tmp_path), link)
    args = [command, link, "--case", outbox.parent / "cases" / "plain.yaml", "--to", "school", "--user", "clara"]
    if command == "redact":
        args += ["--out", tmp_path / "out.txt"]
    code, err = cli(args, capsys)
    assert code == 2 and "symbolic link" in err and err.count("\n") == 1
    assert SECRET.encode() not in every_byte_under(isolated_home) and not (tmp_path / "out.txt").exists()


def test_the_cli_refuses_a_linked_case_file_and_devices(
    outbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "letter.txt").write_text(PLAIN)
    os.symlink(outbox.parent / "cases" / "plain.yaml", tmp_path / "case.yaml")
    code, err = cli(["check", tmp_path / "letter.txt", "--case", tmp_path / "case.yaml", "--to", "school"], capsys)
    assert code == 2 and "symbolic link" in err
    code, err = cli(["release", "/dev/zero", "--case", outbox.parent / "cases" / "plain.yaml", "--to", "school"],
                    capsys)  # fmt: skip
    assert code == 2 and "character device" in err


# --- a document still being written ---------------------------------------------------


@pytest.mark.slow  # waits on the real clock for the writer to settle
def test_a_slowly_written_document_is_taken_whole(outbox: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "settings.yaml").write_text("clerks: [clara]\nwatch: {settle_seconds: 1}\n")
    lines = [f"Line {i}: attendance was good this week.\n" for i in range(8)]
    target = outbox / "slow.txt"
    sidecar(outbox, "slow.txt")  # dropped first, against the advice: the settle time still protects

    def writer() -> None:
        with open(target, "a") as fh:
            for line in lines:
                fh.write(line)
                fh.flush()
                time.sleep(0.3)

    thread = threading.Thread(target=writer)
    thread.start()
    watcher = Watcher(outbox, outbox.parent / "cases", InProcess())
    taken = 0
    deadline = time.monotonic() + 30
    while not taken and time.monotonic() < deadline:
        taken = watcher.run_once().total
        time.sleep(0.2)
    thread.join()
    assert (outbox / RELEASED / "slow.txt").read_text() == "".join(lines)


def test_the_settle_time_comes_from_the_settings(outbox: Path, tmp_path: Path) -> None:
    (tmp_path / "settings.yaml").write_text("clerks: [clara]\n")
    assert Watcher(outbox, outbox.parent / "cases", InProcess()).settle == 2.0
    (outbox / "new.txt").write_text(PLAIN)
    sidecar(outbox, "new.txt")
    assert Watcher(outbox, outbox.parent / "cases", InProcess()).run_once().total == 0  # --once waits too
    assert (outbox / "new.txt").exists()


# --- a held document approved by a clerk ------------------------------------------------


def test_an_approved_held_document_is_released_into_released(outbox: Path) -> None:
    (outbox / "report.txt").write_text(DA_REPORT)
    sidecar(outbox, "report.txt", "da.yaml", "father")
    watcher = Watcher(outbox, outbox.parent / "cases", InProcess())
    assert watcher.run_once().held == 1
    held = outbox / HELD / "report.txt"
    assert "[address withheld]" in held.read_text()
    assert watcher.run_once().total == 0  # nothing new: still waiting for a clerk
    assert gate.approve(held, outbox.parent / "cases" / "da.yaml", "father", "clara").recorded
    assert watcher.run_once().released == 1
    released = outbox / RELEASED / "report.txt"
    assert "[address withheld]" in released.read_text() and "Wharf" not in released.read_text()
    assert released.exists() and not held.exists() and not (outbox / HELD / "report.txt.reason.txt").exists()
    receipt = json.loads((outbox / RELEASED / "report.txt.receipt.json").read_text())
    assert receipt["approved_by"] == ["clara"] and gate.verify_receipt(released).valid
    assert [e.action for e in audit.entries()][-1] == "release"


def test_an_approval_by_someone_not_a_clerk_releases_nothing(outbox: Path) -> None:
    (outbox / "report.txt").write_text(DA_REPORT)
    sidecar(outbox, "report.txt", "da.yaml", "father")
    watcher = Watcher(outbox, outbox.parent / "cases", InProcess())
    watcher.run_once()
    held = outbox / HELD / "report.txt"
    assert not gate.approve(held, outbox.parent / "cases" / "da.yaml", "father", "gary").recorded
    assert watcher.run_once().released == 0 and held.exists()


def test_the_watcher_uses_the_release_check_with_the_raw_bytes(outbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import redactor.api

    seen: list[str] = []
    real = redactor.api.check_for_release

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append("check_for_release")
        return real(*args, **kwargs)

    monkeypatch.setattr(redactor.api, "check_for_release", spy)
    (outbox / "letter.txt").write_text(PLAIN)
    sidecar(outbox, "letter.txt")
    assert Watcher(outbox, outbox.parent / "cases", InProcess()).run_once().released == 1
    assert seen == ["check_for_release"]
