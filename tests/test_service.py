"""The HTTP service, started for real (`redactor serve` in a subprocess) and driven with httpx."""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import docx
import httpx
import pytest
from conftest import PROTECTED_VALUES, SPEC_CASE
from servers import start

pytestmark = pytest.mark.slow  # a real `redactor serve` in a subprocess

WORKER, CLERK, AUDITOR, CLERK2 = "tok-worker-1", "tok-clerk-1", "tok-auditor-1", "tok-clerk-2"
SETTINGS = f"""\
clerks: [clara, colin]
tokens:
  {WORKER}: {{user: sw.jones, role: worker}}
  {CLERK}: {{user: clara, role: clerk}}
  {CLERK2}: {{user: colin, role: clerk}}
  {AUDITOR}: {{user: audrey, role: auditor}}
limits: {{max_upload_mb: 1}}
"""
REPORT = """\
Child and Family Assessment, reference {ref}
Ms Mottram and Mia moved to Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP.
She can be reached on 07700 900461 or claire.m@example.org. Mia attends Brookside Primary School.
Her car is YX19 KLM. Contact the council at Civic Centre, 1 Council Way, Crewe, CW1 2ZZ.
"""
SECOND_CASE = """\
case_id: CS-2024-0452
flags: [domestic-abuse]
parties:
  - id: mother
    name: Aisha Rahman
    markers: [protected, refuge]
    details:
      address: ["14 Larch Close, Northwich, CW9 7TG"]
      phone: ["07700 900777"]
  - id: father
    name: Imran Rahman
    restricted_from: [mother]
"""
SECOND_REPORT = "Note {ref}: Ms Rahman lives at 14 Larch Close, Northwich, CW9 7TG, phone 07700 900777.\n"
SECOND_VALUES = ("Larch Close", "CW9 7TG", "900777")
# A client's file name can hold a victim's name: it must reach neither the log nor the audit log.
CLIENT_NAME = "Claire Mottram SK11 6QP report.txt"


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    tmp: Path  # the server's TMPDIR: upload folders live (briefly) here
    case: bytes
    second_case: bytes

    def post(self, path: str, token: str | None, document: bytes, name: str = "r.txt",
             to: str = "father", case: bytes | None = None) -> httpx.Response:  # fmt: skip
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        files = {"file": (name, document), "case": ("case.yaml", case or self.case)}
        return httpx.post(self.url + path, files=files, data={"to": to}, headers=headers, timeout=120)

    def get(self, path: str, token: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.get(self.url + path, headers=headers, timeout=60)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("service")
    (root / "settings.yaml").write_text(SETTINGS)
    (root / "tmp").mkdir()
    env = {**os.environ, "REDACTOR_HOME": str(root / "home"), "REDACTOR_CONFIG": str(root / "settings.yaml"),
           "TMPDIR": str(root / "tmp")}  # fmt: skip
    env.pop("REDACTOR_USER", None)
    log = root / "server.log"
    instance = start(env, log)
    url = instance.url
    try:
        for case in (SPEC_CASE, SECOND_CASE):  # the council's records: release decides from them
            headers = {"Authorization": f"Bearer {CLERK}"}
            registered = httpx.post(url + "/v1/cases", files={"case": ("c.yaml", case.encode())}, headers=headers)
            assert registered.status_code == 200, registered.text
        yield Server(url, log, root / "tmp", SPEC_CASE.encode(), SECOND_CASE.encode())
    finally:
        instance.stop()


def report(ref: str = "R-1") -> bytes:
    return REPORT.format(ref=ref).encode()


def assert_clean(body: bytes, values: tuple[str, ...] = PROTECTED_VALUES) -> None:
    text = body.decode("utf-8", "replace")
    leaked = [v for v in values if v.lower() in text.lower()]
    assert not leaked, f"protected values in the output: {leaked}"


def test_health_needs_no_token(server: Server) -> None:
    response = server.get("/v1/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_openapi_documents_every_endpoint(server: Server) -> None:
    assert server.get("/docs").status_code == 200
    spec = server.get("/openapi.json").json()
    assert {"/v1/check", "/v1/redact", "/v1/approve", "/v1/release", "/v1/audit/entries"} <= set(spec["paths"])
    form = spec["paths"]["/v1/redact"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert form["schema"]["required"] == ["file", "case", "to"]


@pytest.mark.parametrize(
    ("method", "path", "token", "status"),
    [
        ("POST", "/v1/check", None, 401),
        ("POST", "/v1/check", "not-a-token", 401),
        ("POST", "/v1/redact", "", 401),
        ("POST", "/v1/redact", AUDITOR, 403),
        ("POST", "/v1/check", AUDITOR, 403),
        ("POST", "/v1/release", AUDITOR, 403),
        ("POST", "/v1/approve", WORKER, 403),
        ("POST", "/v1/approve", AUDITOR, 403),
        ("GET", "/v1/audit/verify", None, 401),
        ("GET", "/v1/audit/verify", WORKER, 403),
        ("GET", "/v1/audit/entries", CLERK, 403),
    ],
)
def test_tokens_and_roles(server: Server, method: str, path: str, token: str | None, status: int) -> None:
    response = server.post(path, token, report()) if method == "POST" else server.get(path, token)
    assert response.status_code == status
    assert "error" in response.json()
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_token_in_another_scheme_is_not_accepted(server: Server) -> None:
    response = httpx.get(server.url + "/v1/audit/verify", headers={"Authorization": f"Basic {AUDITOR}"})
    assert response.status_code == 401


def test_check_answers_the_same_json_as_the_cli(server: Server, tmp_path: Path) -> None:
    from redactor import api
    from redactor import contract as output

    response = server.post("/v1/check", WORKER, report(), name=CLIENT_NAME)
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "redact" and body["domestic_abuse"] is True
    kinds = {f["kind"] for f in body["findings"] if f["decision"] == "redact"}
    assert {"ADDRESS", "PHONE", "EMAIL", "SCHOOL", "VEHICLE_REG"} <= kinds
    (tmp_path / "r.txt").write_bytes(report())
    (tmp_path / "case.yaml").write_bytes(server.case)
    local = json.loads(output.check_json(api.check_file(tmp_path / "r.txt", tmp_path / "case.yaml", "father")))
    assert {k: v for k, v in body.items() if k != "seconds"} == {k: v for k, v in local.items() if k != "seconds"}


def test_redact_returns_a_verified_text_file(server: Server) -> None:
    response = server.post("/v1/redact", WORKER, report(), name=CLIENT_NAME)
    assert response.status_code == 200, response.text
    assert response.headers["x-redactor-verified"] == "clean"
    assert response.headers["x-redactor-output-sha256"] == hashlib.sha256(response.content).hexdigest()
    assert int(response.headers["x-redactor-removed"]) >= 5
    assert response.headers["content-type"].startswith("text/plain")
    assert "Mottram" not in response.headers["content-disposition"]
    assert_clean(response.content)
    assert b"Civic Centre, 1 Council Way, Crewe, CW1 2ZZ" in response.content  # allowed: kept


def _docx_report() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Assessment: 41 Wharf Street, SK11 6QP"
    document.sections[0].header.paragraphs[0].text = "Family at 41 Wharf Street, Macclesfield, SK11 6QP"
    for line in REPORT.format(ref="D-1").splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_redact_returns_a_verified_docx(server: Server) -> None:
    response = server.post("/v1/redact", WORKER, _docx_report(), name="report.docx")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        for name in package.namelist():
            assert_clean(package.read(name))
        assert b"Civic Centre" in package.read("word/document.xml")


def test_redact_returns_a_verified_pdf(server: Server, tmp_path: Path) -> None:
    from pdfbuild import new_pdf, pdfminer_text, raw_text, save

    source = tmp_path / "in.pdf"
    doc = new_pdf(tuple(REPORT.format(ref="P-1").splitlines()))
    doc.set_metadata({"title": "41 Wharf Street"})
    save(doc, source)
    response = server.post("/v1/redact", WORKER, source.read_bytes(), name="report.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    out = tmp_path / "out.pdf"
    out.write_bytes(response.content)
    assert_clean(pdfminer_text(out).encode())
    assert_clean(raw_text(out).encode())
    assert "Civic Centre" in pdfminer_text(out)


@pytest.mark.parametrize(
    ("document", "name", "to", "status", "says"),
    [
        (b"plain words", "r.exe", "father", 422, "unsupported file type"),
        (b"not really a pdf", "r.pdf", "father", 422, "not a PDF"),
        (REPORT.encode(), "r.txt", "nobody", 422, "is not a party"),
        (REPORT.encode(), "r.txt", "", 400, "'to'"),
    ],
)
def test_bad_input_is_refused_with_a_reason(server: Server, document: bytes, name: str, to: str,
                                            status: int, says: str) -> None:  # fmt: skip
    response = server.post("/v1/redact", WORKER, document, name=name, to=to)
    assert response.status_code == status
    assert says in response.json()["error"]
    assert str(server.tmp) not in response.json()["error"]


def test_a_body_that_is_not_multipart_is_400(server: Server) -> None:
    response = httpx.post(server.url + "/v1/check", content=b"{}", headers={
        "Authorization": f"Bearer {WORKER}", "Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 400


def test_release_is_held_until_a_clerk_approves_over_http(server: Server) -> None:
    redacted = server.post("/v1/redact", WORKER, report("G-1"))
    assert redacted.status_code == 200
    held = server.post("/v1/release", WORKER, redacted.content)
    assert held.status_code == 409
    assert held.json()["decision"] == "held"
    assert any("approval of a clerk" in reason for reason in held.json()["reasons"])
    assert server.post("/v1/approve", WORKER, redacted.content).status_code == 403  # not a clerk's token
    approved = server.post("/v1/approve", CLERK, redacted.content)
    assert approved.status_code == 200 and approved.json()["recorded"] is True
    released = server.post("/v1/release", WORKER, redacted.content)
    assert released.status_code == 200, released.text
    receipt = released.json()["receipt"]
    assert receipt["file_sha256"] == hashlib.sha256(redacted.content).hexdigest()
    assert receipt["approved_by"] == ["clara"] and receipt["released_by"] == "sw.jones"
    assert receipt["signature"]


def test_a_clerk_cannot_approve_what_she_redacted(server: Server) -> None:
    redacted = server.post("/v1/redact", CLERK2, report("G-2"))
    refused = server.post("/v1/approve", CLERK2, redacted.content)
    assert refused.status_code == 403
    assert "redacted this file" in refused.json()["error"]


def test_an_unredacted_file_is_held_even_when_approved(server: Server) -> None:
    assert server.post("/v1/approve", CLERK, report("G-3")).status_code == 200
    held = server.post("/v1/release", WORKER, report("G-3"))
    assert held.status_code == 409
    assert any("still carries" in reason for reason in held.json()["reasons"])


def _chunks(total: int) -> Iterator[bytes]:
    yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    for _ in range(total // 65536):
        yield b"a" * 65536


def test_an_oversized_upload_is_413_and_the_server_stays_healthy(server: Server) -> None:
    big = b"Report. " * (3 * 2**20 // 8)  # 3 MB, the limit is 1 MB
    declared = server.post("/v1/redact", WORKER, big)
    assert declared.status_code == 413
    streamed = httpx.post(server.url + "/v1/redact", content=_chunks(3 * 2**20), timeout=60, headers={
        "Authorization": f"Bearer {WORKER}", "Content-Type": "multipart/form-data; boundary=xyz"})  # fmt: skip
    assert streamed.status_code == 413  # no Content-Length: stopped while reading
    assert server.get("/v1/health").status_code == 200
    assert list(server.tmp.glob("redactor-upload-*")) == []  # no upload left behind


def test_eight_concurrent_redactions_come_back_clean_and_unmixed(server: Server) -> None:
    def one(i: int) -> tuple[int, httpx.Response]:
        if i % 2:
            return i, server.post("/v1/redact", WORKER, SECOND_REPORT.format(ref=f"C-{i}").encode(),
                                  case=server.second_case)  # fmt: skip
        return i, server.post("/v1/redact", WORKER, report(f"C-{i}"))

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(8)))
    for i, response in results:
        assert response.status_code == 200, response.text
        assert f"C-{i}".encode() in response.content  # each caller got its own document back
        assert_clean(response.content, SECOND_VALUES if i % 2 else PROTECTED_VALUES)
        assert response.headers["x-redactor-output-sha256"] == hashlib.sha256(response.content).hexdigest()


def test_auditors_read_the_audit_log(server: Server) -> None:
    server.post("/v1/redact", WORKER, report("A-1"), name=CLIENT_NAME)
    verified = server.get("/v1/audit/verify", AUDITOR)
    assert verified.status_code == 200 and verified.json()["intact"] is True
    entries = server.get("/v1/audit/entries?action=redact&limit=1000", AUDITOR)
    assert entries.status_code == 200
    found = entries.json()["entries"]
    assert found and {e["action"] for e in found} == {"redact"}
    assert {e["user"] for e in found} >= {"sw.jones"}
    assert_clean(entries.content, (*PROTECTED_VALUES, "Mottram"))
    assert server.get("/v1/audit/entries?limit=0", AUDITOR).status_code == 422


def test_the_server_log_holds_no_protected_value(server: Server) -> None:
    server.post("/v1/redact", WORKER, report("L-1"), name=CLIENT_NAME)
    server.post("/v1/check", WORKER, report("L-2"), name=CLIENT_NAME, to="Claire Mottram")
    server.get("/v1/audit/entries?case_id=41%20Wharf%20Street", AUDITOR)
    server.get("/v1/Ropewalk-House-SK11-6QP")
    httpx.post(server.url + "/v1/check", content=b"--xyz\r\n07700 900461 Wharf Street\r\n", headers={
        "Authorization": f"Bearer {WORKER}", "Content-Type": "multipart/form-data; boundary=xyz"})  # fmt: skip
    time.sleep(0.3)  # the log lines are written after the responses
    log = server.log.read_text("utf-8")
    assert "POST /v1/redact 200" in log and "GET (other path) 404" in log
    assert_clean(log.encode(), (*PROTECTED_VALUES, "Mottram", "Ropewalk", "report.txt"))
