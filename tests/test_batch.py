"""`redactor batch`: a folder in, redacted copies out, resumable, one audit entry per document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PROTECTED_VALUES

import redactor.cli.batch_cmds  # noqa: F401 - registers `batch` on the app
from redactor import audit
from redactor.batch import (
    STATE_NAME,
    Done,
    Item,
    Outcome,
    Summary,
    failure,
    load_state,
    save_state,
    still_done,
)
from redactor.cli.main import main
from redactor.errors import BadInput, InternalError, LimitExceeded, UnsafeOutput

pytestmark = pytest.mark.slow  # batches run in forked worker children

REPORTS = {
    "a.txt": "Claire Mottram now lives at Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, "
    "SK11 6QP.\nShe can be reached on 07700 900461 or claire.m@example.org.\n",
    "sub/b.txt": "Mia attends Brookside Primary School; her mother works at Hollybank Garden Centre.\n",
    "sub/deeper/c.txt": "Her car, YX19 KLM, was seen near Wharf Street. Landline (01632) 960123.\n",
}
KEPT = {"a.txt": "Claire Mottram", "sub/b.txt": "Mia attends", "sub/deeper/c.txt": "Her car"}
BAD = ("bad.txt", "caf\xe9 near 41 Wharf Street\n".encode("latin-1"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    for rel, text in REPORTS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / BAD[0]).write_bytes(BAD[1])
    (root / "notes.odt").write_bytes(b"not processed")
    return root


def batch(folder: Path, case: Path, out: Path, workers: int = 1) -> int:
    return main(["batch", str(folder), "--case", str(case), "--to", "father", "--out", str(out),
                 "--workers", str(workers)])  # fmt: skip


def lines_of(text: str) -> dict[str, str]:
    """Summary lines by document: 'outcome  rel  reason' -> {rel: line}."""
    found = {}
    for line in text.splitlines():
        for rel in [*REPORTS, BAD[0], "notes.odt"]:
            if f" {rel}  " in line:
                found[rel] = line
    return found


def state(out: Path) -> dict[str, dict[str, str]]:
    return json.loads((out / STATE_NAME).read_text("utf-8"))["documents"]


def test_folder_is_redacted_keeping_paths_and_the_bad_file_is_refused(
    folder: Path, spec_case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert batch(folder, spec_case_path, out, workers=2) == 1  # one refusal
    for rel, kept in KEPT.items():
        text = (out / rel).read_text("utf-8")
        assert kept in text and "withheld]" in text
        for value in PROTECTED_VALUES:
            assert value.lower() not in text.lower(), (rel, value)
    assert not (out / BAD[0]).exists() and not (out / "notes.odt").exists()
    captured = capsys.readouterr()
    assert "[4/4] " in captured.err  # plain progress lines when not on a terminal
    lines = lines_of(captured.out)
    assert lines[BAD[0]].startswith("refused") and "not UTF-8" in lines[BAD[0]]
    assert all(lines[rel].startswith("redacted ") for rel in REPORTS)
    assert lines["notes.odt"].startswith("not processed")
    recorded = state(out)
    assert {rel: r["outcome"] for rel, r in recorded.items()} == {**dict.fromkeys(REPORTS, "redacted"),
                                                                   BAD[0]: "refused"}  # fmt: skip
    assert len(audit.recent(100)) == 4  # one entry per document, the refusal included
    assert audit.verify().intact


def test_rerun_skips_what_is_done_and_redoes_what_changed(
    folder: Path, spec_case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    batch(folder, spec_case_path, out)
    capsys.readouterr()
    before = {rel: (out / rel).stat().st_mtime_ns for rel in REPORTS}

    assert batch(folder, spec_case_path, out) == 1  # the refusal still stands
    lines = lines_of(capsys.readouterr().out)
    assert all("(earlier run)" in lines[rel] for rel in [*REPORTS, BAD[0]])
    assert {rel: (out / rel).stat().st_mtime_ns for rel in REPORTS} == before
    assert len(audit.recent(100)) == 4  # nothing ran, nothing audited

    (folder / "sub/b.txt").write_text("Call 07700 900461 about Mia.\n", encoding="utf-8")
    (out / "a.txt").write_text("tampered output\n", encoding="utf-8")
    assert batch(folder, spec_case_path, out) == 1
    lines = lines_of(capsys.readouterr().out)
    redone = {rel for rel, line in lines.items() if "(earlier run)" not in line}
    assert redone == {"sub/b.txt", "a.txt", "notes.odt"}  # the changed input, the altered output
    assert "07700 900461" not in (out / "sub/b.txt").read_text("utf-8")
    assert "Wharf Street" not in (out / "a.txt").read_text("utf-8")
    assert len(audit.recent(100)) == 6


def test_a_changed_case_file_redoes_everything(
    folder: Path, spec_case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    (folder / BAD[0]).unlink()
    assert batch(folder, spec_case_path, out) == 0  # every document redacted
    spec_case_path.write_text(spec_case_path.read_text("utf-8") + "  - 01234 567890\n", "utf-8")
    capsys.readouterr()
    assert batch(folder, spec_case_path, out) == 0
    assert "(earlier run)" not in capsys.readouterr().out
    assert len(audit.recent(100)) == 2 * len(REPORTS)


@pytest.mark.parametrize(
    ("case", "args", "message"),
    [
        ("missing folder", ["FOLDER=nowhere"], "is not a folder"),
        ("out is the folder", ["OUT=in"], "another folder"),
        ("no workers", ["--workers", "0"], "at least 1"),
        ("unknown reader", ["--to", "uncle"], "not a party"),
        ("empty folder", ["FOLDER=empty"], "no .pdf, .docx or .txt"),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    case: str, args: list[str], message: str, folder: Path, spec_case_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    (tmp_path / "empty").mkdir()
    values = {"FOLDER": str(folder), "OUT": str(tmp_path / "out")}
    options = []
    for arg in args:
        if "=" in arg:
            name, value = arg.split("=")
            values[name] = str(tmp_path / value)
        else:
            options.append(arg)
    argv = ["batch", values["FOLDER"], "--case", str(spec_case_path), "--to", "father",
            "--out", values["OUT"], "--workers", "2", *options]  # fmt: skip
    assert main(argv) == 2, case
    err = capsys.readouterr().err.strip().splitlines()
    assert message in err[-1] and len(err) == 1
    assert audit.recent(10) == []


ITEM = Item("x.pdf", Path("x.pdf"), Path("out/x.pdf"), "ab")


@pytest.mark.parametrize(
    ("exc", "outcome", "retry"),
    [
        (UnsafeOutput("verification found a removed value in page 2"), Outcome.HELD, False),
        (BadInput("x.pdf: encrypted PDF"), Outcome.REFUSED, False),
        (LimitExceeded("x.pdf: took longer than 120 s"), Outcome.REFUSED, True),
        (InternalError("a worker died"), Outcome.FAILED, True),
        (KeyError("Claire Mottram"), Outcome.FAILED, True),
    ],
)
def test_failures_map_to_outcomes_without_document_text(exc: Exception, outcome: Outcome,
                                                        retry: bool, tmp_path: Path) -> None:  # fmt: skip
    done = failure(ITEM, exc)
    assert (done.outcome, done.retry) == (outcome, retry)
    assert "Claire" not in done.reason
    # What may go otherwise next time is not taken as done by the next run.
    out = tmp_path / "out"
    out.mkdir()
    save_state(out, {"k": "v"}, [done])
    item = Item(ITEM.rel, ITEM.path, out / ITEM.rel, ITEM.sha256)
    assert (still_done(item, load_state(out, {"k": "v"})[ITEM.rel]) is None) == retry
    assert load_state(out, {"k": "other"}) == {}


@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        ([Outcome.REDACTED, Outcome.REDACTED], 0),
        ([Outcome.REDACTED, Outcome.HELD], 1),
        ([Outcome.REFUSED], 1),
        ([Outcome.REDACTED, Outcome.REFUSED, Outcome.FAILED], 3),
    ],
)
def test_exit_code_follows_the_worst_outcome(outcomes: list[Outcome], code: int) -> None:
    summary = Summary(tuple(Done(f"{i}.txt", "ab", o, "") for i, o in enumerate(outcomes)))
    assert summary.exit_code == code
