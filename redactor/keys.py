"""The service's secret keys, and keyed hashes of protected values.

Keys come from one source, named in the settings (`keys:`): a folder only the service
account can read (default $REDACTOR_HOME/keys; each key 32 random bytes in ``<name>.key``,
file 0600, folder 0700, created on first use), or environment variables
``REDACTOR_KEY_<NAME>`` (64 hex digits; never created). Never the shared file store: a
copy of that folder must not carry what opens or signs it. The receipt key can be rotated
(`redactor keys rotate receipts`): a receipt names its key's id, and retired keys keep old
receipts verifiable. The audit log stores values only as ``value_hash``: an
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
ROTATABLE = ("receipts",)  # the others would orphan what they hash, seal or sign
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_cache: dict[tuple[str, str, str], bytes] = {}  # (source, REDACTOR_HOME, name): an entry hashes every finding


def _checked_name(name: str) -> str:
    if not _NAME.match(name):
        raise BadInput(f"key name {name!r} is not a plain lower-case word")
    return name


def key_folder() -> Path:
    from redactor.settings import settings

    named = settings().keys.folder
    return Path(named) if named else home() / "keys"


def key_path(name: str) -> Path:
    return key_folder() / f"{_checked_name(name)}.key"


def _from_environment() -> bool:
    from redactor.settings import settings

    return settings().keys.environment


def _variable(name: str) -> str:
    return "REDACTOR_KEY_" + name.upper().replace("-", "_")


def _env_key(variable: str, text: str | None) -> bytes:
    try:
        value = bytes.fromhex(text or "")
    except ValueError:
        value = b""
    if len(value) != KEY_BYTES:
        # Never print the variable's value: it is the key.
        raise InternalError(f"${variable} must hold the key as {2 * KEY_BYTES} hex digits")
    return value


def key(name: str) -> bytes:
    """The key called `name`: from its environment variable, or its file (created race-safe on first use)."""
    env = _from_environment()
    cache_key = ("env" if env else str(key_folder()), os.environ.get("REDACTOR_HOME", ""), _checked_name(name))
    cached = _cache.get(cache_key)
    if cached is not None:
        return cached
    if env:
        value = _env_key(_variable(name), os.environ.get(_variable(name)))
    else:
        path = key_path(name)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        if not path.exists():
            _create(path)
        value = _read(path)
    _cache[cache_key] = value
    return value


def key_id(value: bytes) -> str:
    """A key's public name: 16 hex digits of a hash of it (receipts say which key signed them)."""
    return hashlib.sha256(b"redactor key id\0" + value).hexdigest()[:16]


def retired(name: str) -> list[bytes]:
    """The retired keys of `name`, still used to check what they signed (never to sign)."""
    if _from_environment():
        variable = _variable(name) + "_RETIRED"
        listed = [p.strip() for p in os.environ.get(variable, "").split(",") if p.strip()]
        return [_env_key(variable, text) for text in listed]
    folder = key_folder() / "retired"
    return [_read(path) for path in sorted(folder.glob(f"{_checked_name(name)}.*.key"))]


def rotate(name: str) -> tuple[str, str]:
    """Retire the current key of `name` and make a new one: (old id, new id). Folder keys only."""
    if name not in ROTATABLE:
        raise BadInput(f"key {name!r} cannot be rotated (only {', '.join(ROTATABLE)}): what it protects "
                       "would no longer open")  # fmt: skip
    if _from_environment():
        raise BadInput("keys come from the environment: set a new $REDACTOR_KEY_RECEIPTS and add the old one to "
                       "$REDACTOR_KEY_RECEIPTS_RETIRED")  # fmt: skip
    old = key(name)
    old_id = key_id(old)
    folder = key_folder() / "retired"
    folder.mkdir(mode=0o700, exist_ok=True)
    _create(folder / f"{name}.{old_id}.key", old)
    key_path(name).unlink()
    _cache.clear()
    return old_id, key_id(key(name))


def check_source() -> None:
    """Refuse a key folder inside the shared file store (settings `files:`), and keys others can read."""
    from redactor.settings import settings

    config = settings()
    if config.keys.environment:
        return
    folder = key_folder().resolve()
    if config.files:
        shared = Path(config.files).resolve()
        if folder == shared or shared in folder.parents:
            raise InternalError("the key folder is inside the shared file store (settings files:); keep the keys "
                                "where only the service account can read them")  # fmt: skip


def _create(path: Path, value: bytes | None = None) -> None:
    # Write the whole key into a private temporary file, then link it into place:
    # os.link fails if another process got there first, and no reader ever sees
    # a half-written key. The loser simply reads the winner's key.
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_bytes(KEY_BYTES) if value is None else value)
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
        mode = path.stat().st_mode
    except OSError as exc:
        raise InternalError(f"key {path.name} cannot be read ({exc.strerror})") from None
    if mode & 0o077:
        raise InternalError(f"key {path.name} can be read by other accounts (make it 0600)")
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
