"""Rules and policy as validated data: rules/*.yaml -> frozen, typed objects.

A rules file that does not fit is `BadInput` naming the file and the field. The
rules folder is `$REDACTOR_RULES`, else the repository's `rules/`, else the copy
packaged inside the wheel.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any, Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from redactor.errors import BadInput

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_PACKAGE = Path(__file__).resolve().parent


class PatternRule(BaseModel):
    model_config = _FROZEN
    name: str
    regex: str
    score: float = Field(ge=0, le=1)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            regex.compile(value)
        except regex.error as exc:
            raise ValueError(f"regex does not compile ({exc})") from None
        return value


class Recognizer(BaseModel):
    model_config = _FROZEN
    name: str
    supported_entity: str = Field(pattern=r"^[A-Z_]+$")
    patterns: tuple[PatternRule, ...] = Field(min_length=1)
    ignore_case: bool = False
    validator: str | None = None
    context: tuple[str, ...] = ()
    context_required_for: tuple[str, ...] = ()
    context_window: int = Field(default=60, gt=0)
    context_side: Literal["both", "before", "line"] = "both"
    role: Literal["anchor", "part"] | None = None
    supported_language: str = "en"


class RecognizerFile(BaseModel):
    model_config = _FROZEN
    version: int
    definitions: dict[str, str] = Field(default_factory=dict)
    recognizers: tuple[Recognizer, ...]

    @model_validator(mode="before")
    @classmethod
    def _expand_definitions(cls, data: Any) -> Any:
        """Replace {{NAME}} in every regex by the named definition (shared building blocks)."""
        if not isinstance(data, dict) or not isinstance(data.get("definitions"), dict):
            return data
        defs = data["definitions"]

        def expand(text: str) -> str:
            return regex.sub(r"\{\{(\w+)\}\}", lambda m: str(defs.get(m.group(1), m.group(0))), text)

        for rec in data.get("recognizers") or []:
            for pattern in (rec.get("patterns") or []) if isinstance(rec, dict) else []:
                if isinstance(pattern, dict) and isinstance(pattern.get("regex"), str):
                    pattern["regex"] = expand(expand(pattern["regex"]))
        return data


class Marker(BaseModel):
    model_config = _FROZEN
    id: str
    phrases: tuple[str, ...] = Field(min_length=1)


class MarkerFile(BaseModel):
    model_config = _FROZEN
    version: int
    markers: tuple[Marker, ...]


class Policy(BaseModel):
    model_config = _FROZEN
    version: int
    protection_markers: frozenset[str]
    professional_markers: frozenset[str]
    domestic_abuse_flags: frozenset[str]
    conceal_name_marker: str
    redact_kinds: frozenset[str]
    review_kinds: frozenset[str] = frozenset()
    review_rules: frozenset[str] = frozenset()
    review_below_score: float = Field(ge=0, le=1)
    keep_kinds: frozenset[str]
    redact_location_rules: frozenset[str]
    labels: dict[str, str]
    allow_min_chars: int = Field(gt=0)

    def label(self, kind: str) -> str:
        return self.labels.get(kind, self.labels.get("OTHER", "withheld"))


class Rules(BaseModel):
    model_config = _FROZEN
    recognizers: tuple[Recognizer, ...]
    markers: tuple[Marker, ...]
    policy: Policy
    version: str


def rules_dir() -> Path:
    env = os.environ.get("REDACTOR_RULES")
    if env:
        return Path(env)
    for candidate in (_PACKAGE.parent / "rules", _PACKAGE / "_data" / "rules"):
        if candidate.is_dir():
            return candidate
    raise BadInput("rules folder not found: set REDACTOR_RULES")


def models_dir() -> Path:
    for candidate in (_PACKAGE.parent / "models", _PACKAGE / "_data" / "models"):
        if candidate.is_dir():
            return candidate
    raise BadInput("models folder not found")


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise BadInput(f"rules file cannot be read as YAML: {path.name}") from None


def _validated(model: type[BaseModel], path: Path) -> Any:
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise BadInput(f"rules file {path.name}: {where}: {err['msg']}") from None


def _version(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def _load(folder: Path) -> Rules:
    recognizers: RecognizerFile = _validated(RecognizerFile, folder / "recognizers.yaml")
    markers: MarkerFile = _validated(MarkerFile, folder / "markers.yaml")
    policy: Policy = _validated(Policy, folder / "policy.yaml")
    return Rules(
        recognizers=recognizers.recognizers,
        markers=markers.markers,
        policy=policy,
        version=_version(folder),
    )


def load_rules() -> Rules:
    return _load(rules_dir())


def rules_version() -> str:
    """The digest that `load_rules().version` gives, without parsing and validating the
    files: the CLI parent stamps every audit entry with it, and has no rules loaded."""
    return _version(rules_dir())
