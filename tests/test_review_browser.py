"""The review screen in a real headless Chromium (Playwright, Debian's /usr/bin/chromium) against a
real `redactor serve`: a worker's held report reaches a clerk's queue, its rendered pages and
findings are shown, the clerk approves it and it is released; a worker is refused the review
pages; the auditor sees the chain intact and no protected value (issue 16)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pymupdf
import pytest
from conftest import PROTECTED_VALUES, SPEC_CASE
from servers import start

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WORKER, CLERK, CLERK2, AUDITOR = "tok-b-worker", "tok-b-clerk", "tok-b-colin", "tok-b-auditor"
SETTINGS = f"""\
clerks: [clara, colin]
tokens:
  {WORKER}: {{user: sw.jones, role: worker}}
  {CLERK}: {{user: clara, role: clerk}}
  {CLERK2}: {{user: colin, role: clerk}}
  {AUDITOR}: {{user: ann, role: auditor}}
"""
KEPT = "Tuesday swimming club"  # nothing the tool removes: the clerk removes it
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
    log = root / "server.log"
    instance = start(env, log)
    url = instance.url
    try:
        yield Service(url, root / "home")
    finally:
        instance.stop()


def report_pdf(extra: str) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    for n, line in enumerate((*LINES, extra)):
        page.insert_text((50, 100 + 18 * n), line, fontsize=10)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def post(service: Service, path: str, files: dict[str, tuple[str, bytes]], to: str = "father") -> httpx.Response:
    headers = {"Authorization": f"Bearer {WORKER}"}
    return httpx.post(service.url + path, files=files, data={"to": to}, headers=headers, timeout=120)


def hold(service: Service, extra: str) -> tuple[bytes, str]:
    """The worker registers the case, redacts the report and asks to release it: it is held.
    (the redacted bytes, their SHA-256); `extra` makes each test's report its own file."""
    case = ("case.yaml", SPEC_CASE.encode())
    assert post(service, "/v1/cases", {"case": case}).status_code == 200
    redacted = post(service, "/v1/redact", {"file": ("report.pdf", report_pdf(extra)), "case": case})
    assert redacted.status_code == 200, redacted.text
    release = post(service, "/v1/release", {"file": ("report.pdf", redacted.content), "case": case})
    assert release.status_code == 409 and "approval" in release.text
    return redacted.content, hashlib.sha256(redacted.content).hexdigest()


def outbox(service: Service, sha256: str) -> list[Path]:
    return list((service.home / "outbox" / "CS-2024-0317").glob(f"{sha256[:12]}.*"))


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


def another_clerk_releases(browser: object, service: Service, new: str, old_sha256: str) -> None:
    """A second clerk approves the new version at `new`: it is released, and the old one never went out."""
    other = signed_in(browser, service, CLERK2)
    other.goto(new)
    other.get_by_test_id("approve").click()
    other.wait_for_load_state()
    assert other.get_by_test_id("outcome").get_attribute("data-released") == "true"
    assert not outbox(service, old_sha256)


def open_held(page, sha256: str) -> None:  # type: ignore[no-untyped-def]
    item = page.locator(f'[data-testid="queue-item"][data-sha256="{sha256}"]')
    assert item.count() == 1 and "CS-2024-0317" in item.inner_text()
    item.get_by_role("link").click()
    page.wait_for_load_state("networkidle")


def test_a_clerk_reviews_and_approves_a_held_report(browser: object, service: Service, tmp_path: Path) -> None:
    held, sha = hold(service, "The family were seen at home.")
    page = signed_in(browser, service, CLERK)
    open_held(page, sha)
    assert page.get_by_test_id("page").count() == 1
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
    released = outbox(service, sha)
    assert [p.read_bytes() for p in released if p.suffix == ".pdf"] == [held]
    assert any(p.name.endswith(".receipt.json") for p in released)
    assert not [v for v in PROTECTED_VALUES if v in text_of(held)]


