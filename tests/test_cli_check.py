"""`redactor check` and `redactor redact` on text, through the real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run
from conftest import PROTECTED_VALUES

pytestmark = pytest.mark.slow  # the real `redactor` command in a subprocess

REPORT = """Child and Family Assessment, case CS-2024-0317
Claire Mottram and Mia now live at Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP.
Ms Mottram can be reached on 07700 900461 or (01632) 960123, or claire.m@example.org.
Mr Pickford was seen driving past Wharf Street. Mia attends Brookside Primary School and her mother
works at Hollybank Garden Centre; her car is YX19 KLM.
The council's office is at Civic Centre, 1 Council Way, Crewe, CW1 2ZZ (duty line 0300 123 4567).
The assessment found that Mia is settled and her attendance is good.
"""
PLAIN = """Review of attendance for a school-age child.
Attendance has improved to 96 percent this term and the family engaged well with the plan.
Next review at the Civic Centre, 1 Council Way, Crewe, CW1 2ZZ.
"""
NO_DA_CASE = """case_id: CS-1
parties:
  - {id: school, name: Hill School, markers: [professional]}
  - {id: mum, name: Ann Lee}
allow: ['Civic Centre, 1 Council Way, Crewe, CW1 2ZZ']
"""


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_da_report_for_restricted_reader_needs_action(report: Path, spec_case_path: Path) -> None:
    done = run("check", report, "--case", spec_case_path, "--to", "father", "--format", "json")
    assert done.returncode == 1, done.stderr
    body = json.loads(done.stdout)
    assert body["decision"] == "redact" and body["domestic_abuse"] is True
    removed = " ".join(f["text"] for f in body["findings"] if f["decision"] == "redact")
    for value in ("Wharf Street", "SK11 6QP", "07700 900461", "960123", "claire.m@example.org", "YX19 KLM"):
        assert value in removed
    kept = {f["text"] for f in body["findings"] if f["decision"] == "keep"}
    assert "0300 123 4567" in kept
    assert {"kind", "text", "location", "decision", "reason"} <= set(body["findings"][0])


def test_plain_report_for_professional_is_clear(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "case.yaml").write_text(NO_DA_CASE, encoding="utf-8")
    done = run("check", tmp_path / "plain.txt", "--case", tmp_path / "case.yaml", "--to", "school")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verdict: clear" in done.stdout


def test_text_output_names_kind_place_decision_and_rule(report: Path, spec_case_path: Path) -> None:
    done = run("check", report, "--case", spec_case_path, "--to", "father")
    assert "REDACT ADDRESS" in done.stdout and "text, line 2" in done.stdout
    assert "da.protected: known detail of protected party mother" in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("verdict: redact")


def test_redact_text_removes_every_form_and_keeps_the_rest(report: Path, spec_case_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    done = run("redact", report, "--case", spec_case_path, "--to", "father", "--out", out, "--format", "json")
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    for value in PROTECTED_VALUES:
        assert value.lower() not in text.lower()
    for kept in ("Claire Mottram", "Civic Centre, 1 Council Way, Crewe, CW1 2ZZ", "0300 123 4567",
                 "The assessment found that Mia is settled and her attendance is good."):  # fmt: skip
        assert kept in text
    assert "[address withheld]" in text
    assert json.loads(done.stdout)["verification"]["clean"] is True


BAD_INPUTS = [
    ("unknown reader", ["--to", "uncle"], "not a party"),
    ("missing file", ["FILE=missing.txt"], "not found"),
    ("wrong type", ["FILE=report.odt"], "unsupported file type"),
]


@pytest.mark.parametrize(("name", "extra", "reason"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_exit_2_with_one_line(report: Path, spec_case_path: Path, name: str, extra: list[str],
                                           reason: str) -> None:  # fmt: skip
    file = str(report.with_name(extra[0][5:])) if extra and extra[0].startswith("FILE=") else str(report)
    if file.endswith(".odt"):
        Path(file).write_text("x")
    args = ["--to", "father"] if not extra or extra[0].startswith("FILE=") else extra
    done = run("check", file, "--case", spec_case_path, *args)
    assert done.returncode == 2
    assert reason in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_non_utf8_text_is_refused_without_output(tmp_path: Path, spec_case_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_bytes("Claire lives at 41 Wharf Street, caf\xe9".encode("latin-1"))
    out = tmp_path / "out.txt"
    done = run("redact", bad, "--case", spec_case_path, "--to", "father", "--out", out)
    assert done.returncode == 2 and "not UTF-8" in done.stderr
    assert not out.exists() and list(tmp_path.glob(".redactor-*")) == []
    assert "Wharf" not in done.stderr


def test_malformed_case_file_names_the_field(report: Path, tmp_path: Path) -> None:
    case = tmp_path / "bad.yaml"
    case.write_text("case_id: X\nparties:\n  - id: a\n  - id: b\n    details:\n      address: 41 Wharf Street\n")
    done = run("check", report, "--case", case, "--to", "a")
    assert done.returncode == 2
    assert "parties[1].details.address: expected a list of strings" in done.stderr
    assert "Wharf" not in done.stderr


@pytest.mark.parametrize("command", [[], ["check"], ["redact"], ["approve"], ["release"], ["audit", "verify"]])
def test_help_on_every_command(command: list[str]) -> None:
    done = run(*command, "--help")
    assert done.returncode == 0 and "Usage" in done.stdout


@pytest.mark.parametrize("args", [["check", "f.txt", "--to", "father"], ["check", "f.txt", "--case", "c.yaml",
                                  "--to", "x", "--format", "xml"], ["check"], ["nosuchcommand"]])  # fmt: skip
def test_usage_errors_are_exit_2_not_internal(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("redactor: error:") and "internal error" not in done.stderr
