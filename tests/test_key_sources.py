"""Where the keys and the files live when several instances share one gate (issue 18): keys from a
private folder or the environment, never from the shared file store; the receipt key rotates and old
receipts stay verifiable; held copies and the outbox in the shared store."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from redactor import audit, gate, keys
from redactor.commands import run_release
from redactor.errors import BadInput, InternalError
from redactor.keys import check_source, key, key_id, rotate
from redactor.testing import FAKE_CASE, PLAIN, REDACTED, register_case, sha256, write

HEX = {name: os.urandom(32).hex() for name in ("values", "chain", "receipts", "held", "cases")}


@pytest.fixture()
def place(tmp_path: Path, gate_home: Callable[[str], Path]) -> Path:
    """Settings that name a shared file store and a private key folder outside it."""
    gate_home(f"clerks: [clara]\nfiles: {tmp_path / 'shared'}\nkeys: {{folder: {tmp_path / 'private-keys'}}}\n")
    keys._cache.clear()
    return tmp_path


@pytest.fixture()
def case(place: Path) -> Path:
    register_case(FAKE_CASE)
    return write(place, "case.yaml", FAKE_CASE)


def test_keys_come_from_the_named_folder_and_files_from_the_shared_store(place: Path, case: Path) -> None:
    letter = write(place, "letter.txt", PLAIN)
    result = run_release(letter, case, "school", "sam")
    assert result.decision == "released" and result.outbox_file is not None
    assert result.outbox_file.parent.parent == place / "shared" / "outbox"
    out = write(place, "out.txt", REDACTED)
    assert run_release(out, case, "father", "sam").decision == "held"
    assert list((place / "shared" / "held").glob("*.sealed"))
    assert {p.name for p in (place / "private-keys").iterdir()} >= {"values.key", "receipts.key", "held.key"}
    assert not (place / "home" / "keys").exists() and not (place / "home" / "outbox").exists()
    check_source()  # a private folder outside the shared store is accepted


def test_a_key_folder_inside_the_shared_store_is_refused(place: Path) -> None:
    (place / "settings.yaml").write_text(f"files: {place / 'shared'}\nkeys: {{folder: {place / 'shared' / 'k'}}}\n")
    with pytest.raises(InternalError, match="inside the shared file store"):
        check_source()


def test_a_key_file_others_can_read_is_refused(place: Path) -> None:
    key("values")
    os.chmod(place / "private-keys" / "values.key", 0o644)
    keys._cache.clear()
    with pytest.raises(InternalError, match="other accounts"):
        key("values")


def test_keys_from_the_environment_are_used_and_never_created(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (place / "settings.yaml").write_text("clerks: [clara]\nkeys: {environment: true}\n")
    for name, value in HEX.items():
        monkeypatch.setenv(f"REDACTOR_KEY_{name.upper()}", value)
    assert key("receipts") == bytes.fromhex(HEX["receipts"])
    assert keys.value_hash("07700 900461") == keys.mac("values", b"07700900461")
    assert not (place / "home" / "keys").exists() and not (place / "private-keys").exists()
    monkeypatch.setenv("REDACTOR_KEY_CHAIN", "not hex at all")
    keys._cache.clear()
    with pytest.raises(InternalError, match=r"\$REDACTOR_KEY_CHAIN must hold") as raised:
        key("chain")
    assert "not hex" not in str(raised.value)
    monkeypatch.delenv("REDACTOR_KEY_CHAIN")
    with pytest.raises(InternalError, match="REDACTOR_KEY_CHAIN"):
        key("chain")
    with pytest.raises(BadInput, match="environment"):
        rotate("receipts")


def test_rotating_the_receipt_key_keeps_old_receipts_verifiable(place: Path, case: Path) -> None:
    first = write(place, "first.txt", PLAIN)
    old = run_release(first, case, "school", "sam").receipt
    assert old is not None and old["key_id"] == key_id(key("receipts"))
    old_id, new_id = rotate("receipts")
    assert old_id == old["key_id"] and new_id != old_id
    second = write(place, "second.txt", PLAIN + "Another term.\n")
    new = run_release(second, case, "school", "sam").receipt
    assert new is not None and new["key_id"] == new_id
    assert gate.verify_receipt(first).valid and gate.verify_receipt(second).valid
    assert audit.verify().intact  # receipts are checkpoints too: the retired key still reads them
    (path,) = (place / "shared" / "outbox").rglob(f"{sha256(first)[:12]}.*.receipt.json")
    forged = {**json.loads(path.read_text()), "key_id": new_id}  # claims the new key: its signature fails
    path.write_text(json.dumps(forged))
    assert not gate.verify_receipt(first).valid
    with pytest.raises(BadInput, match="cannot be rotated"):
        rotate("values")


@pytest.mark.slow  # the CLI in a subprocess
def test_rotation_is_a_command_and_an_audit_entry(place: Path) -> None:
    from cli_helpers import run

    key("receipts")
    done = run("keys", "rotate", "receipts", "--user", "ig.officer", env=dict(os.environ))
    assert done.returncode == 0 and "retired" in done.stdout
    (entry,) = audit.entries(action="key-rotate")
    assert entry.user == "ig.officer" and set(entry.parsed("extra")) == {"key", "retired", "current"}
    assert (place / "private-keys" / "retired").is_dir()
    assert run("keys", "rotate", "chain", env=dict(os.environ)).returncode == 2
