"""Real `redactor serve` processes on 127.0.0.1 for tests: start, wait until healthy, stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Instance:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def post(self, path: str, token: str, files: dict[str, tuple[str, bytes]], to: str | None = None,
             timeout: float = 180) -> httpx.Response:  # fmt: skip
        data = {"to": to} if to else {}
        return httpx.post(self.url + path, files=files, data=data, headers={"Authorization": f"Bearer {token}"},
                          timeout=timeout)  # fmt: skip

    def get(self, path: str, token: str) -> httpx.Response:
        return httpx.get(self.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=60)

    def kill(self) -> None:
        """SIGKILL to the server and its workers at once (a machine lost mid-request)."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited: {log.read_text()}")
        try:
            if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("the server did not become healthy")


def start(env: dict[str, str], log: Path, workers: int = 1) -> Instance:
    """`redactor serve` with `env` over the test's environment, healthy before it is returned."""
    port = free_port()
    command = [sys.executable, "-m", "redactor.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    full = {**os.environ, **env}
    full.pop("REDACTOR_USER", None)
    with open(log, "wb") as sink:
        # Its own session: `kill` takes the server and its worker processes together, as a crash would.
        proc = subprocess.Popen(command, env=full, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
    except BaseException:
        proc.kill()
        raise
    return Instance(url, proc, log)
