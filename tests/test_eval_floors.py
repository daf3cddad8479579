"""Floors on measured detection quality over sample_docs/, and the decision-letter criteria.

The corpus is labelled ground truth (sample_docs/generate.py); these floors are the
issue's judging criteria. A rule change that loses recall or starts eating look-alikes
fails here with the misses named.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from redactor import api
from redactor.evaluate import EvalReport, Miss, caught_whole, evaluate
from redactor.types import Verdict

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs"
LETTERS = SAMPLES / "letters"
CASES = SAMPLES / "cases"


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate(SAMPLES)


def _misses(report: EvalReport, kinds: tuple[str, ...] = (), known: bool | None = None) -> str:
    found = [m for m in report.misses if (not kinds or m.kind in kinds) and (known is None or m.known == known)]
    return _listed(found)


def _listed(misses: list[Miss]) -> str:
    return "\n".join(f"{m.kind} in {m.document}: {m.text!r} left {m.left!r}" for m in misses[:40])


def test_every_document_was_checked(report: EvalReport) -> None:
    assert report.documents >= 30
    assert not report.failures


def test_known_details_all_caught(report: EvalReport) -> None:
    assert report.known.total >= 150
    assert report.known.value == 1.0, _misses(report, known=True)


# ADDRESS and POSTCODE sit lower since written4/ to written11/ (hand-written by people who had not read the
# rules, harder than the rest): a floor a little under today's figure, as on the independent batches.
@pytest.mark.parametrize(("kind", "floor"), [("ADDRESS", 0.82), ("POSTCODE", 0.86), ("PHONE", 0.99)])
def test_location_and_contact_recall(report: EvalReport, kind: str, floor: float) -> None:
    score = report.kind(kind)
    assert score.labels >= 20
    assert (score.recall or 0) >= floor, _misses(report, (kind,))


def test_unregistered_addresses_caught_whole(report: EvalReport) -> None:
    assert report.unregistered.total >= 120  # 40+ addresses in three formats
    broken = [m for m in report.misses if m.kind == "ADDRESS" and not m.known and not caught_whole(m.text, m.left)]
    assert (report.unregistered.value or 0) >= 0.86, _listed(broken)


def test_lookalikes_left_alone(report: EvalReport) -> None:
    assert report.lookalikes.total >= 120
    touched = "\n".join(f"{t.document}: {t.phrase!r} by {t.by}" for t in report.touched if t.lookalike)
    assert (report.lookalikes.value or 0) >= 0.80, touched


def test_corpus_has_what_it_claims() -> None:
    """40+ distinct unregistered addresses and look-alikes, every kind, all three formats."""
    addresses, looks, kinds, formats = set(), set(), set(), set()
    for path in SAMPLES.rglob("*.labels.json"):
        data = json.loads(path.read_text("utf-8"))
        formats.add(path.name.removesuffix(".labels.json").rsplit(".", 1)[1])
        addresses |= {x["text"] for x in data["labels"] if x["kind"] == "ADDRESS" and not x.get("known")}
        kinds |= {x["kind"] for x in data["labels"]}
        looks |= set(data["lookalikes"])
    assert len(addresses) >= 40 and len(looks) >= 40
    assert formats == {"txt", "docx", "pdf"}
    assert kinds >= {"ADDRESS", "POSTCODE", "PHONE", "EMAIL", "SCHOOL", "WORKPLACE", "VEHICLE_REG",
                     "NHS_NUMBER", "NI_NUMBER", "DATE_OF_BIRTH", "MARKER"}  # fmt: skip


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_no_abuse_report_is_clear_for_a_professional(fmt: str) -> None:
    result = api.check_file(SAMPLES / "reports" / f"cin_review_pritchard.{fmt}", CASES / "cs-2023-1188.yaml", "school")
    assert not result.plan.assessment.domestic_abuse
    assert result.verdict == Verdict.CLEAR, [(f.kind, f.text, f.decision) for f in result.plan.findings]


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_abuse_report_needs_action_for_the_restricted_reader(fmt: str) -> None:
    result = api.check_file(SAMPLES / "reports" / f"assessment_mottram.{fmt}", CASES / "cs-2024-0317.yaml", "father")
    assert result.plan.assessment.domestic_abuse
    assert result.verdict == Verdict.REDACT


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def _redacted(name: str, tmp_path: Path) -> tuple[str, str]:
    source = LETTERS / name
    out = tmp_path / name
    api.redact_file(source, CASES / "omb-23-009071.yaml", "mr-y", out)
    return source.read_text("utf-8"), out.read_text("utf-8")


def test_decision_letter_words_survive(tmp_path: Path) -> None:
    before, after = _redacted("decision_letter.txt", tmp_path)
    words = _words(before)
    matcher = difflib.SequenceMatcher(None, words, _words(after), autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    assert len(words) >= 900
    assert kept / len(words) >= 0.99, f"{kept}/{len(words)} words survive"


def test_decision_letter_address_is_gone(tmp_path: Path) -> None:
    before, after = _redacted("decision_letter_with_address.txt", tmp_path)
    squeezed = re.sub(r"\s+", "", after).lower()
    assert "linnetway" in re.sub(r"\s+", "", before).lower()
    for part in ("8 Linnet Way", "Linnet", "CW11 4FN", "CW114FN", "Sandbach"):
        assert re.sub(r"\s+", "", part).lower() not in squeezed, part