def test_a_clerk_removes_more_and_another_clerk_approves(browser: object, service: Service, tmp_path: Path) -> None:
    held, sha = hold(service, f"She walks Mia to the {KEPT} each week.")
    assert KEPT in text_of(held)
    page = signed_in(browser, service, CLERK)
    open_held(page, sha)
    page.get_by_test_id("remove-more").get_by_label("Remove more").fill(KEPT.lower())
    page.get_by_test_id("remove-more").get_by_role("button").click()
    page.wait_for_load_state()
    assert "another clerk must approve" in page.get_by_test_id("outcome").inner_text()
    page.get_by_test_id("new-version").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(tmp_path / "review-new-version.png"), full_page=True)
    new = page.url
    page.get_by_test_id("approve").click()  # clara removed the phrase: she is an author now
    page.wait_for_load_state()
    assert page.get_by_test_id("outcome").get_attribute("data-released") == "false"
    assert "redacted this file" in page.get_by_test_id("outcome").inner_text()
    another_clerk_releases(browser, service, new, sha)
    released = [p for p in (service.home / "outbox" / "CS-2024-0317").glob("*.pdf") if p.read_bytes() != held]
    texts = [text_of(p.read_bytes()) for p in released]
    assert any("each week" in t for t in texts)
    assert not [t for t in texts if KEPT.lower() in t.lower() or [v for v in PROTECTED_VALUES if v in t]]


def test_a_refusal_releases_nothing(browser: object, service: Service) -> None:
    _, sha = hold(service, "The home visit was cancelled.")
    page = signed_in(browser, service, CLERK)
    open_held(page, sha)
    page.get_by_label("Reason for refusing").fill("the chronology is incomplete")
    page.get_by_test_id("refuse").click()
    page.wait_for_load_state()
    assert "nothing was released" in page.get_by_test_id("outcome").inner_text()
    assert not outbox(service, sha)
    page.goto(service.url + "/review/")
    assert page.locator(f'[data-testid="queue-item"][data-sha256="{sha}"]').count() == 0


def test_a_worker_is_refused_the_review_pages(browser: object, service: Service) -> None:
    page = signed_in(browser, service, WORKER)
    reply = page.goto(service.url + "/review/")
    assert reply is not None and reply.status == 403
    assert page.get_by_test_id("queue-item").count() == 0


def test_the_auditor_sees_the_chain_intact_and_no_value(browser: object, service: Service, tmp_path: Path) -> None:
    hold(service, "Contact was supervised.")
    page = signed_in(browser, service, AUDITOR)
    assert page.url.endswith("/audit/")
    assert page.get_by_test_id("chain-status").get_attribute("data-intact") == "true"
    assert page.get_by_test_id("audit-entry").count() >= 3
    assert not [v for v in PROTECTED_VALUES if v in page.content()]
    page.screenshot(path=str(tmp_path / "audit.png"), full_page=True)


RESTORED = "01632 960555"  # a phone the tool removes (da.contact) that is no detail of the case


def removal_row(page, kind: str, known: bool):  # type: ignore[no-untyped-def]
    """The row of a removed finding of `kind`: a known detail of the case, or one the detectors found."""
    rows = page.locator(f'[data-testid="finding"][data-kind="{kind}"][data-ref]')
    for i in range(rows.count()):
        if ("known" in rows.nth(i).inner_text()) == known:
            return rows.nth(i)
    raise AssertionError(f"no removed {kind} (known={known}) on the page")


def audit_json(page, service: Service) -> str:  # type: ignore[no-untyped-def]
    return str(page.request.get(service.url + "/audit/export.json").text())


