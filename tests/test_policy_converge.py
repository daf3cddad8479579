"""The policy settles its own conflicts before anything is written (issue 11, point 5).

- converge: a value removed in one place is removed wherever else it stands (outside the allow list);
- known.shared-place: a town of a protected party's address that is also in the council's allowed
  address is not searched for alone; her street, postcode and whole address still are;
- da.reader-own: a town of the reader's own address is not withheld from him;
- the verifier judges by the same rules, so `redact` writes the document instead of refusing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.api import redact_file
from redactor.casefile import CaseFile, parse_case
from redactor.detect import find_in_segments
from redactor.detect.learned import NoAddressModel
from redactor.ner import NoNer
from redactor.policy import decide
from redactor.ruleset import load_rules
from redactor.types import Decision, Segment

CASE = b"""
case_id: T-11
flags: [domestic-abuse]
parties:
  - id: mother
    name: Ann Smith
    markers: [protected]
    details: {address: ["4 Elm Road, Crewe, CW2 6AB"]}
  - id: child
    name: Ben Smith
    markers: [protected]
    details: {date_of_birth: ["27/08/2015"]}
  - id: father
    name: Carl Jones
    restricted_from: [mother, child]
    details: {address: ["9 Oak Road, Nantwich, CW5 5AA"]}
allow: ["Civic Centre, 1 Council Way, Crewe, CW1 2ZZ"]
"""


@pytest.fixture(scope="module")
def case() -> CaseFile:
    return parse_case(CASE)


def plan_for(text: str, case: CaseFile, reader: str = "father") -> list[tuple[str, Decision, str]]:
    segments = [Segment("body", text)]
    rules = load_rules()
    found = find_in_segments(segments, case, rules, ner=NoNer(), learned=NoAddressModel())  # the rules' converge alone
    plan = decide(found, segments, case, reader, rules)
    return [(f.text, f.decision, f.reason.split(":")[0]) for f in plan.findings if f.decision]


def test_a_value_removed_once_is_removed_everywhere(case: CaseFile) -> None:
    got = plan_for("Ann now lives in Stockport. The Stockport Youth Service ran the group.", case)
    assert ("Stockport", Decision.REDACT, "da.contact") in got
    assert ("Stockport", Decision.REDACT, "converge") in got


def test_the_redactor_cuts_every_occurrence_the_policy_converged_on(case: CaseFile) -> None:
    # Converge is decided once, in the policy: the cuts are the plan's removed spans, every occurrence.
    from redactor.redact import cuts_for

    text = "Ann now lives in Stockport. The Stockport Youth Service ran the group. STOCKPORT, again."
    segments = [Segment("body", text)]
    rules = load_rules()
    found = find_in_segments(segments, case, rules, ner=NoNer())
    plan = decide(found, segments, case, "father", rules)
    cut = [text[c.start:c.end] for c in cuts_for(plan, rules.policy)]
    assert cut == ["Stockport", "Stockport", "STOCKPORT"]


def test_converge_leaves_the_allow_list_alone(case: CaseFile) -> None:
    text = "Ann said she moved to 1 Council Way last week. Write to Civic Centre, 1 Council Way, Crewe, CW1 2ZZ."
    got = plan_for(text, case)
    assert [g for g in got if g[2] == "converge"] == []


def test_the_councils_own_town_is_not_her_address_alone(case: CaseFile) -> None:
    got = plan_for("The Crewe office will write. She is at 4 Elm Road, Crewe, CW2 6AB.", case)
    removed = [t for t, d, _ in got if d in (Decision.REDACT, Decision.REVIEW)]
    assert removed == ["4 Elm Road, Crewe, CW2 6AB"]


def test_the_readers_own_town_is_not_withheld_from_him(case: CaseFile) -> None:
    got = plan_for("The Nantwich contact centre is booked.", case)
    assert all(d == Decision.KEEP for _, d, _ in got), got


def test_redact_writes_what_it_used_to_refuse(case: CaseFile, tmp_path: Path) -> None:
    """Removing a birth date moved "born" next to the next entry's date; the re-reading took that
    date for a birth date and refused the output. Now it is written, and proved clean."""
    source = tmp_path / "note.txt"
    source.write_text(
        "12/03/2024: the school asked for his date of birth. Given by phone: born 27/08/2015.\n"
        "14/03/2024: Ann moved to Stockport.\nThe Stockport Youth Service ran the group.\n"
        "The Crewe office will write.\n",
        "utf-8",
    )
    case_file = tmp_path / "case.yaml"
    case_file.write_bytes(CASE)
    out = tmp_path / "out.txt"
    done = redact_file(source, case_file, "father", out)
    written = out.read_text("utf-8")
    assert done.verification.clean
    assert "27/08/2015" not in written and "Stockport" not in written
    assert "14/03/2024" in written and "Crewe office" in written


def test_the_street_of_a_removed_address_is_removed_where_it_is_named_alone(case: CaseFile) -> None:
    """sample_docs/written2: "the joint tenancy at 2 Chapel Row, Pendeen, Penzance TR19 7DZ ... Mr Pascoe
    remains at Chapel Row" names the same place twice."""
    text = "Her last address was 2 Chapel Row, Pendeen, Penzance TR19 7DZ. Mr Pascoe remains at Chapel Row.\n"
    got = [(t, d, r) for t, d, r in plan_for(text, case) if d == Decision.REDACT]
    assert got == [("2 Chapel Row, Pendeen, Penzance TR19 7DZ", Decision.REDACT, "da.contact"),
                   ("Chapel Row", Decision.REDACT, "converge")]  # fmt: skip


