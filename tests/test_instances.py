"""Two `redactor serve` instances on one PostgreSQL database: one gate, one log, one set of approvals
(issue 18). Requests go to both at once; an approval on one is honoured by a release on the other; the
log is one chain with exactly one entry per operation; an instance killed mid-load loses nothing that
was answered "released"."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cli_helpers import run
from conftest import PROTECTED_VALUES, SPEC_CASE
from pgtest import fresh_database
from servers import Instance, start

from redactor import gate, keys

pytestmark = pytest.mark.slow  # several real service instances on PostgreSQL

WORKER, CLERK, CLERK2, AUDITOR = "tok-w", "tok-c1", "tok-c2", "tok-a"
REPORT = """Child and Family Assessment, reference {ref}
Ms Mottram moved to Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP.
She can be reached on 07700 900461. Mia attends Brookside Primary School.
"""
PLAIN_CASE = """case_id: CS-P-1
flags: []
parties:
  - id: parent
    name: Sam Brown
  - id: school
    name: Oakfield Primary School
    markers: [professional]
"""
LETTER = "Dear parent, attendance was good this term (letter {n}). There are no concerns.\n"


@dataclass
class Pair:
    a: Instance
    b: Instance
    env: dict[str, str]  # what the test process needs to read the same state
    root: Path

    def both(self) -> tuple[Instance, Instance]:
        return self.a, self.b


@pytest.fixture()
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pair]:
    config = tmp_path / "settings.yaml"
    config.write_text(f"""clerks: [clara, colin]
tokens:
  {WORKER}: {{user: sw.jones, role: worker}}
  {CLERK}: {{user: clara, role: clerk}}
  {CLERK2}: {{user: colin, role: clerk}}
  {AUDITOR}: {{user: audrey, role: auditor}}
