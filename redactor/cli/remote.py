"""The CLI as a client of the service: REDACTOR_SERVER (base URL) and REDACTOR_TOKEN set.

Then check, redact, approve, release, queue and case go over HTTP and act as the
token's user; --user is ignored (the service alone knows who holds a token). Files
are read here without following links, as everywhere. HTTP statuses become this
package's errors (and so its exit codes) in `_raise_for`.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor.errors import BadInput, InternalError, Refused, UnsafeOutput

TIMEOUT = 600.0


def active() -> bool:
    return bool(os.environ.get("REDACTOR_SERVER") and os.environ.get("REDACTOR_TOKEN"))


def warn_user_ignored(user: str | None) -> None:
    if user:
        print("redactor: note: --user is ignored with REDACTOR_SERVER: the service acts as the token's user",
              file=sys.stderr)  # fmt: skip


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            raise InternalError(f"the service answered {self.status} with a body that is not JSON") from None


def _multipart(files: dict[str, Path], texts: dict[str, str]) -> tuple[bytes, str]:
    from redactor.inputs import read_input

    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, path in files.items():
        # Only the extension is sent: the service never needs the file's own name.
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="upload{path.suffix.lower()}"'
        parts += [head.encode() + b"\r\nContent-Type: application/octet-stream\r\n\r\n",
                  read_input(path, "case file" if name == "case" else "document"), b"\r\n"]  # fmt: skip
    for name, value in texts.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _raise_for(reply: Reply, refusals: tuple[int, ...] = ()) -> None:
    """Map an HTTP failure to this package's errors (exit codes in `redactor.errors`)."""
    if reply.status < 400 or reply.status in refusals:
        return
    try:
        reason = str(json.loads(reply.body).get("error", ""))
    except (ValueError, AttributeError):
        reason = ""
    reason = " ".join(reason.split())[:300] or f"HTTP {reply.status}"
    if reply.status in (401, 403):
        raise Refused(f"the service refused: {reason}")
    if reply.status == 409:
        raise UnsafeOutput(f"the service: {reason}")
    if reply.status < 500:
        raise BadInput(f"the service: {reason}")
    raise InternalError(f"the service failed: {reason}")


def _lower(headers: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


class Client:
    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base.rstrip("/"), token

    def _send(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Reply:
        headers = {"Authorization": f"Bearer {self.token}"}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - the configured URL
                return Reply(response.status, response.read(), _lower(response.headers))
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read(), _lower(exc.headers))
        except (urllib.error.URLError, OSError) as exc:
            raise InternalError(f"the service at REDACTOR_SERVER cannot be reached ({type(exc).__name__})") from None

    def form(self, path: str, files: dict[str, Path], texts: dict[str, str] | None = None) -> Reply:
        body, content_type = _multipart(files, texts or {})
        return self._send("POST", path, body, content_type)

    def document(self, action: str, file: Path, case: Path, to: str, refusals: tuple[int, ...] = ()) -> Any:
        reply = self.form(f"/v1/{action}", {"file": file, "case": case}, {"to": to})
        _raise_for(reply, refusals)
        return reply.json()

    def redact(self, file: Path, case: Path, to: str, out: Path) -> Reply:
        reply = self.form("/v1/redact", {"file": file, "case": case}, {"to": to})
        _raise_for(reply)
        if reply.headers.get("x-redactor-verified") != "clean":
            raise UnsafeOutput("the service did not say the output was verified clean; nothing written")
        tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.tmp")
        tmp.write_bytes(reply.body)
        os.replace(tmp, out)
        return reply

    def register(self, case: Path) -> dict[str, Any]:
        reply = self.form("/v1/cases", {"case": case})
        _raise_for(reply, (403,))
        body: dict[str, Any] = reply.json()
        return body

    def show_case(self, case_id: str) -> dict[str, Any]:
        reply = self._send("GET", f"/v1/cases/{urllib.parse.quote(case_id, safe='')}")
        _raise_for(reply)
        body: dict[str, Any] = reply.json()
        return body

    def queue(self, include_all: bool) -> list[dict[str, Any]]:
        reply = self._send("GET", "/v1/queue" + ("?all=true" if include_all else ""))
        _raise_for(reply)
        return list(reply.json()["held"])


def client() -> Client:
    return Client(os.environ["REDACTOR_SERVER"], os.environ["REDACTOR_TOKEN"])


def check_text(body: dict[str, Any]) -> str:
    """The service's check object for people (as `check` prints it locally, in short)."""
    lines = [f"case {body.get('case_id')}, reader {body.get('reader')} (checked by the service)"]
    if body.get("domestic_abuse"):
        lines.append("domestic-abuse document: " + "; ".join(body.get("domestic_abuse_reasons", [])))
    for f in body.get("findings", []):
        lines.append(f"  {str(f.get('decision')).upper():<6} {f.get('kind'):<13} {f.get('location')}")
    lines += [f"  PROBLEM {p.get('place')}: {p.get('message')}" for p in body.get("problems", [])]
    lines.append(f"verdict: {body.get('decision')}")
    return "\n".join(lines)


def release_text(body: dict[str, Any]) -> str:
    head = f"{body.get('decision')}: file {str(body.get('file_sha256'))[:12]}, case {body.get('case_id')}, "
    lines = [head + f"reader {body.get('reader')}", *(f"  - {r}" for r in body.get("reasons", []))]
    return "\n".join(lines)
