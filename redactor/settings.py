"""Where state lives and the settings file ($REDACTOR_HOME, $REDACTOR_CONFIG)."""

from __future__ import annotations

import getpass
import os
import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from redactor.errors import BadInput

_FROZEN = ConfigDict(frozen=True, extra="forbid")
USER_PATTERN = r"^[A-Za-z0-9._@-]{1,64}$"
_USER = re.compile(USER_PATTERN)


class Token(BaseModel):
    model_config = _FROZEN
    user: str = Field(pattern=USER_PATTERN)
    role: str = Field(pattern=r"^(worker|clerk|auditor)$")


class Limits(BaseModel):
    model_config = _FROZEN
    seconds: float = Field(default=50.0, gt=0)  # hostile files must end within a minute
    memory_mb: int = Field(default=1400, gt=64)
    max_upload_mb: int = Field(default=50, gt=0)
    max_zip_entries: int = Field(default=2000, gt=0)
    max_unzipped_mb: int = Field(default=300, gt=0)
    max_zip_ratio: float = Field(default=200.0, gt=1)
    max_pages: int = Field(default=2000, gt=0)
    # An over-limit upload is read and discarded up to this much, then answered 413 and closed.
    max_discard_mb: int = Field(default=64, gt=0)
    # A client sending its body slower than this (after the grace period) is dropped.
    min_upload_bytes_per_second: int = Field(default=2048, gt=0)
    upload_grace_seconds: float = Field(default=10.0, gt=0)


class Watch(BaseModel):
    model_config = _FROZEN
    # A dropped document is taken only once it has not changed for this long.
    settle_seconds: float = Field(default=2.0, ge=0)


class Ocr(BaseModel):
    """Reading pages without a text layer (Tesseract) and reading the output again."""

    model_config = _FROZEN
    dpi: int = Field(default=300, ge=100, le=600)  # Tesseract reads best near 300 dpi
    # A page read with a lower mean confidence (0-100, weighted by characters) is held.
    min_confidence: float = Field(default=60.0, ge=0, le=100)
    seconds: float = Field(default=30.0, gt=0)  # per page and reading; a timeout holds the document
    verify_dpi: int = Field(default=200, ge=100, le=600)  # the second reading: another resolution
    verify_psm: int = Field(default=11, ge=0, le=13)  # ... and another page-segmentation mode


class Keys(BaseModel):
    """Where the service's secret keys come from: never the shared file store."""

    model_config = _FROZEN
    # A folder only the service account can read (default STATE/keys); keys are created there on first use.
    folder: str | None = None
    # True: each key is read from $REDACTOR_KEY_<NAME> (64 hex digits) and never created; retired receipt
    # keys from $REDACTOR_KEY_RECEIPTS_RETIRED (comma-separated).
    environment: bool = False


class Settings(BaseModel):
    model_config = _FROZEN
    clerks: tuple[str, ...] = ()
    auditors: tuple[str, ...] = ()
    tokens: dict[str, Token] = Field(default_factory=dict)
    limits: Limits = Limits()
    watch: Watch = Watch()
    ocr: Ocr = Ocr()
    # release holds a case that was never registered (`redactor case register`) unless false.
    require_registered_case: bool = True
    # Where a checkpoint of the audit chain is written after every entry (default: STATE/checkpoints).
    checkpoints: str | None = None
    # postgresql://... keeps the log, the approvals and the case records in PostgreSQL (shared by several
    # instances); unset: SQLite files under $REDACTOR_HOME. $REDACTOR_DATABASE wins over this.
    database: str | None = Field(default=None, pattern=r"^(postgresql|postgres)://")
    # The folder every instance can reach (a shared mount) for held copies and the outbox (default STATE).
    files: str | None = None
    keys: Keys = Keys()
    # False: NER never forks a helper process (no model loaded ahead, no second core); for a
    # machine where fork is unwelcome. Read by `redactor.parallel.can_fork` in each process.
    fork: bool = True
    # The learned second opinion for ADDRESS (models/address/, redactor.detect.learned): true or false;
    # unset: models/address.yaml `enabled`.
    learned_address: bool | None = None


def home() -> Path:
    """The state folder: audit log, keys, outbox. Created on first use."""
    env = os.environ.get("REDACTOR_HOME")
    if env:
        path = Path(env)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("redactor", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def database_url() -> str | None:
    """The PostgreSQL URL of the shared database, or None for the SQLite files under $REDACTOR_HOME."""
    url = os.environ.get("REDACTOR_DATABASE") or settings().database
    if url and not re.match(r"^(postgresql|postgres)://", url):
        raise BadInput("REDACTOR_DATABASE: expected a postgresql:// URL")
    return url or None


def files_root() -> Path:
    """Where held copies and the outbox live: the shared file store (settings `files:`), else STATE."""
    named = settings().files
    if not named:
        return home()
    path = Path(named)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def valid_user(name: str, what: str = "user name") -> str:
    """A user name of letters, digits and . _ @ - (at most 64), else BadInput: a line break or a
    space in a name could forge lines of `audit list`."""
    name = name.strip()
    if not _USER.match(name):
        raise BadInput(f"{what}: use 1 to 64 letters, digits or . _ @ - (nothing else)")
    return name


def os_login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def current_user(given: str | None = None) -> str:
    user = given or os.environ.get("REDACTOR_USER") or os_login()
    if not user or not user.strip():
        raise BadInput("no user name: pass --user or set REDACTOR_USER")
    return valid_user(user)


@cache
def _load(path: str, mtime: float) -> Settings:
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise BadInput(f"settings file cannot be read as YAML: {path}") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "settings"
        raise BadInput(f"settings {path}: {field}: {err['msg']}") from None


def settings() -> Settings:
    path = os.environ.get("REDACTOR_CONFIG")
    if not path:
        return Settings()
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        raise BadInput(f"settings file not found: {path}") from None
    return _load(path, mtime)
