"""Case files checked as strictly as the settings: the closed vocabulary, restrictions, allow.

`strict` runs after the schema: every flag, marker and detail kind must be in
rules/vocabulary.yaml; a party named in another's `restricted_from` is protected (it
gains the `protected` marker when it has no protection marker of its own); an `allow`
entry that matches a protected party's detail is refused. Errors name the field and
never quote the value.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from redactor.errors import BadInput
from redactor.keys import normalise

if TYPE_CHECKING:
    from redactor.casefile import CaseFile, Party
    from redactor.ruleset import Policy

RESTRICTED_MARKER = "protected"


@cache
def _policy(folder: Path) -> Policy:
    from redactor.ruleset import Policy, _validated

    policy: Policy = _validated(Policy, folder / "policy.yaml")
    return policy


def protection_markers() -> frozenset[str]:
    from redactor.ruleset import rules_dir

    return _policy(rules_dir()).protection_markers


def _vocabulary_problem(case: CaseFile) -> str:
    from redactor.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    for i, flag in enumerate(case.flags):
        if flag.lower() not in vocab.flags:
            return f"flags[{i}]: not a known flag (see rules/vocabulary.yaml)"
    for p, party in enumerate(case.parties):
        for i, marker in enumerate(party.markers):
            if marker.lower() not in vocab.markers:
                return f"parties[{p}].markers[{i}]: not a known marker (see rules/vocabulary.yaml)"
        for kind in party.details:
            if kind.lower() not in vocab.detail_kinds:
                return f"parties[{p}].details: a detail kind is not known (see rules/vocabulary.yaml)"
    return ""


def _restricted(case: CaseFile) -> CaseFile:
    """Every party some reader is restricted from is a protected party."""
    named = {other for party in case.parties for other in party.restricted_from}
    markers = protection_markers()
    parties = tuple(
        p.model_copy(update={"markers": (*p.markers, RESTRICTED_MARKER)})
        if p.id in named and not p.has_marker(markers) else p
        for p in case.parties
    )  # fmt: skip
    return case.model_copy(update={"parties": parties})


def _matches(allowed: str, detail: str) -> bool:
    a, d = normalise(allowed), normalise(detail)
    return bool(a and d) and (a == d or (len(d) >= 6 and d in a) or (len(a) >= 6 and a in d))


def _allow_problem(case: CaseFile) -> str:
    markers = protection_markers()
    protected: list[Party] = [p for p in case.parties if p.has_marker(markers)]
    for i, allowed in enumerate(case.allow):
        for party in protected:
            for kind, values in party.details.items():
                if any(_matches(allowed, v) for v in values):
                    return f"allow[{i}]: matches a {kind} of protected party {party.id}; it cannot be allowed"
    return ""


def strict(case: CaseFile, name: str) -> CaseFile:
    """The case after the vocabulary, restriction and allow checks (BadInput naming the field)."""
    problem = _vocabulary_problem(case)
    if problem:
        raise BadInput(f"{name}: {problem}")
    case = _restricted(case)
    problem = _allow_problem(case)
    if problem:
        raise BadInput(f"{name}: {problem}")
    return case


def for_detection(case: CaseFile) -> CaseFile:
    """Details folded into the kinds they are matched as, for kinds the detectors do not know.

    Kinds the known-detail detector reads itself stay apart (`former_address` is matched as an
    address there, and the recipient check must still tell a former address from a current one).
    """
    from redactor.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    parties = []
    for party in case.parties:
        details: dict[str, tuple[str, ...]] = {}
        for kind, values in party.details.items():
            target = kind.lower() if vocab.detail_kinds[kind.lower()].finds else vocab.detected_as(kind.lower())
            details[target] = tuple(dict.fromkeys((*details.get(target, ()), *values)))
        parties.append(party.model_copy(update={"details": details}))
    return case.model_copy(update={"parties": tuple(parties)})


def canonical_case(case: CaseFile) -> bytes:
    return json.dumps(case.model_dump(mode="json"), sort_keys=True, separators=(",", ":")).encode("utf-8")


def digest(case: CaseFile) -> str:
    """The SHA-256 of the case's canonical JSON: what audit entries and receipts carry."""
    return hashlib.sha256(canonical_case(case)).hexdigest()