def test_a_school_named_in_full_is_removed_where_it_goes_by_its_short_name(case: CaseFile) -> None:
    """sample_docs/written3: "Aisha attends Nansen Primary School, Alum Rock. ... Kidz Zone at Nansen"."""
    text = "Aisha attends Nansen Primary School, Alum Rock. She goes to the club at Nansen on Fridays.\n"
    got = [(t, r) for t, d, r in plan_for(text, case) if d == Decision.REDACT]
    assert got == [("Nansen Primary School, Alum Rock", "da.contact"), ("Nansen", "converge")]


def test_a_short_name_followed_by_more_of_a_name_is_another_place(case: CaseFile) -> None:
    text = "Leah attends Oakfield Primary School. The nurse at Oakfield Hospital saw her; Oakfield staff agree.\n"
    got = [(t, r) for t, d, r in plan_for(text, case) if d == Decision.REDACT]
    assert got == [("Oakfield Primary School", "da.contact"), ("Oakfield", "converge")]  # "Oakfield Hospital" stays


def test_the_building_of_a_removed_address_is_removed_where_it_is_named_alone(case: CaseFile) -> None:
    text = (
        "Ms Smith moved to Flat 5, Mowlem House, Usk Street, London E2 0PL in May.\n"
        "The worker visited her at Mowlem House on 3 June."
    )
    found = plan_for(text, case)
    assert ("Mowlem House", Decision.REDACT, "converge") in found


def test_the_house_name_of_a_removed_address_is_removed_where_it_is_named_alone(case: CaseFile) -> None:
    text = (
        "Ms Smith moved to The Hollies, 2 Mill Lane, Pendeen in May.\n"
        "Mr Jones was seen outside The Hollies in June. Pendeen Magistrates sat on 3 July."
    )
    found = plan_for(text, case)
    assert ("The Hollies", Decision.REDACT, "converge") in found
    assert not any(text == "Pendeen" and reason == "converge" for text, _, reason in found)  # never the town


def test_a_national_helpline_is_kept_in_a_domestic_abuse_document(case: CaseFile) -> None:
    text = "If you are frightened call the National Domestic Abuse Helpline on 0808 2000 247, or 07700 900123."
    found = plan_for(text, case)
    assert ("0808 2000 247", Decision.KEEP, "public.helpline") in found
    assert ("07700 900123", Decision.REDACT, "da.contact") in found
