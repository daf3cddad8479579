"""Case files (YAML or JSON) loaded into frozen, validated objects.

A case file that does not fit is `BadInput` naming the field and the problem,
e.g. ``parties[1].details.address: expected a list of strings``; the offending
value itself is never quoted, since it may be a protected detail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from redactor.errors import BadInput

_FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
MAX_CASE_BYTES = 2_000_000


class Party(BaseModel):
    model_config = _FROZEN

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str = ""
    aliases: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    restricted_from: tuple[str, ...] = ()
    details: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("details")
    @classmethod
    def _kinds_are_plain(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for kind in value:
            if not kind.replace("_", "").isalpha():
                raise ValueError("detail kinds are plain words such as address or phone")
        return value

    def has_marker(self, names: frozenset[str]) -> bool:
        return any(m.lower() in names for m in self.markers)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, *self.aliases) if n)


class CaseFile(BaseModel):
    model_config = _FROZEN

    case_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    flags: tuple[str, ...] = ()
    parties: tuple[Party, ...] = Field(min_length=1)
    allow: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _ids_unique_and_known(self) -> CaseFile:
        ids = [p.id for p in self.parties]
        if len(set(ids)) != len(ids):
            raise ValueError("party ids must be unique")
        for party in self.parties:
            for other in party.restricted_from:
                if other not in ids:
                    raise ValueError(f"party {party.id!r} is restricted from unknown party {other!r}")
        return self

    def party(self, party_id: str) -> Party:
        for p in self.parties:
            if p.id == party_id:
                return p
        known = ", ".join(p.id for p in self.parties)
        raise BadInput(f"--to {party_id!r} is not a party of case {self.case_id} (parties: {known})")


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "case file"


def _problem(error: Any) -> str:
    loc = tuple(error["loc"])
    if "details" in loc and error["type"] in {"tuple_type", "list_type", "string_type"}:
        if error["type"] == "string_type":
            loc = loc[:-1]
        return f"{_field_path(loc)}: expected a list of strings"
    if error["type"] == "missing":
        return f"{_field_path(loc)}: required field missing"
    if error["type"] == "extra_forbidden":
        return f"{_field_path(loc)}: unknown field"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{_field_path(loc)}: {message[0].lower() + message[1:]}"


def _safe_yaml(text: str, name: str) -> Any:
    """YAML without anchors and aliases: a case file needs none, and aliases nested in
    aliases ("billion laughs") would expand without bound."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise BadInput(f"{name}: YAML aliases (*name) are not allowed in a case file")
    return yaml.safe_load(text)


def parse_case(raw: bytes, name: str = "case file") -> CaseFile:
    """Parse YAML or JSON bytes into a CaseFile, or raise BadInput naming the field."""
    if len(raw) > MAX_CASE_BYTES:
        raise BadInput(f"{name}: case file is larger than {MAX_CASE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{name}: case file is not UTF-8 text") from None
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else _safe_yaml(text, name)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" near line {line + 1}" if line is not None else ""
        raise BadInput(f"{name}: not valid YAML or JSON{where}") from None
    if not isinstance(data, dict):
        raise BadInput(f"{name}: expected a mapping with case_id and parties")
    try:
        case = CaseFile.model_validate(data)
    except ValidationError as exc:
        raise BadInput(f"{name}: {_problem(exc.errors()[0])}") from None
    from redactor.casecheck import strict

    return strict(case, name)


def load_case(path: Path) -> CaseFile:
    """Read a case file without following links (a regular file only), then `parse_case`."""
    from redactor.inputs import read_input

    return parse_case(read_input(path, what="case file"), path.name)
