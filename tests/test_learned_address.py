"""The learned second opinion for ADDRESS (redactor/detect/learned.py, models/address/): the real model,
loaded once, combined with the rules; switched by the settings; never across the allowed address."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.casefile import load_case, parse_case
from redactor.detect import find_in_segments
from redactor.detect.learned import (
    RULE_EXTENDS,
    Combination,
    LearnedDetector,
    NoAddressModel,
    SpacyAddressModel,
    address_config,
    around,
    configured,
    shipped_model,
)
from redactor.detect.registry import PRIORITY, SegmentText
from redactor.ner import NoNer
from redactor.ruleset import load_rules
from redactor.types import DetectorKind, Finding, Segment

CASE = load_case(Path(__file__).resolve().parent / "data" / "spec_case.yaml")
ALLOWED = "Civic Centre, 1 Council Way, Crewe, CW1 2ZZ"  # the council's own address (spec_case allow)
# The rules stop at the bracket of a Scottish flat position written after the stair number: "1F), 17 Leven
# Street, ..." is theirs, and the "2 (" before it would be left. The model takes the whole address.
MISSED_BY_RULES = "Now at 2 (1F), 17 Leven Street, Kirkcaldy KY1 1HT with her sister."


@pytest.fixture(scope="module")
def model() -> SpacyAddressModel:
    m = shipped_model()
    m.warm()
    return m


def findings(text: str, learned: object, case: object = CASE) -> list[Finding]:
    return list(find_in_segments([Segment("text", text)], case, ner=NoNer(), learned=learned))  # type: ignore[arg-type]


def addresses(found: list[Finding]) -> list[str]:
    return [f.text for f in found if f.kind == "ADDRESS"]


def test_the_shipped_model_is_small_and_loads_with_one_label(model: SpacyAddressModel) -> None:
    folder = Path(model.path)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size < 8_000_000
    assert (folder / "README.md").is_file()
    from redactor.detect.learned import load_pipeline

    nlp = load_pipeline(model.path)
    assert nlp.pipe_names == ["ner"] and nlp.get_pipe("ner").labels == ("ADDRESS",)


def test_the_model_finds_an_address_the_rules_leave_part_of(model: SpacyAddressModel) -> None:
    rules_only = findings(MISSED_BY_RULES, NoAddressModel())
    assert addresses(rules_only) == ["1F), 17 Leven Street, Kirkcaldy KY1 1HT"]  # the "2 (" is left
    combined = findings(MISSED_BY_RULES, model)
    whole = "2 (1F), 17 Leven Street, Kirkcaldy KY1 1HT"
    assert addresses(combined) == [whole]
    learned = next(f for f in combined if f.text == whole)
    assert learned.detector == DetectorKind.LEARNED and learned.rule == RULE_EXTENDS
    note = str(learned.explanation)
    assert "learned ADDRESS model" in note and "extended rule address-block" in note
    assert learned.explanation.stored()["detector"] == "learned"
    assert whole not in note  # an explanation never quotes the text


@pytest.mark.parametrize("text", [
    "The review under section 202 of the Housing Act 1996 s.188 is due on 14 March 2024.",
    "Police informed; crime reference 06/44781/24. Court ref MA24P00412, listed 15 April 2024 at 10:30.",
    "Rent arrears of £1,250.00; she is in Year 5 and the family home was sold.",
    "He drove down the A38 and then the M6 to junction 16 to see Women's Aid.",
    "Statement of Hannah Okafor. Exhibits HO1 to HO4. Supervised contact costs £62.50 per hour.",
    "Ms Mottram met the IDVA at Crewe Family Court and later at Brookside Primary School.",
])  # fmt: skip
def test_look_alikes_give_the_model_nothing(model: SpacyAddressModel, text: str) -> None:
    assert [f for f in findings(text, model) if f.detector == DetectorKind.LEARNED] == []
    assert addresses(findings(text, model)) == addresses(findings(text, NoAddressModel()))


def test_the_allowed_address_is_never_touched(model: SpacyAddressModel) -> None:
    text = f"Please write to the social worker at {ALLOWED}, not to her new home."
    learned = [f for f in findings(text, model) if f.detector == DetectorKind.LEARNED]
    start = text.index(ALLOWED)
    assert all(f.end <= start or f.start >= start + len(ALLOWED) for f in learned)
    # nor by a span the model takes across it, straight from the detector
    detector = LearnedDetector.of(model, CASE)
    seg = SegmentText.of(0, text)
    rule = Finding("POSTCODE", "CW1 2ZZ", 0, text.index("CW1"), text.index("CW1") + 7, DetectorKind.PATTERN,
                   "uk-postcode", 1.0, None)  # type: ignore[arg-type]
    assert detector.combine([seg], [[rule]]) == []


def test_the_setting_turns_it_off_and_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               model: SpacyAddressModel) -> None:  # fmt: skip
    # shipped on (models/address.yaml), and the settings can switch it off and on again
    assert address_config()["enabled"] is True
    assert isinstance(configured(), SpacyAddressModel)
    settings = tmp_path / "settings.yaml"
    settings.write_text("learned_address: true\n")
    monkeypatch.setenv("REDACTOR_CONFIG", str(settings))
    assert isinstance(configured(), SpacyAddressModel)
    assert any(f.detector == DetectorKind.LEARNED for f in findings(MISSED_BY_RULES, None))  # None: the settings
    settings.write_text("learned_address: false\n# changed\n")
    assert isinstance(configured(), NoAddressModel)
    found = findings(MISSED_BY_RULES, None)
    assert [f for f in found if f.detector == DetectorKind.LEARNED] == []
    assert addresses(found) == ["1F), 17 Leven Street, Kirkcaldy KY1 1HT"]


def test_the_verifier_reads_without_the_model(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from redactor.detect.learned import for_verifier

    settings = tmp_path / "settings.yaml"
    settings.write_text("learned_address: true\n")
    monkeypatch.setenv("REDACTOR_CONFIG", str(settings))
    assert isinstance(for_verifier(), NoAddressModel)  # it extends rule findings or removes for review


def test_rules_outrank_the_model_on_the_same_span() -> None:
    assert PRIORITY[DetectorKind.PATTERN] < PRIORITY[DetectorKind.LEARNED] < PRIORITY[DetectorKind.NER]


def test_an_extension_after_the_address_needs_evidence_of_its_own(model: SpacyAddressModel) -> None:
    # names after a street are not a town: the rules stop there, and so does the combined span
    assert addresses(findings("At 14 Marsh Road Leah and Sam were seen.", model)) == ["14 Marsh Road"]


def test_a_span_alone_needs_address_evidence_and_no_organisation_word() -> None:
    combination = Combination.of(address_config())
    take = combination.evidence
    assert take("at Clase Health Centre", 3, 22) is None  # an organisation named in passing
    assert take("to Station Road, Crewe", 3, 22) == ("the word 'road'", "to")
    assert take("at Exhibits HO1 to HO4", 3, 22) is None
    assert take("on 14 March 2024", 3, 16) is None  # a date is not a house number
    assert take("at 3 Ardmore, Belfast", 3, 21) == ("a house number", "at")
    assert take("moved to SK11 4OC", 9, 17) == ("a postcode shape", "to")  # mistyped, still postcode-shaped


def test_spans_alone_are_taken_for_review_in_the_shipped_configuration(model: SpacyAddressModel) -> None:
    # "Ravensbridge Parade" has no number, no postcode and a street type the rules take only with a number:
    # a learned span alone is taken (models/address.yaml take_alone: true), scored for a person to review
    assert address_config()["take_alone"] is True
    text = "They are in Ravensbridge Parade above the sweet shop."
    alone = [f for f in findings(text, model) if f.rule == "learned/address"]
    assert [f.text for f in alone] and all(f.text.startswith("Ravensbridge Parade") for f in alone)
    assert all(f.score < load_rules().policy.review_below_score for f in alone)


@pytest.mark.parametrize("text", [
    "He was at the house at Christmas and at the flat on Monday.",  # no name: a feast and a day
    "The house by the park was empty.",  # no name, no number
    "Reference QQ 12 34 56 C is on the file.",
])  # fmt: skip
def test_a_span_alone_needs_a_name_or_a_number(model: SpacyAddressModel, text: str) -> None:
    assert [f.text for f in findings(text, model) if f.rule == "learned/address"] == []


def test_the_model_reads_only_the_lines_around_the_rules_addresses() -> None:
    text = "a\nb\nc\nAddress: 4 Mill Lane\nd\ne\nf\n"
    start = text.index("4 Mill")
    (a, b), = around(text, [(start, start + 11)], 1, 240)
    assert text[a:b] == "c\nAddress: 4 Mill Lane\nd\n"


def test_nothing_is_read_with_the_model_off() -> None:
    case = parse_case(b"case_id: T-1\nparties:\n  - id: reader\n    name: Sam Reader\n")
    detector = LearnedDetector.of(NoAddressModel(), case)
    assert detector.scan(SegmentText.of(0, MISSED_BY_RULES)) == []
