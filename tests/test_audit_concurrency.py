"""Several processes writing at once, and a process killed mid-append."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redactor import audit
from redactor.testing import kill_mid_append

REPO = Path(__file__).resolve().parents[1]

# Each writer stands in for one `redactor` process; the rules version is faked so
# the test does not depend on the rules folder.
WRITER = """
import sys, types
sys.modules["redactor.ruleset"] = types.SimpleNamespace(rules_version=lambda: "rules-test")
from redactor import audit
proc, count = int(sys.argv[1]), int(sys.argv[2])
findings = [{"kind": "PHONE", "text": "07700 900461", "location": "body, line 1"}]
for n in range(count):
    audit.record("check", f"worker{proc}", decision="redact", reason="test", case_id="CS-1",
                 reader="father", input_sha256="a" * 64, findings=findings,
                 extra={"proc": proc, "n": n})
"""

pytestmark = pytest.mark.slow


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("REDACTOR_HOME", str(path))
    return path


def writer(home: Path, proc: int, count: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REDACTOR_HOME": str(home), "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", WRITER, str(proc), str(count)]
    return subprocess.Popen(args, env=env, stderr=subprocess.PIPE)


def test_parallel_writers_lose_nothing_and_keep_the_chain(home: Path) -> None:
    """Six processes start together on a fresh home (racing to create keys and the db)."""
    procs = [writer(home, proc, 30) for proc in range(6)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()[-500:]
    status = audit.verify()
    assert (status.intact, status.count) == (True, 180)
    written = {(e.parsed("extra")["proc"], e.parsed("extra")["n"]) for e in audit.entries()}
    assert written == {(p, n) for p in range(6) for n in range(30)}
    assert len(list((home / "keys").iterdir())) == 2  # chain and values, no stray temporaries


def _count(home: Path) -> int:
    try:
        conn = sqlite3.connect(home / "audit.sqlite", timeout=30)
        try:
            return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.mark.parametrize("after", [5, 23, 41])
def test_killed_writer_leaves_a_log_that_verifies(home: Path, after: int) -> None:
    """SIGKILL lands mid-loop (possibly mid-transaction); the log verifies and takes more."""
    proc = writer(home, 0, 100_000)
    deadline = time.monotonic() + 60
    while _count(home) < after and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    before = audit.verify()
    assert before.intact and before.count >= after
    audit.record("check", "after", decision="clear", reason="after the crash")
    status = audit.verify()
    assert (status.intact, status.count) == (True, before.count + 1)


def test_kill_inside_the_write_transaction_loses_only_that_entry(home: Path) -> None:
    kill_mid_append("sqlite", {**os.environ, "REDACTOR_HOME": str(home), "PYTHONPATH": str(REPO)})
    status = audit.verify()
    assert (status.intact, status.count) == (True, 1)
    assert audit.record("check", "after", decision="clear", reason="lock released") == 2
    assert audit.verify().intact
