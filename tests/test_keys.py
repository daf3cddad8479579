"""Keys under $REDACTOR_HOME/keys and keyed hashes of protected values."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from redactor import keys
from redactor.errors import BadInput, InternalError


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("REDACTOR_HOME", str(path))
    return path


def test_key_is_created_private_and_stable(home: Path) -> None:
    """32 random bytes in a 0600 file inside a 0700 folder, the same on every call."""
    first = keys.key("chain")
    keys._cache.clear()
    assert keys.key("chain") == first
    assert len(first) == 32
    assert stat.S_IMODE(os.stat(home / "keys" / "chain.key").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(home / "keys").st_mode) == 0o700
    assert keys.key("values") != first


def test_damaged_key_fails_closed(home: Path) -> None:
    """A truncated key would silently break every hash: it is an internal error instead."""
    keys.key("values")
    (home / "keys" / "values.key").write_bytes(b"short")
    keys._cache.clear()
    with pytest.raises(InternalError, match="damaged"):
        keys.key("values")


@pytest.mark.parametrize("name", ["../x", "", "Chain", "a/b", "x" * 40])
def test_key_names_are_plain_words(home: Path, name: str) -> None:
    with pytest.raises(BadInput):
        keys.key(name)


_RACE = """
import sys
from redactor import keys
sys.stdout.write(keys.key("race").hex())
"""


@pytest.mark.slow  # six subprocesses race
def test_parallel_first_use_agrees_on_one_key(home: Path) -> None:
    """Processes creating the same key at once all end up with the winner's key."""
    env = {**os.environ, "REDACTOR_HOME": str(home)}
    procs = [subprocess.Popen([sys.executable, "-c", _RACE], stdout=subprocess.PIPE, env=env) for _ in range(6)]
    seen = {p.communicate(timeout=60)[0] for p in procs}
    assert len(seen) == 1
    assert bytes.fromhex(seen.pop().decode()) == (home / "keys" / "race.key").read_bytes()
    assert [p.name for p in (home / "keys").iterdir()] == ["race.key"]  # no temporary left


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("07700 900461", "07700900461"),
        ("07700 900461", "+44 7700 900461"),
        ("07700 900461", "+44 (0)7700 900 461"),
        ("07700 900461", "0044 7700 900461"),
        ("SK11 6QP", "sk116qp"),
        ("41 Wharf Street", "41 wharf\nstreet"),
        ("claire.m@example.org", "Claire.M@Example.org"),
        ("YX19 KLM", "yx19-klm"),
    ],
)
def test_value_hash_ignores_spacing_case_and_phone_prefix(home: Path, a: str, b: str) -> None:
    assert keys.value_hash(a) == keys.value_hash(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("07700 900461", "07700 900462"),
        ("SK11 6QP", "SK11 6QR"),
        ("44 Mill Lane", "0 Mill Lane"),  # a house number 44 is not a phone prefix
        ("4412345", "012345"),  # too short to be a +44 phone number
    ],
)
def test_value_hash_tells_different_values_apart(home: Path, a: str, b: str) -> None:
    assert keys.value_hash(a) != keys.value_hash(b)


def test_value_hash_is_keyed(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the key the hash cannot be recomputed: another home gives another hash."""
    here = keys.value_hash("07700 900461")
    monkeypatch.setenv("REDACTOR_HOME", str(tmp_path / "other"))
    assert keys.value_hash("07700 900461") != here
    assert "07700900461" not in here
