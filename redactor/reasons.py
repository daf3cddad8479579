"""Reason codes (rules/reasons.yaml): a short code and its meaning for every policy decision.

A finding's reason is "<policy rule id>: <why>" (redactor/policy/); its code is the rule's, refined
by the finding's kind. Validated on load like the other rules files: a rule that names a code
the file does not define is `BadInput` naming the field.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from redactor.ruleset import _validated, rules_dir

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_CODE = r"^[A-Z][A-Z0-9-]{1,15}$"
KIND_KEEP = "<kind>.keep"
UNCODED = "UNCODED"  # a reason no rule id of reasons.yaml covers (tests keep this from happening)


class RuleCode(BaseModel):
    model_config = _FROZEN
    code: str = Field(pattern=_CODE)
    by_kind: dict[str, str] = Field(default_factory=dict)


class ReasonCodes(BaseModel):
    model_config = _FROZEN
    version: int
    codes: dict[str, str] = Field(min_length=1)
    rules: dict[str, RuleCode] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_are_defined(self) -> ReasonCodes:
        for rule_id, rule in self.rules.items():
            for code in (rule.code, *rule.by_kind.values()):
                if code not in self.codes:
                    raise ValueError(f"rule {rule_id} names code {code}, which `codes` does not define")
        return self

    def rule_code(self, rule_id: str) -> RuleCode | None:
        if rule_id in self.rules:
            return self.rules[rule_id]
        return self.rules.get(KIND_KEEP) if rule_id.endswith(".keep") else None

    def code_for(self, reason: str, kind: str) -> str:
        """The code of a finding with this reason ("<rule id>: <why>") and kind."""
        found = self.rule_code(rule_id(reason))
        return UNCODED if found is None else found.by_kind.get(kind, found.code)

    def meaning(self, code: str) -> str:
        return self.codes.get(code, "no reason code is defined for this rule (rules/reasons.yaml)")


def rule_id(reason: str) -> str:
    return reason.split(":", 1)[0].strip()


@cache
def _load(folder: Path) -> ReasonCodes:
    codes: ReasonCodes = _validated(ReasonCodes, folder / "reasons.yaml")
    return codes


def reason_codes() -> ReasonCodes:
    return _load(rules_dir())


def code_for(reason: str, kind: str) -> str:
    return reason_codes().code_for(reason, kind)


def meaning(code: str) -> str:
    return reason_codes().meaning(code)
