"""Reason codes (rules/reasons.yaml): every policy rule id has one, each code has a meaning, and the
audit log, the review screen and the receipt carry them (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import redactor.policy
from redactor import reasons, ruleset
from redactor.audit.entry import stored_finding
from redactor.errors import BadInput
from redactor.types import Decision, Finding

POLICY_SOURCES = sorted(Path(redactor.policy.__file__).parent.glob("*.py"))
# A decision's reason is written "<rule id>: <why>" right after the decision, or as `reason=`.
REASON = re.compile(r'(?:Decision\.[A-Z]+, |reason=)f?"([^"]+?): ')


def policy_rule_ids() -> set[str]:
    """Every rule id the policy can write, read from its source (templates expanded)."""
    found = {m for path in POLICY_SOURCES for m in REASON.findall(path.read_text("utf-8"))}
    recipient = set(ruleset.load_rules().policy.recipient_rules)
    ids = {i for i in found if "{" not in i}
    if any(i.endswith(".keep") and "{" in i for i in found):
        ids.add(reasons.KIND_KEEP)
    if "{rule}" in found:
        ids |= recipient
    return ids


def test_the_source_scan_finds_the_policy_rules() -> None:
    ids = policy_rule_ids()
    assert {"da.protected", "da.contact", "allow", "converge", "review", "names.conceal", reasons.KIND_KEEP} <= ids
    assert {"recipient.protected-address", "recipient.unknown-address"} <= ids


def test_every_policy_rule_id_has_a_reason_code() -> None:
    codes = reasons.reason_codes()
    missing = sorted(i for i in policy_rule_ids() if codes.rule_code(i) is None)
    assert missing == [], f"rule ids without a reason code in rules/reasons.yaml: {missing}"


def test_every_code_named_has_a_meaning_and_every_meaning_is_used() -> None:
    codes = reasons.reason_codes()
    used = {c for r in codes.rules.values() for c in (r.code, *r.by_kind.values())}
    assert used == set(codes.codes)
    assert all(len(m) >= 10 for m in codes.codes.values())


@pytest.mark.parametrize(
    ("reason", "kind", "code"),
    [
        ("da.protected: known detail of protected party mother", "ADDRESS", "DA-ADDR"),
        ("da.protected: known detail of protected party mother", "POSTCODE", "DA-ADDR"),
        ("da.protected: known detail of protected party mother", "PHONE", "DA-CONTACT"),
        ("da.protected: known detail of protected party child", "SCHOOL", "DA-DETAIL"),
        ("da.contact: phone in a domestic-abuse document", "PHONE", "DA-CONTACT"),
        ("da.contact: school in a domestic-abuse document", "SCHOOL", "DA-PLACE"),
        ("da.contact: ni_number in a domestic-abuse document", "NI_NUMBER", "DA-ID"),
        ("names.conceal: party mother is marked conceal-name", "PERSON", "DA-NAME"),
        ("converge: the same value is removed at page 1, line 2; removed everywhere", "LOCATION", "DA-SAME"),
        ("review: doubtful address (uk-building-name/named-building); removed", "ADDRESS", "REVIEW"),
        ("recipient.name-not-reader: the addressee named is not the reader", "RECIPIENT", "RECIPIENT"),
        ("allow: on the case's allow list", "PHONE", "KEEP-ALLOW"),
        ("person.keep: kept by policy", "PERSON", "KEEP-POLICY"),
        ("marker.keep: marks the document as domestic-abuse", "MARKER", "KEEP-MARKER"),
        ("something.new: a rule nobody coded", "PHONE", reasons.UNCODED),
    ],
)
def test_a_reason_and_kind_give_their_code(reason: str, kind: str, code: str) -> None:
    assert reasons.code_for(reason, kind) == code


def test_the_audit_log_stores_the_code_with_the_finding_never_the_value() -> None:
    f = Finding("PHONE", "07700 900461", 0, 0, 12, "known", "known:mother:phone", 1.0, "known", "body, line 1",
                "mother", Decision.REDACT, "da.protected: known detail of protected party mother")  # fmt: skip
    stored = stored_finding(f)
    assert stored["reason_code"] == "DA-CONTACT" and "900461" not in str(stored)


def test_a_rule_naming_an_undefined_code_is_refused_naming_the_field(tmp_path: Path) -> None:
    raw = yaml.safe_load((ruleset.rules_dir() / "reasons.yaml").read_text("utf-8"))
    raw["rules"]["da.contact"]["by_kind"]["PHONE"] = "NO-SUCH"
    (tmp_path / "reasons.yaml").write_text(yaml.safe_dump(raw))
    with pytest.raises(BadInput, match=r"reasons.yaml: .*NO-SUCH"):
        reasons._load(tmp_path)