files: {tmp_path / "shared"}
keys: {{folder: {tmp_path / "service-keys"}}}
""")
    with fresh_database() as url:
        env = {"REDACTOR_DATABASE": url, "REDACTOR_CONFIG": str(config)}
        assert run("db", "upgrade", env={**env, "REDACTOR_HOME": str(tmp_path / "admin")}).returncode == 0
        a = start({**env, "REDACTOR_HOME": str(tmp_path / "home-a")}, tmp_path / "a.log")
        try:
            b = start({**env, "REDACTOR_HOME": str(tmp_path / "home-b")}, tmp_path / "b.log")
        except BaseException:
            a.stop()
            raise
        for name, value in {**env, "REDACTOR_HOME": str(tmp_path / "home-test")}.items():
            monkeypatch.setenv(name, value)
        keys._cache.clear()
        try:
            yield Pair(a, b, env, tmp_path)
        finally:
            a.stop()
            b.stop()


def _register(instance: Instance, case: str) -> None:
    reply = instance.post("/v1/cases", CLERK, {"case": ("case.yaml", case.encode())})
    assert reply.status_code == 200, reply.text


def _doc(instance: Instance, path: str, token: str, body: bytes, case: str, to: str) -> httpx.Response:
    return instance.post(path, token, {"file": ("doc.txt", body), "case": ("case.yaml", case.encode())}, to=to)


def _entries(instance: Instance) -> list[dict[str, object]]:
    reply = instance.get("/v1/audit/entries?limit=1000", AUDITOR)
    assert reply.status_code == 200
    return list(reply.json()["entries"])


def test_two_instances_are_one_gate(pair: Pair) -> None:
    a, b = pair.both()
    _register(a, SPEC_CASE)
    _register(b, PLAIN_CASE)
    reports = [REPORT.format(ref=f"R-{n}").encode() for n in range(4)]
    letters = [LETTER.format(n=n).encode() for n in range(4)]
    with ThreadPoolExecutor(6) as pool:  # redact, check and release on both instances at once
        redacted = list(pool.map(lambda n: _doc(pair.both()[n % 2], "/v1/redact", WORKER, reports[n], SPEC_CASE,
                                                "father"), range(4)))  # fmt: skip
        checked = list(pool.map(lambda n: _doc(pair.both()[n % 2], "/v1/check", WORKER, reports[n], SPEC_CASE,
                                               "father"), range(4)))  # fmt: skip
        plain = list(pool.map(lambda n: _doc(pair.both()[n % 2], "/v1/release", WORKER, letters[n], PLAIN_CASE,
                                             "school"), range(4)))  # fmt: skip
    assert [r.status_code for r in redacted + checked + plain] == [200] * 12
    outputs = [r.content for r in redacted]
    for text in (o.decode() for o in outputs):
        assert not [v for v in PROTECTED_VALUES if v in text]
    assert {r.json()["decision"] for r in checked} == {"redact"}
    assert {r.json()["decision"] for r in plain} == {"released"}
    with ThreadPoolExecutor(4) as pool:  # approved on one instance ...
        approved = list(pool.map(lambda n: _doc(pair.both()[n % 2], "/v1/approve", CLERK, outputs[n], SPEC_CASE,
                                                "father"), range(4)))  # fmt: skip
    assert [r.status_code for r in approved] == [200] * 4
    with ThreadPoolExecutor(4) as pool:  # ... released on the other
        released = list(pool.map(lambda n: _doc(pair.both()[1 - n % 2], "/v1/release", WORKER, outputs[n], SPEC_CASE,
                                                "father"), range(4)))  # fmt: skip
    assert [r.status_code for r in released] == [200] * 4, [r.text for r in released]
    again = _doc(a, "/v1/release", WORKER, outputs[1], SPEC_CASE, "father")  # its approval was used on B
    assert again.status_code == 409 and "used by an earlier release" in again.text
    verdicts = [inst.get("/v1/audit/verify", AUDITOR).json() for inst in pair.both()]
    assert [v["intact"] for v in verdicts] == [True, True] and verdicts[0]["count"] == verdicts[1]["count"]
    actions = Counter(str(e["action"]) for e in _entries(b))
    assert actions == {"case-register": 2, "redact": 4, "check": 4, "release": 8, "approve": 4, "hold": 1}
    assert verdicts[0]["count"] == sum(actions.values())
    for body in outputs:
        path = pair.root / "out.txt"
        path.write_bytes(body)
        assert gate.verify_receipt(path, "CS-2024-0317", "father").valid  # the receipt is in the shared store


def test_an_instance_killed_mid_load_loses_nothing_answered_released(pair: Pair) -> None:
    a, b = pair.both()
    _register(a, PLAIN_CASE)
    letters = [LETTER.format(n=f"K-{n}").encode() for n in range(24)]

    def send(n: int) -> tuple[int, httpx.Response | None]:
        try:
            return n, _doc(pair.both()[n % 2], "/v1/release", WORKER, letters[n], PLAIN_CASE, "school")
        except httpx.HTTPError:
            return n, None  # B died under this request

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(send, n) for n in range(24)]
        futures[5].result()  # some requests are answered, others are in flight on B ...
        b.kill()  # ... when B and its workers get SIGKILL
        answers = [f.result() for f in futures]
    released = [n for n, r in answers if r is not None and r.status_code == 200]
    assert any(r is None for _, r in answers)  # the kill did land under load
    assert all(r is None or r.status_code == 200 for _, r in answers)
    assert {n for n in released if n % 2 == 0} == set(range(0, 24, 2))  # A answered every one of its own
    verdict = a.get("/v1/audit/verify", AUDITOR).json()
    assert verdict["intact"], verdict
    for n in released:  # nothing answered "released" is missing from the shared outbox
        path = pair.root / f"letter-{n}.txt"
        path.write_bytes(letters[n])
        assert gate.verify_receipt(path, "CS-P-1", "school").valid, n
    receipts = list((pair.root / "shared" / "outbox").rglob("*.receipt.json"))
    release_entries = [e for e in _entries(a) if e["action"] == "release"]
    assert len(receipts) <= len(release_entries)  # no receipt without its release entry
    signed = {json.loads(p.read_text())["signature"] for p in receipts}
    assert signed <= {e["extra"]["receipt_signature"] for e in release_entries}  # type: ignore[index]
    after = _doc(a, "/v1/release", WORKER, LETTER.format(n="after").encode(), PLAIN_CASE, "school")
    assert after.status_code == 200 and a.get("/v1/audit/verify", AUDITOR).json()["intact"]


def test_health_says_when_the_database_is_gone(pair: Pair) -> None:
    """A load balancer's check: an instance whose database cannot be used answers 503, not 200; and an
    instance that was running never writes into a schema it does not know."""
    from pgtest import sql

    _register(pair.b, PLAIN_CASE)
    letter = LETTER.format(n="x").encode()
    assert _doc(pair.b, "/v1/release", WORKER, letter, PLAIN_CASE, "school").status_code == 200
    assert httpx.get(pair.a.url + "/v1/health", timeout=10).status_code == 200
    sql(pair.env["REDACTOR_DATABASE"], "UPDATE redactor_schema SET version = 99")  # as a newer release would
    reply = httpx.get(pair.a.url + "/v1/health", timeout=30)
    assert reply.status_code == 503 and reply.json()["status"] == "unavailable"
    count = sql(pair.env["REDACTOR_DATABASE"], "SELECT count(*) FROM entries")
    again = _doc(pair.b, "/v1/release", WORKER, LETTER.format(n="y").encode(), PLAIN_CASE, "school")
    assert again.status_code == 500 and "newer than this redactor knows" in again.text
    assert sql(pair.env["REDACTOR_DATABASE"], "SELECT count(*) FROM entries") == count
