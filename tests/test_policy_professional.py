"""Rules contact.professional and public.freephone: off by default, as the SPEC's default policy asks;
when a council turns them on (rules/policy.yaml), which contacts they keep and which they never keep."""

from __future__ import annotations

import pytest

from redactor.casefile import CaseFile, parse_case
from redactor.detect import find_in_segments
from redactor.ner import NoNer
from redactor.policy import decide
from redactor.ruleset import Rules, load_rules
from redactor.types import Decision, Segment

CASE: CaseFile = parse_case(b"""
case_id: T-PRO
flags: [domestic-abuse]
parties:
  - id: mother
    name: Shauna Quinn
    markers: [protected, confidential-address]
    details: {}
  - id: father
    name: Liam Quinn
    markers: [alleged-perpetrator]
    restricted_from: [mother]
    details: {}
  - id: social-worker
    name: Helen Postlethwaite
    markers: [professional]
    details: {}
allow: ["01632 960 100"]
""")


def _rules(enabled: bool, prefixes: tuple[str, ...] = ()) -> Rules:
    rules = load_rules()
    contacts = rules.policy.professional_contacts.model_copy(update={"enabled": enabled})
    policy = rules.policy.model_copy(update={"professional_contacts": contacts, "public_prefixes": prefixes})
    return rules.model_copy(update={"policy": policy})


def decisions(text: str, rules: Rules) -> dict[str, Decision]:
    segments = [Segment("text", text)]
    found = find_in_segments(segments, CASE, ner=NoNer())
    plan = decide(found, segments, CASE, "father", rules)
    return {f.text: f.decision for f in plan.findings if f.kind in ("PHONE", "EMAIL") and f.decision}


KEPT_WHEN_ON = [
    ("| Helen Postlethwaite | Social Worker | Family Wellbeing | 01632 960 233 / h.postlethwaite@wf.example.org |",
     ["01632 960 233", "h.postlethwaite@wf.example.org"]),
    ("Priya Lane, Senior IDVA | 020 7946 0902", ["020 7946 0902"]),
    ("To: duty.team@council.example.org", ["duty.team@council.example.org"]),
    ("Tom Okafor | Social Worker | Children's Social Care\nRiverside Exchange | Mobile 07700 900 611",
     ["07700 900 611"]),  # a signature's next line
]  # fmt: skip

REMOVED_EVEN_WHEN_ON = [
    "The social worker was told Shauna can be reached on 07700 900 846.",  # names the mother
    "PC Hill said her new mobile is 07700 900 847.",  # a relation's word: hers
    "Liam Quinn | father | 07700 900 848",  # a row of another party
    "The social worker visited.\nCall 07700 900 849 after six, she said.",  # not a signature's line
    "The school office is on 01632 960 850.",  # a school's line says where the child is
]


@pytest.mark.parametrize(("text", "phones"), KEPT_WHEN_ON)
def test_a_professionals_work_contact_is_kept_when_the_council_turns_the_rule_on(text: str, phones: list[str]) -> None:
    on = decisions(text, _rules(True))
    assert {p: on[p] for p in phones} == dict.fromkeys(phones, Decision.KEEP)
    off = decisions(text, _rules(False))  # the shipped default: the SPEC's policy removes them
    assert {p: off[p] for p in phones} == dict.fromkeys(phones, Decision.REDACT)


@pytest.mark.parametrize("text", REMOVED_EVEN_WHEN_ON)
def test_a_contact_tied_to_the_family_is_removed_even_with_the_rule_on(text: str) -> None:
    on = decisions(text, _rules(True))
    assert on and set(on.values()) == {Decision.REDACT}, on


def test_the_shipped_policy_keeps_neither_rule_on() -> None:
    policy = load_rules().policy
    assert policy.professional_contacts.enabled is False and policy.public_prefixes == ()


def test_a_freephone_number_is_kept_only_where_its_prefix_is_listed() -> None:
    text = "Refuge referral via the helpline on 0808 157 0192."
    assert decisions(text, _rules(False)) == {"0808 157 0192": Decision.REDACT}
    assert decisions(text, _rules(False, ("0808",))) == {"0808 157 0192": Decision.KEEP}


def test_the_reason_names_the_rule() -> None:
    segments = [Segment("text", "Priya Lane, Senior IDVA | 020 7946 0902")]
    plan = decide(find_in_segments(segments, CASE, ner=NoNer()), segments, CASE, "father", _rules(True))
    phone = next(f for f in plan.findings if f.kind == "PHONE")
    assert phone.reason.startswith("contact.professional:")
