"""The policy as a table: (case flags, party markers, text markers, reader) -> decisions."""

from __future__ import annotations

import pytest

from redactor.casefile import CaseFile, parse_case
from redactor.policy import decide
from redactor.ruleset import load_rules
from redactor.types import Decision, Finding, Segment, Verdict

TEXT = "x" * 400
SEGMENTS = [Segment("text", TEXT)]
RULES = load_rules()
R, K, V = Decision.REDACT, Decision.KEEP, Decision.REVIEW


def case(flags: str = "[]", mother_markers: str = "[]", conceal: bool = False) -> CaseFile:
    extra = ", conceal-name" if conceal else ""
    return parse_case(f"""
case_id: T-9
flags: {flags}
parties:
  - id: mother
    name: Ann Smith
    markers: {mother_markers[:-1] + extra + "]" if mother_markers != "[]" else "[" + extra.strip(", ") + "]"}
    details: {{address: ["4 Elm Road, Leek, ST13 5AB"], phone: ["07700 900111"]}}
  - id: father
    name: Bob Smith
    details: {{address: ["9 Oak Road, Hyde"]}}
  - id: school
    name: Hill School
    markers: [professional]
allow: ["0300 123 4567"]
""".encode())  # fmt: skip


def f(kind: str, text: str, start: int, detector: str = "pattern", party: str | None = None,
      rule: str = "r", score: float = 0.9) -> Finding:  # fmt: skip
    return Finding(kind, text, 0, start, start + len(text), detector, rule, score, "", "text, line 1", party)


MOTHER_ADDR = f("ADDRESS", "4 Elm Road", 0, "known", "mother", "known:mother:street-line")
FATHER_ADDR = f("ADDRESS", "9 Oak Road", 20, "known", "father", "known:father:street-line")
OTHER_PHONE = f("PHONE", "07700 900222", 40)
ALLOWED_PHONE = f("PHONE", "0300 123 4567", 60)
NAME = f("PERSON", "Ann Smith", 80, "ner", rule="ner/person")
MOTHER_NAME = f("PERSON", "Ann Smith", 80, "known", "mother", "known:mother:concealed-name")
TOWN = f("LOCATION", "Buxton", 100, "ner", rule="ner/location")
LIVES_IN = f("LOCATION", "Buxton", 120, rule="residence-location/lives-in", score=0.7)
BUILDING = f("ADDRESS", "Rose Cottage", 140, rule="uk-building-name/named-building", score=0.5)
MARKER = f("MARKER", "refuge", 160, "marker", rule="marker/refuge", score=1.0)
ALL = (MOTHER_ADDR, FATHER_ADDR, OTHER_PHONE, ALLOWED_PHONE, NAME, TOWN, LIVES_IN, BUILDING)

# The rule id each decision must name (the part of `reason` before the colon).
PROTECTED, CONTACT, OWN, READER_PROTECTED = "da.protected", "da.contact", "da.reader-own", "da.reader-protected"
ALLOW, PERSON, LOCATION, REVIEW, MARKER_KEEP = "allow", "person.keep", "location.keep", "review", "marker.keep"
NOT_DA, CONCEAL, OWN_NAME = "not-da", "names.conceal", "names.own"

