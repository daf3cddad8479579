"""The closed vocabulary of case files (rules/vocabulary.yaml): flags, markers, detail kinds.

Validated on load like the other rules files; a case file may use nothing else, so a
misspelt marker (`protcted`) or detail kind (`vehiclez`) is refused instead of silently
switching protection off.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from redactor.ruleset import _validated, rules_dir

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_WORD = r"^[a-z][a-z0-9_-]{0,40}$"


class DetailKind(BaseModel):
    model_config = _FROZEN
    as_: str | None = Field(default=None, alias="as", pattern=_WORD)


class Vocabulary(BaseModel):
    model_config = _FROZEN
    version: int
    flags: frozenset[str] = Field(min_length=1)
    markers: frozenset[str] = Field(min_length=1)
    detail_kinds: dict[str, DetailKind] = Field(min_length=1)

    @model_validator(mode="after")
    def _folds_are_known(self) -> Vocabulary:
        for name, kind in self.detail_kinds.items():
            if kind.as_ is not None and (kind.as_ not in self.detail_kinds or self.detail_kinds[kind.as_].as_):
                raise ValueError(f"detail kind {name} folds into {kind.as_}, which is not a plain known kind")
        return self

    def detected_as(self, kind: str) -> str:
        """The kind a detail is matched as (`former_address` -> `address`)."""
        return self.detail_kinds[kind].as_ or kind


@cache
def _load(folder: Path) -> Vocabulary:
    vocabulary: Vocabulary = _validated(Vocabulary, folder / "vocabulary.yaml")
    return vocabulary


def load_vocabulary() -> Vocabulary:
    return _load(rules_dir())