def test_a_clerk_sees_behind_and_restores_a_removal_that_another_clerk_approves(
    browser: object, service: Service, tmp_path: Path
) -> None:
    held, sha = hold(service, f"The health visitor's office is on {RESTORED}.")
    assert RESTORED not in text_of(held)
    page = signed_in(browser, service, CLERK)
    open_held(page, sha)
    with page.expect_response(lambda r: r.url.endswith("/behind")) as looked:
        removal_row(page, "PHONE", known=False).get_by_test_id("see-behind").click()
    assert looked.value.headers["cache-control"] == "no-store"
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("behind").inner_text() == RESTORED
    page.screenshot(path="/tmp/wt16-see-behind.png", full_page=True)
    row = removal_row(page, "PHONE", known=False)
    row.get_by_label("Reason to restore").fill("the health visitor's office line is public")
    row.get_by_test_id("restore").click()
    page.wait_for_load_state()
    assert "another clerk must approve" in page.get_by_test_id("outcome").inner_text()
    page.get_by_test_id("new-version").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path="/tmp/wt16-restored-version.png", full_page=True)
    new = page.url
    page.get_by_test_id("approve").click()  # clara restored it: she is an author of the new version
    page.wait_for_load_state()
    assert "redacted this file" in page.get_by_test_id("outcome").inner_text()
    another_clerk_releases(browser, service, new, sha)
    texts = [text_of(p.read_bytes()) for p in (service.home / "outbox" / "CS-2024-0317").glob("*.pdf")]
    restored = [t for t in texts if RESTORED in t]
    assert len(restored) == 1 and not [v for v in PROTECTED_VALUES if v in restored[0]]
    auditor = signed_in(browser, service, AUDITOR)
    log = audit_json(auditor, service)
    assert '"review-see-behind"' in log and '"review-restore"' in log and "public" in log
    assert RESTORED not in log and "960555" not in log
    for action in ("review-see-behind", "review-restore"):
        auditor.goto(service.url + f"/audit/?action={action}")
        auditor.get_by_test_id("audit-entry").first.get_by_role("link").click()
        auditor.wait_for_load_state()
        assert '"kind": "PHONE"' in auditor.content() and "960555" not in auditor.content()
    auditor.screenshot(path="/tmp/wt16-audit-restore.png", full_page=True)


def test_a_known_detail_is_never_restored_and_nobody_else_sees_behind(browser: object, service: Service) -> None:
    _, sha = hold(service, "The family moved in the spring.")
    page = signed_in(browser, service, CLERK)
    open_held(page, sha)
    document = page.url
    row = removal_row(page, "PHONE", known=True)
    ref = row.get_attribute("data-ref")
    row.get_by_label("Reason to restore").fill("it is the office number")
    row.get_by_test_id("restore").click()
    page.wait_for_load_state()
    assert "known detail of the case" in page.get_by_role("alert").inner_text()
    assert page.get_by_test_id("new-version").count() == 0
    for token in (AUDITOR, WORKER):
        other = signed_in(browser, service, token)
        reply = other.request.post(document + "/behind", form={"ref": str(ref), "csrf": "x"})
        assert reply.status == 403 and "07700" not in reply.text()
        reply = other.request.post(document + "/restore", form={"ref": str(ref), "reason": "r", "csrf": "x"})
        assert reply.status == 403
        assert other.goto(document) is not None and "07700" not in other.content()


def test_a_held_docx_is_shown_as_a_text_view_with_every_removal_outlined(
    browser: object, service: Service, tmp_path: Path
) -> None:
    import docx
    from docxbuild import to_bytes

    document = docx.Document()
    for line in (*LINES, "The review meeting is next month."):
        document.add_paragraph(line)
    case = ("case.yaml", SPEC_CASE.encode())
    assert post(service, "/v1/cases", {"case": case}).status_code == 200
    redacted = post(service, "/v1/redact", {"file": ("report.docx", to_bytes(document)), "case": case})
    assert redacted.status_code == 200, redacted.text
    assert post(service, "/v1/release", {"file": ("report.docx", redacted.content), "case": case}).status_code == 409
    page = signed_in(browser, service, CLERK)
    open_held(page, hashlib.sha256(redacted.content).hexdigest())
    image = page.get_by_test_id("page").first.get_attribute("src")
    png = page.request.get(service.url + str(image)).body()
    pix = pymupdf.Pixmap(png)
    s, n = pix.samples, pix.n
    red = sum(1 for i in range(0, len(s), n) if s[i] > 150 and s[i + 1] < 80 and s[i + 2] < 80)
    assert red > 500  # the outlines and captions of the address, phone and school removed
    shown = page.get_by_test_id("reason-code")
    codes = {shown.nth(i).inner_text() for i in range(shown.count())}
    assert {"DA-ADDR", "DA-CONTACT"} <= codes
    page.screenshot(path="/tmp/wt16-docx-view.png", full_page=True)
    (tmp_path / "page.png").write_bytes(png)
