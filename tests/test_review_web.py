"""The review screen and the auditor's view through FastAPI's TestClient (issue 16): sign-in,
cookie flags, roles, CSRF, the queue, a held document's pages and findings, approve, refuse."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from redactor import audit, gate
from redactor.commands import InProcess, run_release
from redactor.service.jobs import Jobs
from redactor.service.web import session as sessions
from redactor.testing import FAKE_CASE, KNOWN_ADDRESS, KNOWN_PHONE, REDACTED, fake_check, sha256, write

CLERK, CLERK2, WORKER, AUDITOR = "tok-clerk-clara", "tok-clerk-sam", "tok-worker", "tok-auditor"
SETTINGS = f"""\
clerks: [clara, sam]
tokens:
  {CLERK}: {{user: clara, role: clerk}}
  {CLERK2}: {{user: sam, role: clerk}}
  {WORKER}: {{user: sw.jones, role: worker}}
  {AUDITOR}: {{user: ann, role: auditor}}
"""


@pytest.fixture()
def home(gate_home: Callable[[str], Path]) -> Path:
    return gate_home(SETTINGS)  # the screen's runner checks by `fake_check` too


@pytest.fixture()
def held(tmp_path: Path, home: Path) -> gate.Held:
    """A report redacted by sam, held on sw.jones's release request for the father."""
    from redactor.caserecord import register

    case = write(tmp_path, "case.yaml", FAKE_CASE)
    assert register(FAKE_CASE.encode(), "case.yaml", "clara").recorded
    original = write(tmp_path, "report.txt", f"Mother now lives in a refuge at {KNOWN_ADDRESS}, phone {KNOWN_PHONE}.\n")
    out = write(tmp_path, "out.txt", REDACTED)
    audit.record("redact", "sam", decision="written", reason="2 details removed", case_id="CS-1", reader="father",
                 input_sha256=sha256(original), output_sha256=sha256(out),
                 findings=fake_check(original, case, "father").plan.findings)  # fmt: skip
    assert run_release(out, case, "father", "sw.jones").decision == "held"
    return gate.queue()[0]


@pytest.fixture()
def client(home: Path) -> TestClient:
    from redactor.service.app import create_app
    from redactor.settings import settings

    app = create_app(settings())
    app.state.jobs = Jobs(InProcess(), 1, "threads")
    return TestClient(app, follow_redirects=False)


def sign_in(client: TestClient, token: str) -> str:
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None and 'name="token"' in page.text
    reply = client.post("/login", data={"token": token, "csrf": csrf.group(1)})
    assert reply.status_code == 303, reply.text
    return str(reply.headers["set-cookie"])


