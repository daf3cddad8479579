"""Test doubles shipped with the library, so tests need neither the real check nor each other.

    fake_check(path, case_path, reader)    -> CheckResult   (a `gate.Checker`: no child, no NER)
    write(folder, name, text)              -> Path
    sha256(path)                           -> str
    register_case(text, clerk="clara")     -> None          (the council's record of the case)
    kill_mid_append(backend, env)          -> None          (a writer killed inside its transaction)

`FAKE_CASE` is the case `fake_check` knows: the mother's phone `KNOWN_PHONE` and address
`KNOWN_ADDRESS` are found wherever they stand, and "refuge" in the text makes the document a
domestic-abuse one. `ORIGINAL` names both, `REDACTED` is it redacted, `PLAIN` needs nothing.
Use `fake_check` as `gate.release(..., checker=fake_check)`; the faces, which release through
`commands.run_release`, are pointed at it by replacing `redactor.commands.release_check` in the test.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from redactor.casefile import load_case
from redactor.types import (
    Assessment,
    CheckResult,
    Decision,
    DetectorKind,
    Document,
    Explanation,
    Finding,
    Format,
    Plan,
    Segment,
)

KNOWN_PHONE = "07700 900461"
KNOWN_ADDRESS = "41 Wharf Street, Macclesfield, SK11 6QP"
FAKE_CASE = f"""
case_id: CS-1
flags: [domestic-abuse]
parties:
  - id: mother
    name: Claire Mottram
    markers: [protected]
    details: {{phone: ["{KNOWN_PHONE}"], address: ["{KNOWN_ADDRESS}"]}}
  - id: father
    name: Gary Pickford
    restricted_from: [mother]
  - id: school
    name: Brookside Primary School
    markers: [professional]
"""
ORIGINAL = f"Mother now lives in a refuge at {KNOWN_ADDRESS}, phone {KNOWN_PHONE}.\n"
REDACTED = "Mother now lives in a refuge at [address withheld], phone [phone withheld].\n"
PLAIN = "Attendance was good this term. No concerns.\n"


def _known(text: str, kind: str, value: str) -> Finding:
    start = text.find(value)
    rule = f"known:mother:{kind.lower()}"
    return Finding(kind, value, 0, start, start + len(value), DetectorKind.KNOWN, rule, 1.0,
                   Explanation(DetectorKind.KNOWN, rule, 1.0, note="a known detail"), location="body, line 1",
                   party="mother", decision=Decision.REDACT,
                   reason=f"da.protected: known detail of protected party mother ({kind.lower()})")  # fmt: skip


def fake_check(path: Path, case_path: Path, reader: str) -> CheckResult:
    """Stands in for the release check (`api.check_for_release`) on a UTF-8 text file."""
    data = path.read_bytes()
    text = data.decode()
    found = tuple(_known(text, kind, value) for kind, value in (("PHONE", KNOWN_PHONE), ("ADDRESS", KNOWN_ADDRESS))
                  if value in text)  # fmt: skip
    da = "refuge" in text
    assessment = Assessment(da, ("marker in text",) if da else (), ("mother",) if da else ())
    plan = Plan(load_case(case_path).case_id, reader, assessment, found)
    doc = Document(path, Format.TXT, hashlib.sha256(data).hexdigest(), (Segment("body", text),))
    return CheckResult(doc, plan)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def register_case(text: str, clerk: str = "clara") -> None:
    """Register the case as the council's record (release decides from the record)."""
    from redactor.caserecord import register

    result = register(text.encode(), "case.yaml", clerk)
    if not result.recorded:
        raise AssertionError(f"case not registered: {result}")


def kill_mid_append(backend: str, env: Mapping[str, str]) -> None:
    """Run a child (with `env`) that appends one audit entry, then kill it inside the transaction of
    a second one: its row written, not committed. `backend` is the storage module, "sqlite" or
    "postgres"; the log it writes to is the one `env` configures."""
    child = subprocess.Popen([sys.executable, "-c", _stalled_append(backend)], env=dict(env), stdout=subprocess.PIPE)
    assert child.stdout is not None
    if child.stdout.readline().strip() != b"inserted":
        child.kill()
        raise AssertionError("the child did not reach its second append")
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)


def _stalled_append(backend: str) -> str:
    return f"""
import sys, time, types
sys.modules["redactor.ruleset"] = types.SimpleNamespace(rules_version=lambda: "rules-test")
from redactor import audit
from redactor.storage import {backend} as backend
audit.record("check", "w", decision="clear", reason="first")
real_insert = backend.insert
def stalled_insert(conn, entry):
    real_insert(conn, entry)
    print("inserted", flush=True)
    time.sleep(60)  # killed here: the row is written, not committed (and on PostgreSQL the log's lock held)
backend.insert = stalled_insert
audit.record("check", "w", decision="clear", reason="never committed")
"""