TABLE = [
    # (name, case, findings, reader, expected (decision, rule id) in order, da)
    ("flagged case, restricted reader", case("[domestic-abuse]"), ALL, "father",
     [(R, CONTACT), (K, OWN), (R, CONTACT), (K, ALLOW), (K, PERSON), (K, LOCATION), (R, CONTACT), (V, REVIEW)], True),
    ("protected party marker, reader school", case(mother_markers="[protected]"), ALL, "school",
     [(R, PROTECTED), (R, CONTACT), (R, CONTACT), (K, ALLOW), (K, PERSON), (K, LOCATION), (R, CONTACT), (V, REVIEW)],
     True),
    ("protected reader sees her own details", case(mother_markers="[protected]"), ALL, "mother",
     [(K, OWN), (K, READER_PROTECTED), (K, READER_PROTECTED), (K, ALLOW), (K, PERSON), (K, READER_PROTECTED),
      (K, READER_PROTECTED), (K, READER_PROTECTED)], True),
    ("no abuse, no markers: nothing redacted", case(), ALL, "school",
     [(K, NOT_DA), (K, NOT_DA), (K, NOT_DA), (K, ALLOW), (K, PERSON), (K, NOT_DA), (K, NOT_DA), (K, NOT_DA)], False),
    ("marker in text only: everyone but reader protected", case(), (*ALL, MARKER), "father",
     [(R, PROTECTED), (K, OWN), (R, CONTACT), (K, ALLOW), (K, PERSON), (K, LOCATION), (R, CONTACT), (V, REVIEW),
      (K, MARKER_KEEP)], True),
    ("marker in text only, professional reader", case(), (*ALL, MARKER), "school",
     [(R, PROTECTED), (R, PROTECTED), (R, CONTACT), (K, ALLOW), (K, PERSON), (K, LOCATION), (R, CONTACT),
      (V, REVIEW), (K, MARKER_KEEP)], True),
    ("conceal-name redacts the name", case(mother_markers="[protected]", conceal=True), (MOTHER_NAME,), "father",
     [(R, CONCEAL)], True),
    ("conceal-name keeps it for herself", case(mother_markers="[protected]", conceal=True), (MOTHER_NAME,), "mother",
     [(K, OWN_NAME)], True),
]  # fmt: skip


def rule_id(finding: Finding) -> str:
    rule, sep, why = finding.reason.partition(": ")
    assert sep and why, finding.reason  # "<rule id>: <why>", the why never empty
    return rule


@pytest.mark.parametrize(("name", "the_case", "found", "reader", "expected", "da"), TABLE, ids=[t[0] for t in TABLE])
def test_policy_table(name: str, the_case: CaseFile, found: tuple[Finding, ...], reader: str,
                      expected: list[tuple[Decision, str]], da: bool) -> None:  # fmt: skip
    plan = decide(found, SEGMENTS, the_case, reader, RULES)
    assert [(x.decision, rule_id(x)) for x in plan.findings] == expected  # each decision and the rule behind it
    assert plan.assessment.domestic_abuse is da


def test_marker_only_document_says_the_case_record_needs_updating() -> None:
    plan = decide((MARKER,), SEGMENTS, case(), "father", RULES)
    assert plan.assessment.marker_only and plan.assessment.domestic_abuse
    assert "mother" in plan.assessment.protected_parties and "school" not in plan.assessment.protected_parties


def test_verdicts() -> None:
    assert decide((), SEGMENTS, case(), "school", RULES).verdict == Verdict.CLEAR
    assert decide((BUILDING,), SEGMENTS, case("[da]"), "father", RULES).verdict == Verdict.REVIEW
    assert decide((BUILDING, OTHER_PHONE), SEGMENTS, case("[da]"), "father", RULES).verdict == Verdict.REDACT


def test_allowed_value_inside_text_is_kept_even_if_detected_as_address() -> None:
    text = "Visit Civic Centre, 1 Council Way, Crewe, CW1 2ZZ today"
    allow = b"allow: ['Civic Centre, 1 Council Way, Crewe, CW1 2ZZ']"
    c = parse_case(b"case_id: A\nflags: [da]\nparties: [{id: r}]\n" + allow)
    addr = Finding("ADDRESS", "1 Council Way, Crewe, CW1 2ZZ", 0, 20, 49, "pattern", "address-block", 0.9, "")
    plan = decide((addr,), [Segment("text", text)], c, "r", RULES)
    assert (plan.findings[0].decision, rule_id(plan.findings[0])) == (Decision.KEEP, ALLOW)


def test_allowed_phone_in_another_format_is_kept() -> None:
    phone = Finding("PHONE", "+44 300 123 4567", 0, 0, 16, "pattern", "uk-phone/x", 0.85, "")
    plan = decide((phone,), SEGMENTS, case("[da]"), "father", RULES)
    assert (plan.findings[0].decision, rule_id(plan.findings[0])) == (Decision.KEEP, ALLOW)
