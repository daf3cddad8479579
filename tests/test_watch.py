"""The watched outbox, with real files: released or held, and never lost in a crash."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import PROTECTED_VALUES

from redactor import gate
from redactor.commands import InProcess, run_release
from redactor.errors import BadInput
from redactor.watch import HELD, PROCESSING, RELEASED, Watcher

PLAIN = "Attendance was good this term. No concerns were raised at the review.\n"
DA_REPORT = (
    "Ms Mottram and Mia moved to Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP.\n"
    "She can be reached on 07700 900461. Mia attends Brookside Primary School.\n"
)


def cases_of(box: Path) -> Path:
    return box.parent / "cases"


def drop(box: Path, name: str, text: str | bytes, sidecar: dict[str, str] | str,
         sidecar_name: str | None = None) -> Path:  # fmt: skip
    doc = box / name
    doc.write_bytes(text.encode() if isinstance(text, str) else text)
    body = sidecar if isinstance(sidecar, str) else json.dumps(sidecar)
    (box / (sidecar_name or name + ".json")).write_text(body)
    return doc


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def run(box: Path) -> tuple[int, int]:
    summary = Watcher(box, cases_of(box), InProcess()).run_once()
    return summary.released, summary.held


def test_a_plain_document_is_released_with_its_receipt(outbox: Path) -> None:
    drop(outbox, "review.txt", PLAIN, {"case": "plain.yaml", "to": "school", "user": "sw.jones"})
    assert run(outbox) == (1, 0)
    released = outbox / RELEASED / "review.txt"
    receipt = json.loads((outbox / RELEASED / "review.txt.receipt.json").read_text())
    assert receipt["file_sha256"] == hashlib.sha256(released.read_bytes()).hexdigest()
    assert receipt["released_by"] == "sw.jones" and receipt["case_id"] == "CS-2024-0999"
    assert gate.verify_receipt(released).valid
    assert files_in(outbox / PROCESSING) == set() and not (outbox / "review.txt").exists()


def test_a_domestic_abuse_document_is_redacted_and_held_for_a_clerk(outbox: Path) -> None:
    drop(outbox, "assessment.txt", DA_REPORT, {"case": "da.yaml", "to": "father", "user": "sw.jones"})
    assert run(outbox) == (0, 1)
    held = (outbox / HELD / "assessment.txt").read_text()
    reason = (outbox / HELD / "assessment.txt.reason.txt").read_text()
    assert "[address withheld]" in held and "approval of a clerk" in reason
    for value in PROTECTED_VALUES:
        assert value not in held and value not in reason
    # The workflow goes on with the gate: a second person approves, then it is released.
    path, case = outbox / HELD / "assessment.txt", cases_of(outbox) / "da.yaml"
    assert gate.approve(path, case, "father", "clara").recorded
    assert str(run_release(path, case, "father", "sw.jones").decision) == "released"


@pytest.mark.parametrize(
    ("name", "text", "sidecar", "says"),
    [
        ("a.txt", DA_REPORT, {"case": "../da.yaml", "to": "father", "user": "x"}, "case must be the name"),
        ("b.txt", DA_REPORT, "{not json", "not valid JSON"),
        ("c.txt", DA_REPORT, {"case": "da.yaml", "to": "nobody", "user": "x"}, "is not a party"),
        ("d.txt", DA_REPORT, {"case": "missing.yaml", "to": "father", "user": "x"}, "case file not found"),
        ("e.doc", b"\xd0\xcf\x11\xe0 old word", {"case": "da.yaml", "to": "father", "user": "x"}, "unsupported"),
        ("f.txt", DA_REPORT, {"case": "da.yaml", "user": "x"}, "to must name the reader"),
    ],
)
def test_what_cannot_be_redacted_is_held_as_dropped_saying_why(
    outbox: Path, name: str, text: str | bytes, sidecar: dict[str, str] | str, says: str
) -> None:
    original = drop(outbox, name, text, sidecar).read_bytes()
    assert run(outbox) == (0, 1)
    reason = (outbox / HELD / f"{name}.reason.txt").read_text()
    assert reason.startswith("held: NOT redacted") and says in reason
    assert str(outbox) not in reason  # names, not the server's folders
    assert (outbox / HELD / name).read_bytes() == original
    assert files_in(outbox / PROCESSING) == set()


def test_a_sidecar_named_after_the_stem_counts(outbox: Path) -> None:
    drop(outbox, "review.txt", PLAIN, {"case": "plain.yaml", "to": "school", "user": "x"}, "review.json")
    assert run(outbox) == (1, 0)


def test_a_document_without_its_sidecar_waits(outbox: Path) -> None:
    (outbox / "later.txt").write_text(PLAIN)
    (outbox / ".partial.txt.tmp").write_text("being written")
    assert run(outbox) == (0, 0)
    assert (outbox / "later.txt").exists() and (outbox / ".partial.txt.tmp").exists()


def test_a_job_left_in_processing_by_a_crash_is_finished_on_start(outbox: Path) -> None:
    (outbox / PROCESSING).mkdir()
    drop(outbox / PROCESSING, "crashed.txt", PLAIN, {"case": "plain.yaml", "to": "school", "user": "x"})
    stale = outbox / PROCESSING / ".work" / "dead-job"
    stale.mkdir(parents=True)
    (stale / "crashed.txt").write_text("half-written output")
    assert run(outbox) == (1, 0)
    assert (outbox / RELEASED / "crashed.txt").read_text() == PLAIN
    assert files_in(outbox / PROCESSING) == set()


def test_a_half_done_claim_is_completed(outbox: Path) -> None:
    # The crash came between the two renames: the sidecar was claimed, the document was not.
    (outbox / PROCESSING).mkdir()
    drop(outbox, "half.txt", PLAIN, {"case": "plain.yaml", "to": "school", "user": "x"})
    os.rename(outbox / "half.txt.json", outbox / PROCESSING / "half.txt.json")
    assert run(outbox) == (1, 0)
    assert (outbox / RELEASED / "half.txt").exists() and not (outbox / "half.txt").exists()


def test_a_sidecar_whose_document_is_gone_is_held(outbox: Path) -> None:
    (outbox / PROCESSING).mkdir()
    (outbox / PROCESSING / "gone.txt.json").write_text('{"case": "plain.yaml", "to": "school"}')
    assert run(outbox) == (0, 0)
    assert "document was lost" in (outbox / HELD / "gone.txt.json.reason.txt").read_text()


def test_a_crash_while_delivering_leaves_nothing_half_written(outbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import redactor.watch as watch

    drop(outbox, "report.txt", DA_REPORT, {"case": "da.yaml", "to": "father", "user": "x"})
    real_place = watch.place

    def crash(source: Path, target: Path) -> None:
        raise KeyboardInterrupt  # stands in for the process being killed here

    monkeypatch.setattr(watch, "place", crash)
    with pytest.raises(KeyboardInterrupt):
        run(outbox)
    assert not (outbox / HELD / "report.txt").exists()
    assert (outbox / PROCESSING / "report.txt").exists()  # still claimed, not lost
    monkeypatch.setattr(watch, "place", real_place)
    assert run(outbox) == (0, 1)
    assert "[address withheld]" in (outbox / HELD / "report.txt").read_text()
    leftovers = [p for p in (outbox / HELD).iterdir() if p.name.startswith(".")]
    assert leftovers == [] and files_in(outbox / PROCESSING) == set()


def test_only_one_watcher_per_outbox(outbox: Path) -> None:
    with open(outbox / ".watch.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BadInput, match="another redactor watch"):
            run(outbox)


def test_the_watch_command_processes_once(outbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from redactor.cli.main import main

    drop(outbox, "review.txt", PLAIN, {"case": "plain.yaml", "to": "school", "user": "x"})
    code = main(["watch", str(outbox), "--case-dir", str(cases_of(outbox)), "--once"])
    assert code == 0
    assert "processed 1: 1 released, 0 held" in capsys.readouterr().out
    assert main(["watch", str(outbox / "nope"), "--case-dir", str(cases_of(outbox)), "--once"]) == 2
