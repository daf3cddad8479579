"""The council's record of a case: registered, shown, and governing every release (issue 12)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SPEC_CASE

from redactor import audit, gate
from redactor.casefile import parse_case
from redactor.caserecord import governing, register, show
from redactor.cli.main import main
from redactor.commands import run_release

WEAK = """
case_id: CS-2024-0317
flags: []
parties:
  - id: mother
    name: Claire Mottram
  - id: father
    name: Gary Pickford
"""
UNREDACTED = "Mother lives in a refuge at 41 Wharf Street, Macclesfield, SK11 6QP, phone 07700 900461.\n"
PLAIN = "Attendance was good this term.\n"


@pytest.fixture()
def settings(tmp_path: Path, gate_home: Callable[[str], Path]) -> Path:
    gate_home("clerks: [clara, colin]\n")
    return tmp_path / "settings.yaml"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def edited(change: Any) -> str:
    data = yaml.safe_load(SPEC_CASE)
    change(data)
    return yaml.safe_dump(data)


def cli(args: list[Any], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the handed-in case file can only add protection -----------------------------


def test_a_weaker_case_file_is_overruled_by_the_record(settings: Path) -> None:
    assert register(SPEC_CASE.encode(), "case.yaml", "sw.jones").recorded
    found = governing(parse_case(WEAK.encode()))
    assert found.registered and "domestic-abuse" in found.case.flags
    mother = found.case.party("mother")
    assert "protected" in mother.markers and mother.details["address"]
    assert found.case.allow == parse_case(SPEC_CASE.encode()).allow


def test_allow_entries_come_from_the_record_only(settings: Path) -> None:
    assert register(SPEC_CASE.encode(), "case.yaml", "sw.jones").recorded
    handed = edited(lambda d: d["allow"].append("The Old Forge, 3 Church Row, Leek, ST13 5AB"))
    found = governing(parse_case(handed.encode()))
    assert "The Old Forge, 3 Church Row, Leek, ST13 5AB" not in found.case.allow


def test_a_handed_in_file_adds_details_to_the_record(settings: Path) -> None:
    assert register(SPEC_CASE.encode(), "case.yaml", "sw.jones").recorded
    handed = edited(lambda d: d["parties"][0]["details"].__setitem__("former_address", ["9 Old Road, Leek, ST13 1AA"]))
    found = governing(parse_case(handed.encode()))
    assert "9 Old Road, Leek, ST13 1AA" in found.case.party("mother").details["former_address"]
    from redactor.ruleset import load_rules

    # matched as an address, kept apart for the recipient check
    assert load_rules().vocabulary.finding_kind("former_address") == "ADDRESS"


def test_release_with_a_weaker_case_file_is_held_for_a_clerk(settings: Path, tmp_path: Path) -> None:
    """The attack of the issue: the right case_id, no flag, no markers."""
    assert register(SPEC_CASE.encode(), "case.yaml", "clara").recorded
    weak, doc = write(tmp_path, "weak.yaml", WEAK), write(tmp_path, "report.txt", UNREDACTED)
    result = run_release(doc, weak, "father", "sw.jones")
    assert result.decision == "held" and result.receipt is None
    assert not (audit.db_path().parent / "outbox").exists()


def test_an_unregistered_case_is_held(settings: Path, tmp_path: Path) -> None:
    case, doc = write(tmp_path, "case.yaml", SPEC_CASE), write(tmp_path, "letter.txt", PLAIN)
    result = run_release(doc, case, "school", "sw.jones")
    assert result.decision == "held" and "case not registered" in result.reasons[0]
    (entry,) = audit.entries(action="hold")
    assert entry.parsed("extra")["case_record"] == "unregistered"


def test_settings_may_allow_unregistered_cases(settings: Path, tmp_path: Path) -> None:
    settings.write_text("clerks: [clara]\nrequire_registered_case: false\n")
    case, doc = write(tmp_path, "case.yaml", SPEC_CASE), write(tmp_path, "letter.txt", PLAIN)
    assert run_release(doc, case, "school", "sw.jones").decision == "released"


def test_receipts_and_entries_carry_the_record_digest(settings: Path, tmp_path: Path) -> None:
    registered = register(SPEC_CASE.encode(), "case.yaml", "clara")
    case, doc = write(tmp_path, "case.yaml", SPEC_CASE), write(tmp_path, "letter.txt", PLAIN)
    result = run_release(doc, case, "school", "sw.jones")
    assert result.decision == "released" and result.receipt is not None
    assert result.receipt["case_record"] == registered.digest and len(result.receipt["case_digest"]) == 64
    for entry in audit.entries():
        assert entry.parsed("extra")["case_record"] == registered.digest, entry.action
    assert gate.verify_receipt(result.outbox_file).valid  # type: ignore[arg-type]


# --- registering: lowering protection needs a clerk --------------------------------

LOWERINGS = [
    ("flag removed", lambda d: d.__setitem__("flags", [])),
    ("party mother: marker removed", lambda d: d["parties"][0].__setitem__("markers", ["protected"])),
    ("party mother: address removed", lambda d: d["parties"][0]["details"].pop("address")),
    ("party father: restriction removed", lambda d: d["parties"][1].__setitem__("restricted_from", ["child"])),
    ("allow entry added", lambda d: d["allow"].append("Town Hall, 2 High Street, Crewe, CW1 2AA")),
    ("party school removed", lambda d: d["parties"].pop(3)),
]


@pytest.mark.parametrize(("words", "change"), LOWERINGS, ids=[w for w, _ in LOWERINGS])
def test_lowering_protection_needs_a_clerk(settings: Path, words: str, change: Any) -> None:
    assert register(SPEC_CASE.encode(), "case.yaml", "sw.jones").recorded
    lower = edited(change).encode()
    refused = register(lower, "case.yaml", "sw.jones")
    assert not refused.recorded and words in refused.reason
    assert governing(parse_case(WEAK.encode())).record_digest != refused.digest  # the record is unchanged
    done = register(lower, "case.yaml", "clara")
    assert done.recorded and done.version == 2 and words in done.changes
    entry = audit.entry(done.entry_id)
    assert entry is not None and words in entry.parsed("extra")["lowered"]
    for value in ("Wharf", "SK11", "07700", "Crewe", "Mottram"):
        assert value not in entry.reason + entry.extra


def test_adding_protection_needs_no_clerk(settings: Path) -> None:
    assert register(SPEC_CASE.encode(), "case.yaml", "sw.jones").recorded
    more = edited(lambda d: d["parties"][0]["details"]["phone"].append("07700 900999")).encode()
    done = register(more, "case.yaml", "sw.jones")
    assert done.recorded and done.version == 2 and done.changes == ()
    again = register(more, "case.yaml", "sw.jones")
    assert again.version == 2  # the same record again is not a new version


def test_show_gives_values_to_clerks_and_counts_to_others(settings: Path) -> None:
    register(SPEC_CASE.encode(), "case.yaml", "sw.jones")
    full = show("CS-2024-0317", "clara")
    assert full["values_shown"] and "SK11 6QP" in json.dumps(full)
    summary = show("CS-2024-0317", "sw.jones")
    text = json.dumps(summary)
    assert not summary["values_shown"] and summary["parties"][0]["details"] == {
        "address": 1, "phone": 2, "email": 1, "school": 1, "workplace": 1, "vehicle": 1}
    for value in ("SK11", "Wharf", "07700", "Claire", "Mottram", "Civic Centre"):
        assert value not in text


def test_the_cli_registers_refuses_and_shows(
    settings: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = write(tmp_path, "case.yaml", SPEC_CASE)
    code, out, _ = cli(["case", "register", case, "--user", "sw.jones"], capsys)
    assert code == 0 and "version 1" in out
    weak = write(tmp_path, "weak.yaml", edited(lambda d: d.__setitem__("flags", [])))
    code, _, err = cli(["case", "register", weak, "--user", "sw.jones"], capsys)
    assert code == 1 and "needs a clerk" in err and "flag removed" in err
    code, out, _ = cli(["case", "show", "CS-2024-0317", "--user", "sw.jones"], capsys)
    assert code == 0 and "Wharf" not in out and json.loads(out)["version"] == 1
    assert cli(["case", "show", "CS-0000-0000"], capsys)[0] == 2


# --- case files checked strictly ----------------------------------------------------

STRICT = [
    ("parties[0].markers[1]", lambda d: d["parties"][0].__setitem__("markers", ["protected", "protcted"])),
    ("flags[0]", lambda d: d.__setitem__("flags", ["domestic-abuze"])),
    ("parties[0].details", lambda d: d["parties"][0]["details"].__setitem__("vehiclez", ["AB12 CDE"])),
    ("allow[2]", lambda d: d["allow"].append("41 Wharf Street, Macclesfield")),
    ("allow[2]", lambda d: d["allow"].append("07700900461")),
    ("case_id", lambda d: d.__setitem__("case_id", "CS 1\n2")),
]


@pytest.mark.parametrize(("field", "change"), STRICT, ids=["marker", "flag", "detail-kind", "allow-address",
                                                           "allow-phone", "case-id"])
def test_a_mistaken_case_file_is_exit_2_naming_the_field(
    settings: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, change: Any
) -> None:
    case = write(tmp_path, "case.yaml", edited(change))
    doc = write(tmp_path, "letter.txt", PLAIN)
    for args in (["check", doc, "--case", case, "--to", "father"], ["release", doc, "--case", case, "--to", "father"],
                 ["case", "register", case]):  # fmt: skip
        code, _, err = cli(args, capsys)
        assert code == 2 and field in err, (args[0], err)
        assert "Wharf" not in err and "07700" not in err


def test_restricted_from_makes_a_party_protected(settings: Path) -> None:
    text = """
case_id: CS-9
parties:
  - id: gran
    name: Edna Pole
    details: {address: ["3 Mill Row, Leek, ST13 5AB"]}
  - id: uncle
    name: Ron Pole
    restricted_from: [gran]
"""
    case = parse_case(text.encode())
    assert "protected" in case.party("gran").markers
    with pytest.raises(Exception, match="allow"):
        parse_case((text + "allow: [3 Mill Row, Leek, ST13 5AB]\n").encode())


def test_former_address_is_redacted_like_an_address(settings: Path, tmp_path: Path) -> None:
    from redactor.api import check_file

    former = ["12 Tanner Lane, Leek, ST13 8QT"]
    text = edited(lambda d: d["parties"][0]["details"].__setitem__("former_address", former))
    case = write(tmp_path, "case.yaml", text)
    doc = write(tmp_path, "note.txt", "She used to live at 12 Tanner Lane, Leek, ST13 8QT before the move.\n")
    result = check_file(doc, case, "father")
    removed = {f.text for f in result.plan.to_remove}
    assert any("Tanner Lane" in t for t in removed) and result.verdict != "clear"
