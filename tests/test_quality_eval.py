"""How `redactor eval` scores: locating labels, what counts as caught, precision, keep survival.

The pipeline is replaced by fixed findings here, so each rule of the scoring is tested
on its own; tests/test_eval_floors.py runs the real pipeline over sample_docs/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redactor import api
from redactor.cli.main import main
from redactor.evaluate import Label, Span, caught_whole, evaluate, left_over, locate
from redactor.types import Assessment, CheckResult, Decision, Document, Finding, Plan, Segment

TEXT = (
    "Ms Mottram lives at 41 Wharf Street, Macclesfield SK11 6QP and works at Hollybank.\n"
    "Her friend is at 23 Beech Road. See Section 17 of the Children Act 1989.\n"
    "MARAC met at 10:30. Call 07700 900461.\n"
)
LABELS = {
    "case": "case.yaml",
    "reader": "father",
    "labels": [
        {"kind": "ADDRESS", "text": "41 Wharf Street, Macclesfield SK11 6QP", "occurrence": 0, "known": True},
        {"kind": "ADDRESS", "text": "23 Beech Road", "occurrence": 0},
        {"kind": "MARKER", "text": "MARAC", "occurrence": 0},
        {"kind": "PHONE", "text": "07700 900461", "occurrence": 0, "known": True},
    ],
    "keep": ["Ms Mottram", "Section 17 of the Children Act 1989", "10:30"],
    "lookalikes": ["Section 17 of the Children Act 1989", "10:30"],
}
CASE = "case_id: T-1\nparties:\n  - id: father\n    name: Gary Pickford\n"


def finding(kind: str, text: str, decision: Decision = Decision.REDACT) -> Finding:
    start = TEXT.index(text)
    return Finding(kind, text, 0, start, start + len(text), "pattern", "test", 1.0, "", decision=decision)


# The address caught whole, the friend's address only partly, MARAC kept (a marker),
# the phone caught, and a stray that eats the look-alike "Section 17".
FINDINGS = (
    finding("ADDRESS", "41 Wharf Street, Macclesfield"),
    finding("POSTCODE", "SK11 6QP"),
    finding("ADDRESS", "Beech Road"),
    finding("MARKER", "MARAC", Decision.KEEP),
    finding("PHONE", "07700 900461", Decision.REVIEW),
    finding("ADDRESS", "Section 17"),
    finding("PERSON", "Ms Mottram", Decision.KEEP),
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "doc.txt").write_text(TEXT, "utf-8")
    (tmp_path / "doc.txt.labels.json").write_text(json.dumps(LABELS), "utf-8")
    (tmp_path / "case.yaml").write_text(CASE, "utf-8")

    def fake_check(path: Path, case_path: Path, reader: str) -> CheckResult:
        document = Document(path, "txt", "0" * 64, (Segment("text", TEXT),))
        plan = Plan("T-1", reader, Assessment(True, ("flag",), ()), FINDINGS)
        return CheckResult(document, plan)

    monkeypatch.setattr(api, "check_file", fake_check)
    return tmp_path


def test_scores_per_kind(folder: Path) -> None:
    report = evaluate(folder)
    address, marker, phone = report.kind("ADDRESS"), report.kind("MARKER"), report.kind("PHONE")
    assert (address.labels, address.caught, address.findings, address.hits) == (2, 1, 3, 2)
    assert (marker.labels, marker.caught) == (1, 1)  # a marker is caught whatever its decision
    assert (phone.caught, phone.precision) == (1, 1.0)  # review removes too
    assert report.kind("POSTCODE").precision == 1.0  # overlapping an address label is a hit
    assert report.kind("PERSON").findings == 0  # kept findings are not counted


def test_misses_say_what_survived(folder: Path) -> None:
    report = evaluate(folder)
    assert [(m.text, m.left) for m in report.misses] == [("23 Beech Road", "23")]
    assert (report.unregistered.good, report.unregistered.total) == (1, 1)  # a bare house number may remain
    assert (report.unregistered_all.good, report.unregistered_all.total) == (0, 1)  # but something is left
    assert report.known.value == 1.0


def test_keep_and_lookalikes(folder: Path) -> None:
    report = evaluate(folder)
    assert (report.keep.good, report.keep.total) == (2, 3)
    assert (report.lookalikes.good, report.lookalikes.total) == (1, 2)
    assert [(t.phrase, t.by) for t in report.touched] == [("Section 17 of the Children Act 1989", "ADDRESS/test")]
    assert [s.text for s in report.strays] == ["Section 17"]


def test_a_label_missing_from_the_text_counts_as_missed(folder: Path) -> None:
    data = dict(LABELS, labels=[{"kind": "PHONE", "text": "01632 960999", "occurrence": 0}])
    (folder / "doc.txt.labels.json").write_text(json.dumps(data), "utf-8")
    report = evaluate(folder)
    assert report.kind("PHONE").recall == 0.0
    assert report.misses[0].left == "not found in the extracted text"


SEGMENTS = (Segment("page 1", "flat at 41 Wharf\nStreet and 41 Wharf  Street"), Segment("page 2", "41 Wharf Street"))


@pytest.mark.parametrize(("occurrence", "span"), [(0, Span(0, 8, 23)), (1, Span(0, 28, 44)),
                                                   (2, Span(1, 0, 15)), (3, None)])  # fmt: skip
def test_locate_ignores_whitespace_and_counts_occurrences(occurrence: int, span: Span | None) -> None:
    assert locate(SEGMENTS, Label("ADDRESS", "41 Wharf Street", occurrence)) == span


@pytest.mark.parametrize(("cover", "left"), [([(8, 23)], ""), ([(8, 16)], "Street"), ([(11, 23)], "41"),
                                             ([(8, 10), (16, 23)], "Wharf"), ([], "41 Wharf Street")])  # fmt: skip
def test_left_over_lists_uncovered_words(cover: list[tuple[int, int]], left: str) -> None:
    assert left_over(SEGMENTS, Span(0, 8, 23), {0: cover}) == left


@pytest.mark.parametrize(("address", "left", "whole"), [
    ("Flat 4, 9 Marbury Road, Knutsford", "", True),
    ("Flat 4, 9 Marbury Road, Knutsford", "Knutsford", True),  # the town alone may remain
    ("97 Netherfield Terrace\nStockport\nSK4 4YZ", "Stockport", True),
    ("5 Laburnum Close, Alsager, ST7 2XU", "5", True),  # a bare house number may remain (issue 11)
    ("5 Laburnum Close, Alsager, ST7 2XU", "5 Alsager", True),
    ("5 Laburnum Close, Alsager, ST7 2XU", "5 Laburnum", False),
    ("the refuge in Carmarthen", "the refuge in", True),  # words that place nothing
    ("her sister's in Richhill", "her sister s in", False),  # a sister's says whose house
    ("Cottage 2, Higher Barn, Pexhill Road, Henbury", "Pexhill Road", False),  # a street is not a town
    ("15 Sycamore Grove Nantwich CW5 6LT", "Nantwich", True),  # no comma: the words after the street type
    ("24 ST PETER STREET PETERHEAD", "STREET PETERHEAD", False),  # but never the street's own words
    ("15 Sycamore Grove Nantwich CW5 6LT", "Grove Nantwich", False),
    ("70 Hatherton Ave Leeds LS93NJ", "LS93NJ", False),
    ("23 Beech Road", "not found in the extracted text", False),
])  # fmt: skip
def test_caught_whole_means_first_line_and_postcode_gone(address: str, left: str, whole: bool) -> None:
    assert caught_whole(address, left) is whole


@pytest.mark.parametrize(("address", "left", "shape"), [
    ("23 Beech Road", "not found in the extracted text", "nothing removed"),
    ("the cottage behind the Bell", "the cottage behind the Bell", "nothing removed"),
    ("St Mary's Lodge", "St Mary s Lodge", "nothing removed"),  # the words left as left_over forms them
    ("5 Laburnum Close, Alsager, ST7 2XU", "ST7 2XU", "postcode left"),
    ("Cottage 2, Higher Barn, Pexhill Road, Henbury", "Pexhill Road", "street left"),
    ("5 Laburnum Close, Alsager", "5", "number left"),
    ("her sister's in Richhill", "her sister s in", "other words left"),
])  # fmt: skip
def test_a_miss_is_classed_by_what_it_left(address: str, left: str, shape: str) -> None:
    from redactor.evaluate import Miss, miss_shape

    assert miss_shape(Miss("doc.txt", "ADDRESS", address, False, left)) == shape


def test_cli_prints_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 1
    assert {k["kind"]: k["recall"] for k in data["kinds"]}["ADDRESS"] == 0.5
    assert data["lookalikes_left_alone"]["value"] == 0.5


def test_cli_prints_a_table_and_the_misses(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "ADDRESS" in out
    assert "missed ADDRESS in doc.txt: '23 Beech Road' - left: 23" in out


@pytest.mark.parametrize("setup", ["no-folder", "empty", "bad-json", "no-case"])
def test_bad_corpus_is_bad_input(tmp_path: Path, setup: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" if setup == "no-folder" else tmp_path
    if setup in ("bad-json", "no-case"):
        (tmp_path / "doc.txt").write_text(TEXT, "utf-8")
        body = "{not json" if setup == "bad-json" else json.dumps(LABELS)
        (tmp_path / "doc.txt.labels.json").write_text(body, "utf-8")
    assert main(["eval", str(target)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_refused_document_catches_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor.errors import BadInput

    def refuse(path: Path, case_path: Path, reader: str) -> CheckResult:
        raise BadInput(f"{path.name}: not UTF-8 text")

    monkeypatch.setattr(api, "check_file", refuse)
    report = evaluate(folder)
    assert report.failures == ("doc.txt: doc.txt: not UTF-8 text",)
    assert report.known.value == 0.0 and report.unregistered.value == 0.0



def test_cli_summary_prints_figures_and_no_string_of_the_documents(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(folder), "--summary"]) == 0
    out = capsys.readouterr().out
    assert "ADDRESS" in out and "unregistered addresses caught whole" in out
    assert "(--summary: 1 misses, 1 touched phrases and 0 refusals not shown)" in out
    assert "not caught whole: nothing removed 0, postcode left 0, street left 0, number left 0" in out
    for phrase in ("missed", "touched in", "Beech Road", "Section 17"):
        assert phrase not in out


def test_cli_summary_refuses_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(folder), "--summary", "--format", "json"]) == 2
