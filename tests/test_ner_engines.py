"""The NER engine is a value: passed into the API and detection, carried by each runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redactor import api, parallel
from redactor.casefile import CaseFile
from redactor.commands import InProcess, run_check
from redactor.detect import find_in_segments
from redactor.ner import AheadNer, FakeNer, NoNer, SplitNer
from redactor.types import Segment

NOTE = "Visit log: Zebedee Quill called about Claire at 41 Wharf Street, Macclesfield, SK11 6QP.\n"
FAKE = FakeNer((("Zebedee Quill", "PERSON"),))


def ner_texts(findings: object) -> list[str]:
    return [f.text for f in findings if f.detector == "ner"]  # type: ignore[attr-defined]


def test_detection_uses_the_engine_it_is_given(spec_case: CaseFile) -> None:
    segments = [Segment("text", NOTE)]
    assert ner_texts(find_in_segments(segments, spec_case, ner=FAKE)) == ["Zebedee Quill"]
    assert ner_texts(find_in_segments(segments, spec_case, ner=NoNer())) == []


def test_the_api_passes_its_engine_down(tmp_path: Path, spec_case_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    found = api.check_file(path, spec_case_path, "father", ner=FAKE).plan.findings
    assert [(f.text, f.rule) for f in found if f.detector == "ner"] == [("Zebedee Quill", "ner/person")]
    assert str(api.check_file(path, spec_case_path, "father", ner=NoNer()).verdict) == "redact"  # rules alone


def test_an_audited_operation_uses_the_runners_engine(tmp_path: Path, spec_case_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    result = run_check(path, spec_case_path, "father", "sw.jones", InProcess(ner=FAKE))
    assert ner_texts(result.plan.findings) == ["Zebedee Quill"]


def test_the_fake_finds_every_occurrence_at_its_place() -> None:
    text = "Ann met Bob. Bob left."
    found = FakeNer((("Bob", "PERSON"), ("Ann", "PERSON"))).scan_many(["nothing", text])
    assert found[0] == []
    assert [(f.start, f.end, f.segment) for f in found[1]] == [(0, 3, 1), (8, 11, 1), (13, 16, 1)]
    assert all(text[f.start : f.end] == f.text for f in found[1])


def test_fork_false_in_the_settings_keeps_ner_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "settings.yaml"
    config.write_text("fork: false\n")
    monkeypatch.setenv("REDACTOR_CONFIG", str(config))
    assert parallel.can_fork() is False
    with AheadNer().started() as engine:
        assert engine == SplitNer()  # no child loading the model ahead
    result = parallel.split_map(lambda items: [(i, os.getpid()) for i in items], list(range(50)), lambda _: 10_000)
    assert {pid for _, pid in result} == {os.getpid()}  # nor a second core
