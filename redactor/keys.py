"""Secret keys kept under $REDACTOR_HOME/keys, and keyed hashes of protected values.

Each key is 32 random bytes in ``keys/<name>.key`` (file 0600, folder 0700),
created on first use. The audit log stores values only as ``value_hash``: an
HMAC under a key kept outside the database, so a copy of the database alone
cannot be brute-forced for phone numbers or postcodes, while an auditor who
holds a candidate value (in any spacing or case) can check it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from redactor.errors import BadInput, InternalError
from redactor.settings import home

KEY_BYTES = 32
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_cache: dict[tuple[str, str], bytes] = {}  # (REDACTOR_HOME, name): a log entry hashes every finding


def key_path(name: str) -> Path:
    if not _NAME.match(name):
        raise BadInput(f"key name {name!r} is not a plain lower-case word")
    return home() / "keys" / f"{name}.key"


def key(name: str) -> bytes:
    """The key called `name`, created (race-safe) on first use."""
    cache_key = (os.environ.get("REDACTOR_HOME", ""), name)
    cached = _cache.get(cache_key)
    if cached is not None:
        return cached
    path = key_path(name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    if not path.exists():
        _create(path)
    value = _read(path)
    _cache[cache_key] = value
    return value


def _create(path: Path) -> None:
    # Write the whole key into a private temporary file, then link it into place:
    # os.link fails if another process got there first, and no reader ever sees
    # a half-written key. The loser simply reads the winner's key.
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_bytes(KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def _read(path: Path) -> bytes:
    try:
        value = path.read_bytes()
    except OSError as exc:
        raise InternalError(f"key {path.name} cannot be read ({exc.strerror})") from None
    if len(value) != KEY_BYTES:
        # Fail closed: a damaged key would silently break every hash made with it.
        raise InternalError(f"key {path.name} is damaged (expected {KEY_BYTES} bytes)")
    return value


def mac(name: str, data: bytes) -> str:
    """HMAC-SHA256 of `data` under key `name`, as hex."""
    return hmac.new(key(name), data, hashlib.sha256).hexdigest()


def normalise(text: str) -> str:
    """Casefold and keep letters and digits only; +44 / 0044 / 44 (0) phone prefixes become 0."""
    plain = "".join(ch for ch in text.casefold() if ch.isalnum())
    if plain.isdigit() and len(plain) >= 11:
        if plain.startswith("00"):
            plain = plain[2:]
        if plain.startswith("44"):
            plain = "0" + plain[2:].removeprefix("0")
    return plain


def value_hash(text: str) -> str:
    """The keyed hash under which a protected value may appear in the audit log."""
    return mac("values", normalise(text).encode("utf-8"))
