"""The detector registry: detectors as values meeting one protocol, explanations as data, word lists
from rules/, and no compiled-pattern caches of our own in the detect package."""

from __future__ import annotations

import ast
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from redactor import audit
from redactor.casefile import parse_case
from redactor.detect import Registry, find_in_segments
from redactor.detect.registry import PRIORITY, SegmentText
from redactor.ner import NoNer
from redactor.ruleset import load_rules, rules_dir
from redactor.types import DetectorKind, Explanation, Finding, Segment

CASE = parse_case(b"case_id: T-1\nparties:\n  - id: reader\n    name: Sam Reader\n")
DETECT = Path(__file__).resolve().parents[1] / "redactor" / "detect"


def found(text: str) -> list[Finding]:
    return list(find_in_segments([Segment("text", text)], CASE, ner=NoNer()))


@dataclass(frozen=True)
class Shouty:
    """A detector written by a test: any word in capitals of five letters or more."""

    kind: DetectorKind = DetectorKind.PATTERN

    def scan(self, seg: SegmentText) -> list[Finding]:
        out = []
        for word in seg.text.split():
            if len(word) >= 5 and word.isupper():
                start = seg.text.index(word)
                why = Explanation(self.kind, "test/shouty", 0.9, note="a word in capitals")
                end = start + len(word)
                out.append(Finding("OTHER", word, seg.index, start, end, self.kind, "test/shouty", 0.9, why))
        return out


def test_a_new_detector_is_one_value_added_to_the_registry() -> None:
    registry = Registry.build(load_rules(), CASE, NoNer())
    extended = Registry((*registry.detectors, Shouty()), registry.assembly, registry.ner)
    text = "Call 07700 900461 about the HEARING."
    assert [(f.kind, f.text) for f in registry.find([Segment("text", text)])] == [("PHONE", "07700 900461")]
    assert [(f.kind, f.text, f.location) for f in extended.find([Segment("text", text)])] == [
        ("PHONE", "07700 900461", "text, line 1"), ("OTHER", "HEARING.", "text, line 1")]  # fmt: skip


def test_every_detector_kind_has_a_priority_known_first_ner_last_of_the_detectors() -> None:
    assert set(PRIORITY) == set(DetectorKind)
    order = sorted((DetectorKind.NER, DetectorKind.PATTERN, DetectorKind.MARKER, DetectorKind.KNOWN), key=PRIORITY.get)
    assert order == [DetectorKind.KNOWN, DetectorKind.MARKER, DetectorKind.PATTERN, DetectorKind.NER]


def test_an_explanation_names_pattern_validator_and_context_word_but_never_the_text() -> None:
    (dob,) = [f for f in found("Child: Leah, DOB: 12/06/2016.") if f.kind == "DATE_OF_BIRTH"]
    assert dob.explanation == Explanation(DetectorKind.PATTERN, "date-of-birth/after-dob-words", 0.9, None, "dob",
                                          "matched pattern date-of-birth/after-dob-words")  # fmt: skip
    (nhs,) = found("NHS number 943 476 5919.")
    assert (nhs.explanation.pattern, nhs.explanation.validator, nhs.explanation.context) == (
        nhs.rule, "nhs_checksum", "nhs")
    (block,) = found("She now lives at 41 Wharf Street, Macclesfield, SK11 6QP with the children.")
    assert block.kind == "ADDRESS" and block.explanation.pattern == "address-block"
    assert block.explanation.note.startswith("address assembled from ")
    for f in (dob, nhs, block):
        assert f.text not in json.dumps(f.explanation.stored())


def test_the_audit_log_stores_the_structured_explanation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDACTOR_HOME", str(tmp_path / "home"))
    findings = found("Child: Leah, DOB: 12/06/2016. NHS number 943 476 5919.")
    entry = audit.entry(audit.record("check", "sw", decision="redact", reason="", findings=findings))
    assert entry is not None
    stored = entry.parsed("findings")
    assert [(s["why"]["pattern"], s["why"]["validator"], s["why"]["context"]) for s in stored] == [
        ("date-of-birth/after-dob-words", None, "dob"),
        (findings[1].rule, "nhs_checksum", "nhs"),
    ]
    assert "12/06/2016" not in json.dumps(entry.as_dict()) and "5919" not in json.dumps(entry.as_dict())


def test_generic_institution_words_are_read_from_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Mum works shifts at the Bank on Saturdays."
    assert [f.kind for f in found(text) if f.kind == "WORKPLACE"] == []
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    words = yaml.safe_load((folder / "words.yaml").read_text())
    words["generic_institution_words"].remove("bank")
    (folder / "words.yaml").write_text(yaml.safe_dump(words))
    monkeypatch.setenv("REDACTOR_RULES", str(folder))
    assert [(f.kind, f.text) for f in found(text) if f.kind == "WORKPLACE"] == [("WORKPLACE", "the Bank")]


def _module_level_mutables(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    bad = []
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
            bad.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.FunctionDef) and any(isinstance(n, ast.Global) for n in ast.walk(node)):
            bad.append(f"{path.name}:{node.lineno} global")
    return bad


def test_the_detect_package_keeps_no_module_level_mutable_state() -> None:
    assert [bad for path in sorted(DETECT.glob("*.py")) for bad in _module_level_mutables(path)] == []