def csrf_of(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def test_sign_in_sets_an_httponly_strict_expiring_cookie(client: TestClient) -> None:
    cookie = sign_in(client, CLERK).lower()
    assert sessions.COOKIE in cookie
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=28800" in cookie


def test_sign_in_without_its_csrf_value_is_refused(client: TestClient) -> None:
    client.get("/login")
    reply = client.post("/login", data={"token": CLERK, "csrf": "forged"})
    assert reply.status_code == 403 and sessions.COOKIE not in reply.headers.get("set-cookie", "")


def test_an_unknown_token_signs_nobody_in(client: TestClient) -> None:
    csrf = csrf_of(client, "/login")
    reply = client.post("/login", data={"token": "nope", "csrf": csrf})
    assert reply.status_code == 401 and "not known" in reply.text


@pytest.mark.parametrize(("token", "path"), [(WORKER, "/review/"), (AUDITOR, "/review/"),
                                             (WORKER, "/audit/"), (CLERK, "/audit/")])  # fmt: skip
def test_other_roles_get_403(client: TestClient, token: str, path: str) -> None:
    sign_in(client, token)
    assert client.get(path).status_code == 403


def test_without_a_session_the_pages_send_to_sign_in(client: TestClient) -> None:
    for path in ("/review/", "/audit/", "/review/1"):
        reply = client.get(path)
        assert reply.status_code == 303 and reply.headers["location"] == "/login"


def test_an_altered_or_expired_cookie_is_no_session() -> None:
    from redactor.settings import Token

    made = sessions.sign_in("t", {"t": Token(user="clara", role="clerk")})
    assert sessions.session_of(made.cookie) == made
    assert sessions.session_of(made.cookie.replace("|clerk|", "|auditor|")) is None
    assert sessions.session_of(made.cookie, now=time.time() + sessions.LIFETIME + 1) is None


def test_the_queue_lists_the_held_document_newest_first_and_filters_by_case(
    client: TestClient, held: gate.Held
) -> None:
    sign_in(client, CLERK)
    page = client.get("/review/").text
    assert page.count('data-testid="queue-item"') == 1 and "CS-1" in page and "sw.jones" in page
    assert 'data-testid="queue-item"' not in client.get("/review/?case=CS-OTHER").text


def test_the_document_page_shows_pages_and_findings_without_values(client: TestClient, held: gate.Held) -> None:
    sign_in(client, CLERK)
    page = client.get(f"/review/{held.entry_id}").text
    assert 'data-testid="page"' in page and 'data-testid="approve"' in page and 'data-testid="refuse"' in page
    assert re.search(r'data-testid="finding" data-kind="ADDRESS" data-decision="redact"', page)
    assert KNOWN_PHONE not in page and "Wharf" not in page
    image = client.get(f"/review/{held.entry_id}/page/1.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert client.get(f"/review/{held.entry_id}/page/9.png").status_code == 404


@pytest.mark.parametrize("action", ["approve", "refuse", "remove-more", "behind", "restore"])
@pytest.mark.parametrize("csrf", ["", "forged"])
def test_a_post_without_the_csrf_token_is_refused_and_nothing_is_done(
    client: TestClient, held: gate.Held, action: str, csrf: str
) -> None:
    sign_in(client, CLERK)
    before = len(audit.entries())
    reply = client.post(f"/review/{held.entry_id}/{action}", data={"csrf": csrf, "reason": "r", "text": "club"})
    assert reply.status_code == 403 and "CSRF" in reply.text
    assert len(audit.entries()) == before


def test_a_csrf_token_of_another_session_is_refused(client: TestClient, held: gate.Held) -> None:
    sign_in(client, CLERK2)
    stolen = csrf_of(client, "/review/")
    sign_in(client, CLERK)
    assert client.post(f"/review/{held.entry_id}/approve", data={"csrf": stolen}).status_code == 403


def test_remove_more_puts_the_phrase_on_every_protected_party_only(tmp_path: Path) -> None:
    import yaml

    from redactor.gate.additions import widened_case

    case = write(tmp_path, "case.yaml", FAKE_CASE)
    widened = yaml.safe_load(widened_case(case, "father", "Tuesday club"))
    details = {p["id"]: p.get("details", {}).get("workplace", []) for p in widened["parties"]}
    assert details == {"mother": ["Tuesday club"], "father": [], "school": []}


def test_approve_releases_the_held_document_for_its_sender(client: TestClient, held: gate.Held, home: Path) -> None:
    sign_in(client, CLERK)
    reply = client.post(f"/review/{held.entry_id}/approve", data={"csrf": csrf_of(client, "/review/")})
    assert reply.status_code == 200 and 'data-released="true"' in reply.text
    released = audit.entries(action="release")
    assert released[-1].user == "sw.jones" and released[-1].parsed("extra")["approved_by"] == ["clara"]
    assert (home / "outbox" / "CS-1" / f"{held.file_sha256[:12]}.txt").read_text() == REDACTED
    assert gate.queue() == []


def test_the_clerk_who_redacted_it_cannot_approve(client: TestClient, held: gate.Held) -> None:
    sign_in(client, CLERK2)  # sam redacted it
    reply = client.post(f"/review/{held.entry_id}/approve", data={"csrf": csrf_of(client, "/review/")})
    assert reply.status_code == 409 and "redacted this file" in reply.text
    assert not audit.entries(action="release")


def test_refuse_records_the_reason_and_releases_nothing(client: TestClient, held: gate.Held) -> None:
    sign_in(client, CLERK)
    csrf = csrf_of(client, "/review/")
    quoting = client.post(f"/review/{held.entry_id}/refuse", data={"csrf": csrf, "reason": f"remove {KNOWN_PHONE}"})
    assert quoting.status_code == 422 and not audit.entries(action="review-refuse")
    reply = client.post(f"/review/{held.entry_id}/refuse", data={"csrf": csrf, "reason": "the school is named"})
    assert reply.status_code == 200 and "nothing was released" in reply.text
    refused = audit.entries(action="review-refuse")
    assert [(e.user, e.reason) for e in refused] == [("clara", "the school is named")]
    assert not audit.entries(action="release") and gate.queue() == []


def test_the_audit_page_shows_the_chain_and_every_entry_without_values(client: TestClient, held: gate.Held) -> None:
    sign_in(client, AUDITOR)
    page = client.get("/audit/").text
    assert 'data-testid="chain-status" data-intact="true"' in page
    assert page.count('data-testid="audit-entry"') == len(audit.entries())
    assert KNOWN_PHONE not in page and "Wharf" not in page and "SK11" not in page


def test_a_watched_document_released_from_the_review_screen_reaches_released(outbox: Path) -> None:
    """Approving on the review screen releases at once (approve, then release for the sender):
    the watcher then moves its held copy into released/ with a receipt."""
    from redactor.watch import HELD, RELEASED, Watcher

    (outbox / "a.txt").write_text(f"Ms Mottram moved to Flat 2, Ropewalk House, {KNOWN_ADDRESS}.\n")
    (outbox / "a.txt.json").write_text(json.dumps({"case": "da.yaml", "to": "father", "user": "sw.jones"}))
    watcher = Watcher(outbox, outbox.parent / "cases", InProcess())
    summary = watcher.run_once()
    assert (summary.released, summary.held) == (0, 1)
    held = gate.queue()[0]
    assert gate.held_bytes(held.file_sha256)[0] == (outbox / HELD / "a.txt").read_bytes()
    from redactor.service.web.review import held_files

    with held_files(held) as (document, case):
        assert gate.approve(document, case, "father", "clara", True).recorded
        assert str(run_release(document, case, "father", "sw.jones").decision) == "released"
    watcher.run_once()
    assert (outbox / RELEASED / "a.txt.receipt.json").exists()
    assert not (outbox / HELD / "a.txt").exists()


def test_the_auditor_filters_the_log_opens_an_entry_and_exports_it(client: TestClient, held: gate.Held) -> None:
    sign_in(client, AUDITOR)
    holds = client.get("/audit/?action=hold&case=CS-1").text
    assert holds.count('data-testid="audit-entry"') == 1 and 'data-action="hold"' in holds
    assert client.get("/audit/?user=nobody").text.count('data-testid="audit-entry"') == 0
    assert client.get("/audit/?date=1999-01-01").text.count('data-testid="audit-entry"') == 0
    entry = client.get(f"/audit/{held.entry_id}").text
    assert "hold by sw.jones" in entry and held.file_sha256 in entry
    exported = client.get("/audit/export.csv?action=redact")
    lines = exported.text.strip().splitlines()
    assert exported.headers["content-type"].startswith("text/csv") and lines[0].startswith("id,time,user,action")
    assert len(lines) == 2 and ",redact," in lines[1]
    data = client.get("/audit/export.json").json()
    assert len(data["entries"]) == len(audit.entries())
    for text in (holds, entry, exported.text, json.dumps(data)):
        assert KNOWN_PHONE not in text and "Wharf" not in text and "SK11" not in text


def test_the_audit_export_is_for_auditors_only(client: TestClient, held: gate.Held) -> None:
    sign_in(client, CLERK)
    assert client.get("/audit/export.csv").status_code == 403
    assert client.get(f"/audit/{held.entry_id}").status_code == 403


def test_the_pages_cannot_be_framed_or_cached(client: TestClient) -> None:
    headers = client.get("/login").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"


# See behind and restore (issue 16): the library decides (gate/behind.py, gate/restores.py).
OFFICE = "01632 960555"  # a phone the detectors found, no detail of the case


def _ref(page: str, kind: str) -> str:
    found = re.search(rf'data-kind="{kind}" data-decision="redact" data-ref="([0-9]+-[0-9]+)"', page)
    assert found is not None, page
    return found.group(1)


def _whole_log() -> str:
    return json.dumps([e.as_dict() for e in audit.entries()])


@pytest.fixture()
def held_office(tmp_path: Path, home: Path) -> gate.Held:
    """A report whose office phone the detectors removed (da.contact), its original kept, held for the father."""
    from redactor.caserecord import register
    from redactor.gate.originals import keep_original
    from redactor.types import Decision, Finding

    case = write(tmp_path, "case.yaml", FAKE_CASE)
    assert register(FAKE_CASE.encode(), "case.yaml", "clara").recorded
    text = f"Mother now lives in a refuge. The office is on {OFFICE}.\n"
    original = write(tmp_path, "report.txt", text)
    out = write(tmp_path, "out.txt", "Mother now lives in a refuge. The office is on [phone withheld].\n")
    start = text.index(OFFICE)
    found = Finding("PHONE", OFFICE, 0, start, start + len(OFFICE), "pattern", "uk-phone/national", 0.9, "a phone",
                    location="text, line 1", decision=Decision.REDACT, reason="da.contact: phone in a DA document")
    audit.record("redact", "sam", decision="written", reason="1 span removed", case_id="CS-1", reader="father",
                 input_sha256=sha256(original), output_sha256=sha256(out), findings=(found,))  # fmt: skip
    keep_original(original, sha256(original))
    from redactor.commands import run_release

    assert run_release(out, case, "father", "sw.jones").decision == "held"
    return gate.queue()[0]


def test_see_behind_shows_a_clerk_the_original_and_logs_who_looked_without_it(
    client: TestClient, held_office: gate.Held
) -> None:
    sign_in(client, CLERK)
    page = client.get(f"/review/{held_office.entry_id}").text
    assert OFFICE not in page and 'data-testid="see-behind"' in page and 'data-testid="restore"' in page
    ref = _ref(page, "PHONE")
    csrf = csrf_of(client, "/review/")
    reply = client.post(f"/review/{held_office.entry_id}/behind", data={"csrf": csrf, "ref": ref})
    assert reply.status_code == 200 and reply.headers["cache-control"] == "no-store"
    assert f'data-testid="behind">{OFFICE}</mark>' in reply.text
    looked = audit.entries(action="review-see-behind")
    assert [(e.user, e.parsed("extra")["removal"]["kind"]) for e in looked] == [("clara", "PHONE")]
    removed = audit.entries(action="redact")[0].parsed("findings")[0]
    assert looked[0].parsed("extra")["removal"]["value_hmac"] == removed["value_hmac"]
    assert OFFICE not in _whole_log() and "960555" not in _whole_log()


def test_see_behind_without_a_kept_original_shows_nothing_and_logs_nothing(client: TestClient, held: gate.Held) -> None:
    sign_in(client, CLERK)
    ref = _ref(client.get(f"/review/{held.entry_id}").text, "PHONE")
    reply = client.post(f"/review/{held.entry_id}/behind", data={"csrf": csrf_of(client, "/review/"), "ref": ref})
    assert reply.status_code == 422 and "not kept" in reply.text and KNOWN_PHONE not in reply.text
    assert not audit.entries(action="review-see-behind")
    bogus = client.post(f"/review/{held.entry_id}/behind", data={"csrf": csrf_of(client, "/review/"), "ref": "1-99"})
    assert bogus.status_code == 422 and not audit.entries(action="review-see-behind")


@pytest.mark.parametrize("token", [AUDITOR, WORKER])
def test_auditors_and_workers_never_see_behind(client: TestClient, held: gate.Held, tmp_path: Path, token: str) -> None:
    from redactor.gate.originals import keep_original

    keep_original(tmp_path / "report.txt", sha256(tmp_path / "report.txt"))
    ref = f"{audit.entries(action='redact')[0].id}-0"
    sign_in(client, token)
    for action in ("behind", "restore"):
        reply = client.post(f"/review/{held.entry_id}/{action}", data={"ref": ref, "reason": "r", "csrf": "x"})
        assert reply.status_code == 403 and KNOWN_PHONE not in reply.text
    assert client.get(f"/review/{held.entry_id}").status_code == 403
    assert not audit.entries(action="review-see-behind") and not audit.entries(action="review-restore")


def test_a_known_detail_is_never_restored(client: TestClient, held: gate.Held, tmp_path: Path) -> None:
    from redactor import records
    from redactor.gate.originals import keep_original

    keep_original(tmp_path / "report.txt", sha256(tmp_path / "report.txt"))
    before = records.latest("CS-1")
    sign_in(client, CLERK)
    ref = _ref(client.get(f"/review/{held.entry_id}").text, "PHONE")
    reply = client.post(f"/review/{held.entry_id}/restore",
                        data={"csrf": csrf_of(client, "/review/"), "ref": ref, "reason": "it is public"})  # fmt: skip
    assert reply.status_code == 422 and "known detail of the case" in reply.text
    assert records.latest("CS-1") == before and not audit.entries(action="review-restore")
    assert [h.entry_id for h in gate.queue()] == [held.entry_id]


def test_a_restore_that_fails_verification_is_refused_and_the_record_put_back(
    client: TestClient, held_office: gate.Held, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from redactor import commands, records
    from redactor.errors import UnsafeOutput

    def fails(*args: object, **kwargs: object) -> None:
        raise UnsafeOutput("verification found what should have been removed (PHONE in body); no output written")

    monkeypatch.setattr(commands, "run_redact", fails)
    sign_in(client, CLERK)
    ref = _ref(client.get(f"/review/{held_office.entry_id}").text, "PHONE")
    csrf = csrf_of(client, "/review/")
    quoting = client.post(f"/review/{held_office.entry_id}/restore",
                          data={"csrf": csrf, "ref": ref, "reason": f"{OFFICE} is the office"})  # fmt: skip
    assert quoting.status_code == 422 and "quotes the value" in quoting.text
    reply = client.post(f"/review/{held_office.entry_id}/restore",
                        data={"csrf": csrf, "ref": ref, "reason": "the office line is public"})  # fmt: skip
    assert reply.status_code == 422 and "Not restored: verification found" in reply.text
    stored = records.latest("CS-1")
    assert stored is not None and OFFICE not in (yaml.safe_load(stored.plain).get("allow") or [])
    assert not audit.entries(action="review-restore") and [h.entry_id for h in gate.queue()] == [held_office.entry_id]
    assert OFFICE not in _whole_log() and "960555" not in _whole_log()


def test_every_removal_shows_its_reason_code_and_the_receipt_carries_them(
    client: TestClient, held: gate.Held, home: Path
) -> None:
    sign_in(client, CLERK)
    page = client.get(f"/review/{held.entry_id}").text
    assert '<strong data-testid="reason-code">DA-ADDR</strong>: a protected party&#39;s address' in page
    assert '<strong data-testid="reason-code">DA-CONTACT</strong>' in page
    reply = client.post(f"/review/{held.entry_id}/approve", data={"csrf": csrf_of(client, "/review/")})
    assert 'data-released="true"' in reply.text
    receipt = json.loads(next((home / "outbox" / "CS-1").glob("*.receipt.json")).read_text())
    assert [(c["code"], c["count"]) for c in receipt["reason_codes"]] == [("DA-ADDR", 1), ("DA-CONTACT", 1)]
    assert receipt["reason_codes"][1]["meaning"] == "a contact detail in a domestic-abuse case"
    assert gate.verify_receipt(home / "outbox" / "CS-1" / f"{held.file_sha256[:12]}.txt").valid
    redacted = audit.entries(action="redact")[0].parsed("findings")
    assert sorted(f["reason_code"] for f in redacted) == ["DA-ADDR", "DA-CONTACT"]
