"""No raw value in the state, whatever the input: every byte of the state folder (SQLite files,
WAL, keys, checkpoints, outbox names) is scanned after hostile file names and readers (issue 12)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import PROTECTED_VALUES, SPEC_CASE

from redactor import audit
from redactor.cli.main import main
from redactor.commands import InProcess
from redactor.watch import Watcher

REPORT = (
    "Ms Mottram and Mia moved to Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP.\n"
    "She can be reached on 07700 900461 or claire.m@example.org. Mia attends Brookside Primary School.\n"
    "Her car is YX19 KLM. She works at Hollybank Garden Centre.\n"
)
HOSTILE_NAME = "Claire Mottram 41 Wharf Street SK11 6QP"
TYPED_READER = "Flat 2, Ropewalk House, 41 Wharf Street"
NAMES = ("Mottram", "Claire", "Pickford", "Ropewalk", "wharf street", "sk116qp", "07700900461")


def cli(args: list[Any], capsys: pytest.CaptureFixture[str]) -> int:
    code = main([str(a) for a in args])
    capsys.readouterr()
    return code


def released_copy(path: Path, home: Path) -> bool:
    """A document the gate let out: it keeps what the policy keeps (names are kept)."""
    return path.parts[len(home.parts)] == "outbox" and not path.name.endswith(".receipt.json")


def state_bytes(home: Path) -> tuple[bytes, bytes]:
    """(every name and byte of the state, the released copies' content)."""
    out, copies = b"", b""
    for path in home.rglob("*"):
        out += str(path.relative_to(home)).encode()
        if path.is_file() and released_copy(path, home):
            copies += path.read_bytes()
        elif path.is_file():
            out += path.read_bytes()
    return out, copies


def assert_no_value(home: Path) -> None:
    data, copies = state_bytes(home)
    assert copies  # a document was released
    for value in (*PROTECTED_VALUES, *NAMES, HOSTILE_NAME, TYPED_READER):
        for form in {value, value.lower(), value.upper()}:
            assert form.encode() not in data, value
            assert form.encode("utf-16-le") not in data, value
    for value in PROTECTED_VALUES:
        assert value.encode() not in copies, value


def test_the_whole_flow_leaves_no_raw_value_in_the_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    config = tmp_path / "settings.yaml"
    config.write_text("clerks: [clara]\nwatch: {settle_seconds: 0}\n")
    monkeypatch.setenv("REDACTOR_CONFIG", str(config))
    case = tmp_path / "case.yaml"
    case.write_text(SPEC_CASE)
    doc = tmp_path / f"{HOSTILE_NAME}.txt"
    doc.write_text(REPORT)
    out = tmp_path / f"{HOSTILE_NAME} redacted.txt"
    common = ["--case", case, "--to", "father"]
    assert cli(["case", "register", case, "--user", "clara"], capsys) == 0
    assert cli(["case", "show", "CS-2024-0317", "--user", "clara"], capsys) == 0
    assert cli(["check", doc, "--case", case, "--to", TYPED_READER], capsys) == 2  # a mistyped --to
    assert cli(["release", doc, "--case", case, "--to", TYPED_READER], capsys) == 2
    assert cli(["check", tmp_path / f"{HOSTILE_NAME}.pdf", *common], capsys) == 2  # not there
    assert cli(["check", doc, *common], capsys) == 1
    assert cli(["release", doc, *common], capsys) == 1  # unredacted: held
    assert cli(["redact", doc, *common, "--out", out], capsys) == 0
    assert cli(["release", out, *common], capsys) == 1
    assert cli(["approve", out, *common, "--user", "clara"], capsys) == 0
    assert cli(["release", out, *common], capsys) == 0
    os.symlink(doc, tmp_path / f"{HOSTILE_NAME} link.txt")
    assert cli(["check", tmp_path / f"{HOSTILE_NAME} link.txt", *common], capsys) == 2
    box, cases = tmp_path / "outbox", tmp_path / "cases"
    box.mkdir()
    cases.mkdir()
    (cases / "da.yaml").write_text(SPEC_CASE)
    (box / f"{HOSTILE_NAME}.txt").write_text(REPORT + "A second copy, for the watcher.\n")
    (box / f"{HOSTILE_NAME}.txt.json").write_text(json.dumps({"case": "da.yaml", "to": "father", "user": "sw"}))
    assert Watcher(box, cases, InProcess()).run_once().held == 1
    readers = {e.reader for e in audit.entries()}
    assert "unknown reader" in readers and TYPED_READER not in readers
    assert any("file-" in e.reason for e in audit.entries(decision="refused"))
    assert (isolated_home / "audit.sqlite").exists() and (isolated_home / "state.sqlite").exists()
    assert_no_value(isolated_home)
