"""Identity is proved: the CLI as a client of a real `redactor serve` acts as the token's user;
user names are validated; embedded approvals record the OS login; the service answers 413 to
any client and drops a body sent too slowly (issue 12)."""

from __future__ import annotations

import getpass
import json
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cli_helpers import run
from conftest import SPEC_CASE
from servers import start

pytestmark = pytest.mark.slow  # a real `redactor serve` and the CLI in subprocesses

WORKER, CLERK = "tok-id-worker", "tok-id-clerk"
SETTINGS = f"""\
clerks: [clara]
tokens:
  {WORKER}: {{user: sw.jones, role: worker}}
  {CLERK}: {{user: clara, role: clerk}}
limits: {{max_upload_mb: 1, min_upload_bytes_per_second: 1000, upload_grace_seconds: 1}}
"""
REPORT = "Ms Mottram moved to Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP.\n"
WEAK = "case_id: CS-2024-0317\nparties:\n  - id: mother\n    name: C\n  - id: father\n    name: G\n"


@dataclass(frozen=True)
class Service:
    url: str
    home: Path
    root: Path

    def client_env(self, token: str) -> dict[str, str]:
        # The client has its own, empty state folder: everything must happen in the service's.
        return {"REDACTOR_SERVER": self.url, "REDACTOR_TOKEN": token, "REDACTOR_HOME": str(self.root / "client"),
                "REDACTOR_CONFIG": "", "REDACTOR_USER": "clara"}  # fmt: skip


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("identity")
    (root / "settings.yaml").write_text(SETTINGS)
    env = {**os.environ, "REDACTOR_HOME": str(root / "home"), "REDACTOR_CONFIG": str(root / "settings.yaml")}
    env.pop("REDACTOR_USER", None)
    log = root / "server.log"
    instance = start(env, log)
    url = instance.url
    try:
        yield Service(url, root / "home", root)
    finally:
        instance.stop()


def entries(service: Service) -> list[dict[str, object]]:
    import sqlite3

    conn = sqlite3.connect(service.home / "audit.sqlite")
    try:
        rows = conn.execute("SELECT action, user, decision, extra FROM entries ORDER BY id").fetchall()
    finally:
        conn.close()
    return [{"action": a, "user": u, "decision": d, "extra": json.loads(e)} for a, u, d, e in rows]


def test_the_cli_as_a_client_acts_as_the_token_user(service: Service, tmp_path: Path) -> None:
    case, report = tmp_path / "case.yaml", tmp_path / "report.txt"
    case.write_text(SPEC_CASE)
    report.write_text(REPORT)
    worker, clerk = service.client_env(WORKER), service.client_env(CLERK)
    registered = run("case", "register", case, "--user", "clara", env=worker)
    assert registered.returncode == 0, registered.stderr
    checked = run("check", report, "--case", case, "--to", "father", "--format", "json", env=worker)
    assert checked.returncode == 1 and json.loads(checked.stdout)["domestic_abuse"] is True
    out = tmp_path / "out.txt"
    redacted = run("redact", report, "--case", case, "--to", "father", "--out", out, env=worker)
    assert redacted.returncode == 0, redacted.stderr
    assert "Wharf" not in out.read_text() and "[address withheld]" in out.read_text()
    held = run("release", out, "--case", case, "--to", "father", env=worker)
    assert held.returncode == 1 and held.stdout.startswith("held")
    # A worker's token cannot approve, whatever --user says.
    forged = run("approve", out, "--case", case, "--to", "father", "--user", "clara", env=worker)
    assert forged.returncode == 1 and "refused" in forged.stderr
    queued = run("queue", env=clerk)
    assert queued.returncode == 0 and "CS-2024-0317" in queued.stdout
    approved = run("approve", out, "--case", case, "--to", "father", "--user", "sw.jones", env=clerk)
    assert approved.returncode == 0 and "clerk clara" in approved.stdout
    released = run("release", out, "--case", case, "--to", "father", "--format", "json", env=worker)
    assert released.returncode == 0, released.stdout
    receipt = json.loads(released.stdout)["receipt"]
    assert receipt["approved_by"] == ["clara"] and receipt["released_by"] == "sw.jones"
    logged = entries(service)
    approvals = [e for e in logged if e["action"] == "approve"]
    assert [(e["user"], e["extra"]["identity"]) for e in approvals] == [("clara", "token")]  # type: ignore[index]
    assert {e["user"] for e in logged if e["action"] in ("check", "redact", "release", "hold")} == {"sw.jones"}
    assert not (service.root / "client" / "audit.sqlite").exists()  # nothing was decided on the client


def test_a_weaker_case_over_the_client_is_still_held(service: Service, tmp_path: Path) -> None:
    case, weak, report = tmp_path / "case.yaml", tmp_path / "weak.yaml", tmp_path / "plain.txt"
    case.write_text(SPEC_CASE)
    weak.write_text(WEAK)
    report.write_text(REPORT)
    assert run("case", "register", case, env=service.client_env(CLERK)).returncode == 0
    held = run("release", report, "--case", weak, "--to", "father", env=service.client_env(WORKER))
    assert held.returncode == 1 and "held" in held.stdout
    lowered = run("case", "register", weak, env=service.client_env(WORKER))
    assert lowered.returncode == 1 and "needs a clerk" in lowered.stderr
    shown = run("case", "show", "CS-2024-0317", env=service.client_env(WORKER))
    assert shown.returncode == 0 and "Wharf" not in shown.stdout
    assert "Wharf" in run("case", "show", "CS-2024-0317", env=service.client_env(CLERK)).stdout


