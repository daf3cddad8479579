"""The review screen in a real headless Chromium (Playwright, Debian's /usr/bin/chromium) against a
real `redactor serve`: a worker's held report reaches a clerk's queue, its rendered pages and
findings are shown, the clerk approves it and it is released; a worker is refused the review
pages; the auditor sees the chain intact and no protected value (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pymupdf
import pytest
from conftest import PROTECTED_VALUES, SPEC_CASE
from test_service import free_port, wait_healthy

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WORKER, CLERK, AUDITOR = "tok-b-worker", "tok-b-clerk", "tok-b-auditor"
SETTINGS = f"""\
clerks: [clara]
tokens:
  {WORKER}: {{user: sw.jones, role: worker}}
  {CLERK}: {{user: clara, role: clerk}}
  {AUDITOR}: {{user: ann, role: auditor}}
"""
LINES = (
    "Child and Family Assessment: Mia Pickford",
    "Ms Mottram and Mia moved to Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP.",
    "She can be reached on 07700 900461. Contact the duty line on 0300 123 4567.",
    "Mia attends Brookside Primary School and is settled there.",
)


@dataclass(frozen=True)
class Service:
    url: str
    home: Path


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("browser")
    (root / "settings.yaml").write_text(SETTINGS)
    env = {**os.environ, "REDACTOR_HOME": str(root / "home"), "REDACTOR_CONFIG": str(root / "settings.yaml")}
    port, log = free_port(), root / "server.log"
    command = [sys.executable, "-m", "redactor.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", "1"]  # fmt: skip
    with open(log, "wb") as sink:
        proc = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield Service(url, root / "home")
    finally:
        proc.terminate()
        proc.wait(30)


def report_pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    for n, line in enumerate(LINES):
        page.insert_text((50, 100 + 18 * n), line, fontsize=10)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def post(service: Service, path: str, files: dict[str, tuple[str, bytes]], to: str = "father") -> httpx.Response:
    headers = {"Authorization": f"Bearer {WORKER}"}
    return httpx.post(service.url + path, files=files, data={"to": to}, headers=headers, timeout=120)


@pytest.fixture(scope="module")
def held(service: Service) -> bytes:
    """The worker registers the case, redacts the report and asks to release it: it is held."""
    case = ("case.yaml", SPEC_CASE.encode())
    assert post(service, "/v1/cases", {"case": case}).status_code == 200
    redacted = post(service, "/v1/redact", {"file": ("report.pdf", report_pdf()), "case": case})
    assert redacted.status_code == 200, redacted.text
    release = post(service, "/v1/release", {"file": ("report.pdf", redacted.content), "case": case})
    assert release.status_code == 409 and "approval" in release.text
    return redacted.content


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def signed_in(browser: object, service: Service, token: str):  # type: ignore[no-untyped-def]
    page = browser.new_context().new_page()  # type: ignore[attr-defined]
    page.goto(service.url + "/login")
    page.get_by_label("Your access token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def text_of(data: bytes) -> str:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return "".join(page.get_text() for page in doc)


def test_a_clerk_reviews_and_approves_a_held_report(browser: object, service: Service, held: bytes,
                                                     tmp_path: Path) -> None:  # fmt: skip
    page = signed_in(browser, service, CLERK)
    items = page.get_by_test_id("queue-item")
    assert items.count() == 1 and "CS-2024-0317" in items.first.inner_text()
    items.first.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    images = page.get_by_test_id("page")
    assert images.count() == 1
    assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    findings = page.get_by_test_id("finding")
    kinds = {findings.nth(i).get_attribute("data-kind") for i in range(findings.count())}
    assert {"ADDRESS", "PHONE"} <= kinds
    assert page.locator('[data-testid="finding"][data-decision="redact"]').count() >= 2
    assert not [v for v in PROTECTED_VALUES if v in page.content()]
    page.screenshot(path=str(tmp_path / "review-document.png"), full_page=True)
    page.get_by_test_id("approve").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("outcome").get_attribute("data-released") == "true"
    page.screenshot(path=str(tmp_path / "review-approved.png"), full_page=True)
    out = list((service.home / "outbox" / "CS-2024-0317").glob("*.pdf"))
    assert [p.read_bytes() for p in out] == [held]
    assert not [v for v in PROTECTED_VALUES if v in text_of(held)]
    assert list((service.home / "outbox" / "CS-2024-0317").glob("*.receipt.json"))


def test_a_worker_is_refused_the_review_pages(browser: object, service: Service) -> None:
    page = signed_in(browser, service, WORKER)
    reply = page.goto(service.url + "/review/")
    assert reply is not None and reply.status == 403
    assert page.get_by_test_id("queue-item").count() == 0


def test_the_auditor_sees_the_chain_intact_and_no_value(browser: object, service: Service, held: bytes,
                                                         tmp_path: Path) -> None:  # fmt: skip
    page = signed_in(browser, service, AUDITOR)
    assert page.url.endswith("/audit/")
    assert page.get_by_test_id("chain-status").get_attribute("data-intact") == "true"
    assert page.get_by_test_id("audit-entry").count() >= 3
    assert not [v for v in PROTECTED_VALUES if v in page.content()]
    page.screenshot(path=str(tmp_path / "audit.png"), full_page=True)
