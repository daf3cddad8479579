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
_WORD = r"^[a-z][a-z0-9_-]{0,40}$"  # a case file's vocabulary word
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
    # With context_side "line": label words that, on the line right above a value alone on its
    # line, make that line its label ("Date of referral" above a date in a two-column table).
    context_rivals: tuple[str, ...] = ()
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


class ProfessionalContacts(BaseModel):
    """rules/policy.yaml professional_contacts (rule contact.professional, redactor/policy/professional.py)."""

    model_config = _FROZEN
    enabled: bool = False  # off by default: SPEC's default policy removes every phone and email not allowed
    roles: frozenset[str] = frozenset()  # a professional's role or agency, named on the contact's line
    relations: frozenset[str] = frozenset()  # a family relation on the line: not a professional's
    mailbox_words: frozenset[str] = frozenset()  # a role mailbox's local part (dsl.office@)
    signature_words: frozenset[str] = frozenset()  # the lower-case words a signature's contact line may hold

    @field_validator("roles", "relations", "mailbox_words", "signature_words", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError("must be a list of words")
        return frozenset(v.strip().lower() for v in value)


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
    recipient_rules: dict[str, str] = Field(default_factory=dict)
    public_numbers: frozenset[str] = frozenset()  # digits, national form
    public_prefixes: tuple[str, ...] = ()  # digits: freephone and service numbers no person has
    professional_contacts: ProfessionalContacts = ProfessionalContacts()

    @field_validator("public_numbers", mode="before")
    @classmethod
    def _national_digits(cls, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of phone numbers")
        digits = [regex.sub(r"\D", "", v) for v in value]
        if not all(d.startswith("0") and 7 <= len(d) <= 11 for d in digits):
            raise ValueError("each must be a UK number in national form (0808 2000 247)")
        return frozenset(digits)

    @field_validator("public_prefixes", mode="before")
    @classmethod
    def _prefix_digits(cls, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) and regex.fullmatch(r"[01]\d{2,4}", v)
                                                  for v in value):  # fmt: skip
            raise ValueError("must be a list of number prefixes in national form (0808, 116)")
        return tuple(value)

    def label(self, kind: str) -> str:
        return self.labels.get(kind, self.labels.get("OTHER", "withheld"))


class AddressWords(BaseModel):
    """rules/addresses.yaml: the words of UK addresses (see that file)."""

    model_config = _FROZEN
    version: int
    thoroughfares: frozenset[str] = Field(min_length=1)
    type_first: frozenset[str] = Field(min_length=1)
    type_first_weak: frozenset[str] = frozenset()
    connectors: frozenset[str]
    house_words: frozenset[str] = Field(min_length=1)
    sub_building: frozenset[str] = Field(min_length=1)
    introducers: tuple[str, ...] = Field(min_length=1)
    stop_words: frozenset[str]
    not_house_number: frozenset[str]
    shared_housing: frozenset[str] = frozenset()
    abbreviations: dict[str, str] = Field(min_length=1)
    house_words_first: frozenset[str] = frozenset()

    @field_validator("abbreviations", mode="before")
    @classmethod
    def _folded_pairs(cls, value: Any) -> Any:
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
                                                  for k, v in value.items()):  # fmt: skip
            raise ValueError("must map each word to its abbreviation")
        return {k.strip().casefold(): v.strip().casefold() for k, v in value.items()}

    @field_validator("thoroughfares", "type_first", "type_first_weak", "connectors", "house_words", "sub_building",
                     "stop_words", "not_house_number", "shared_housing", "house_words_first",
                     mode="before")  # fmt: skip
    @classmethod
    def _folded(cls, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError("must be a list of words")
        return frozenset(v.strip().casefold() for v in value)

    def alternation(self, field: str) -> str:
        """A regex alternation of one word list, longest first (for {{THOROUGHFARE}} and the like)."""
        words: frozenset[str] = getattr(self, field)
        return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


class Words(BaseModel):
    """rules/words.yaml: word lists the detectors share (see that file), kept in lower case."""

    model_config = _FROZEN
    version: int
    titles: frozenset[str] = Field(min_length=1)
    salutations: frozenset[str] = Field(min_length=1)
    form_labels: frozenset[str] = Field(min_length=1)
    not_towns: frozenset[str]
    generic_institution_words: frozenset[str] = Field(min_length=1)
    name_endings: frozenset[str]

    @field_validator("titles", "salutations", "form_labels", "not_towns", "generic_institution_words",
                     "name_endings", mode="before")  # fmt: skip
    @classmethod
    def _folded(cls, value: Any) -> Any:
        return AddressWords._folded(value)

    def titles_regex(self, *, salutations: bool = False) -> str:
        """An alternation of the titles (and salutations) as names are written: "Mrs" or "MRS"."""
        return _capitalised(self.titles | (self.salutations if salutations else frozenset()))


class DetailKind(BaseModel):
    model_config = _FROZEN
    as_: str | None = Field(default=None, alias="as", pattern=_WORD)
    finds: str | None = Field(default=None, pattern=r"^[A-Z][A-Z_]{1,30}$")


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
            if kind.finds is None and kind.as_ is None:
                raise ValueError(f"detail kind {name} says neither what it finds nor what it folds into")
        return self

    def detected_as(self, kind: str) -> str:
        """The kind a detail is matched as (`former_address` -> `address`)."""
        return self.detail_kinds[kind].as_ or kind

    def finding_kind(self, kind: str) -> str:
        """The finding kind a recorded detail is matched as (`employer` -> `WORKPLACE`)."""
        found = self.detail_kinds.get(kind)
        return (found.finds if found else None) or "OTHER"


class Rules(BaseModel):
    model_config = _FROZEN
    recognizers: tuple[Recognizer, ...]
    markers: tuple[Marker, ...]
    policy: Policy
    addresses: AddressWords
    words: Words
    vocabulary: Vocabulary
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


def _validated(model: type[BaseModel], path: Path, data: Any = None) -> Any:
    try:
        return model.model_validate(read_yaml(path) if data is None else data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise BadInput(f"rules file {path.name}: {where}: {err['msg']}") from None


def _version(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _capitalised(words: frozenset[str]) -> str:
    """An alternation of words as names are written: "Heol" or "HEOL", never "heol"."""
    forms = {f for w in words for f in (w[:1].upper() + w[1:], w.upper())}
    return "|".join(regex.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))


def address_definitions(words: AddressWords) -> dict[str, str]:
    """The recognizers' definitions built from rules/addresses.yaml, so each list lives once."""
    counted = "|".join(regex.escape(w) for w in sorted(words.not_house_number, key=len, reverse=True))
    introducers = "|".join(regex.escape(w).replace("\\ ", "[ \\t]+") for w in words.introducers if " " in w)
    return {
        "THOROUGHFARE": f"(?i:{words.alternation('thoroughfares')})",
        # (?=\p{Lu}): try the long alternations only where a capital stands (speed)
        "TYPE_FIRST": f"(?=\\p{{Lu}})(?:{_capitalised(words.type_first)})",
        "TYPE_FIRST_WEAK": f"(?=\\p{{Lu}})(?:{_capitalised(words.type_first_weak)})",
        "HOUSE_WORD": f"(?=\\p{{Lu}})(?:{_capitalised(words.house_words)})",
        "SUB_BUILDING": f"(?i:{words.alternation('sub_building')})",
        "NOT_COUNTED": rf"(?<!\b(?i:{counted})\.?[ \t]*)",
        "INTRODUCER": f"(?i:{introducers})",
    }


def _with_address_words(data: Any, words: AddressWords) -> Any:
    if isinstance(data, dict) and isinstance(data.get("definitions", {}), dict):
        data = {**data, "definitions": {**address_definitions(words), **(data.get("definitions") or {})}}
    return data


@cache
def _load(folder: Path) -> Rules:
    addresses: AddressWords = _validated(AddressWords, folder / "addresses.yaml")
    recognizer_data = _with_address_words(read_yaml(folder / "recognizers.yaml"), addresses)
    recognizers: RecognizerFile = _validated(RecognizerFile, folder / "recognizers.yaml", recognizer_data)
    markers: MarkerFile = _validated(MarkerFile, folder / "markers.yaml")
    policy: Policy = _validated(Policy, folder / "policy.yaml")
    words: Words = _validated(Words, folder / "words.yaml")
    vocabulary: Vocabulary = _validated(Vocabulary, folder / "vocabulary.yaml")
    return Rules(
        recognizers=recognizers.recognizers,
        markers=markers.markers,
        policy=policy,
        addresses=addresses,
        words=words,
        vocabulary=vocabulary,
        version=_version(folder),
    )


def load_rules() -> Rules:
    return _load(rules_dir())


def rules_version() -> str:
    """The digest that `load_rules().version` gives, without parsing and validating the
    files: the CLI parent stamps every audit entry with it, and has no rules loaded."""
    return _version(rules_dir())