def test_over_http_an_unregistered_case_is_held_and_a_misspelt_marker_is_422(service: Service) -> None:
    headers = {"Authorization": f"Bearer {WORKER}"}
    other = SPEC_CASE.replace("CS-2024-0317", "CS-2099-0001")
    files = {"file": ("a.txt", b"Attendance was good.\n"), "case": ("c.yaml", other.encode())}
    held = httpx.post(service.url + "/v1/release", files=files, data={"to": "school"}, headers=headers, timeout=60)
    assert held.status_code == 409 and "case not registered" in held.text
    misspelt = SPEC_CASE.replace("markers: [protected, confidential-address]", "markers: [protcted]")
    refused = httpx.post(service.url + "/v1/cases", files={"case": ("c.yaml", misspelt.encode())}, headers=headers)
    assert refused.status_code == 422 and "markers[0]" in refused.text


def test_an_unknown_token_is_refused(service: Service, tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(REPORT)
    (tmp_path / "c.yaml").write_text(SPEC_CASE)
    result = run("check", tmp_path / "r.txt", "--case", tmp_path / "c.yaml", "--to", "father",
                 env=service.client_env("tok-nobody"))  # fmt: skip
    assert result.returncode != 0 and "token" in result.stderr


# --- the service answers every client ---------------------------------------------------


def multipart(size: int) -> tuple[bytes, str]:
    boundary = "b0undary"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.txt"\r\n\r\n'.encode()
    return head + b"x" * size + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_an_over_limit_upload_from_urllib_gets_413(service: Service) -> None:
    """urllib sends the whole body at once without waiting for 100 Continue."""
    body, content_type = multipart(3 * 2**20)
    headers = {"Authorization": f"Bearer {WORKER}", "Content-Type": content_type}
    request = urllib.request.Request(service.url + "/v1/check", data=body, method="POST", headers=headers)
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=60)
    assert info.value.code == 413 and "larger than 1 MB" in info.value.read().decode()
    assert httpx.get(service.url + "/v1/health").status_code == 200


def test_an_over_limit_chunked_upload_gets_413(service: Service) -> None:
    body, content_type = multipart(3 * 2**20)
    chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))
    response = httpx.post(service.url + "/v1/check", content=chunks, timeout=60,
                          headers={"Authorization": f"Bearer {WORKER}", "Content-Type": content_type})  # fmt: skip
    assert response.status_code == 413


def test_a_body_sent_slower_than_the_floor_is_dropped(service: Service) -> None:
    host, port = service.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"POST /v1/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {WORKER}\r\n"
                     "Content-Type: multipart/form-data; boundary=b\r\n"
                     "Content-Length: 100000\r\n\r\n--b\r\n"
                     'Content-Disposition: form-data; name="file"; filename="r.txt"\r\n\r\n'.encode())  # fmt: skip
        started, answer = time.monotonic(), b""
        sock.settimeout(0.5)
        while time.monotonic() - started < 20:
            try:
                sock.sendall(b"x" * 10)  # 20 bytes a second, far below the floor of 1000
                data = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            answer += data
        assert time.monotonic() - started < 15
    assert answer.startswith(b"HTTP/1.1 408")


# --- user names and the embedded mode ------------------------------------------------------


@pytest.mark.parametrize("name", ["clara\n  2 fake entry", "a b", "x" * 65, "clara;rm", ""])
def test_user_names_are_validated(tmp_path: Path, name: str) -> None:
    (tmp_path / "r.txt").write_text("Attendance was good.\n")
    (tmp_path / "c.yaml").write_text(SPEC_CASE)
    result = run("check", tmp_path / "r.txt", "--case", tmp_path / "c.yaml", "--to", "school", "--user", name,
                 env={"REDACTOR_USER": name or "\n"})  # fmt: skip
    assert result.returncode == 2 and "user name" in result.stderr


def test_a_token_user_with_a_line_break_is_bad_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor.errors import BadInput
    from redactor.settings import settings

    config = tmp_path / "s.yaml"
    config.write_text('tokens:\n  t1: {user: "clara\\n  99 forged", role: clerk}\n')
    monkeypatch.setenv("REDACTOR_CONFIG", str(config))
    with pytest.raises(BadInput, match="tokens.t1.user"):
        settings()


def test_an_embedded_approval_records_the_os_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor import audit, gate

    config = tmp_path / "s.yaml"
    config.write_text("clerks: [clara]\n")
    monkeypatch.setenv("REDACTOR_CONFIG", str(config))
    (tmp_path / "r.txt").write_text("Attendance was good.\n")
    (tmp_path / "c.yaml").write_text(SPEC_CASE)
    result = gate.approve(tmp_path / "r.txt", tmp_path / "c.yaml", "school", "clara")
    entry = audit.entry(result.entry_id)
    assert entry is not None and entry.parsed("extra")["os_login"] == getpass.getuser()
    assert entry.parsed("extra")["identity"] == "claimed"


def test_help_says_what_the_embedded_gate_protects() -> None:
    said = " ".join(run("--help").stdout.split())
    assert "guards against mistakes, not against someone who owns the state folder" in said
    assert "REDACTOR_SERVER" in said
