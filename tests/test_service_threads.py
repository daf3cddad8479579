"""The service with `--workers 0`: uvicorn in a background thread, the work in threads here."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import uvicorn
from conftest import PROTECTED_VALUES, SPEC_CASE

from redactor.service.app import create_app
from redactor.service.jobs import make_jobs
from redactor.settings import Limits, Settings

pytestmark = pytest.mark.slow  # a real server in a thread, checks in forked children

TOKENS = {"w": {"user": "sw.jones", "role": "worker"}, "a": {"user": "audrey", "role": "auditor"}}
REPORT = (
    "Ms Mottram moved to Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP.\n"
    "Her phone is 07700 900461 and Mia attends Brookside Primary School. Ref {ref}.\n"
)


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    config = tmp_path / "settings.yaml"
    config.write_text("clerks: [clara]\n")
    monkeypatch.setenv("REDACTOR_CONFIG", str(config))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    app = create_app(Settings.model_validate({"tokens": TOKENS}), workers=0)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)


def redact(url: str, ref: str) -> httpx.Response:
    files = {"file": ("Mottram.txt", REPORT.format(ref=ref).encode()), "case": ("c.yaml", SPEC_CASE.encode())}
    return httpx.post(f"{url}/v1/redact", files=files, data={"to": "father"},
                      headers={"Authorization": "Bearer w"}, timeout=120)  # fmt: skip


def test_threads_serve_concurrent_redactions_clean(url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="redactor.service")
    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(lambda i: redact(url, f"T-{i}"), range(4)))
    for i, response in enumerate(responses):
        assert response.status_code == 200, response.text
        assert f"T-{i}".encode() in response.content
        assert not [v for v in PROTECTED_VALUES if v.encode() in response.content]
    assert httpx.post(f"{url}/v1/redact", headers={"Authorization": "Bearer a"}).status_code == 403
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "redactor.service")
    assert logged.count("POST /v1/redact 200") == 4
    assert "Mottram" not in logged and "Wharf" not in logged


@pytest.mark.parametrize(("workers", "kind"), [(0, "threads"), (1, "pool")])
def test_jobs_run_in_threads_or_warm_workers(workers: int, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    jobs = make_jobs(workers, Limits())
    try:
        assert (jobs.kind, jobs.size) == (kind, max(1, workers))
    finally:
        jobs.close()
    warned = [r for r in caplog.records if "without the time and memory limits" in r.getMessage()]
    assert bool(warned) == (kind == "threads")  # threads say out loud that nothing caps them
