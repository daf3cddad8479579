"""The routes of the browser faces. Each is a thin layer: the gate and the audit log decide.

    GET/POST /login, POST /logout       sign in with a token; a session cookie
    GET  /review/?case=ID               clerks: what the gate holds, newest first
    GET  /review/{hold}                 clerks: one held document, its pages and findings
    GET  /review/{hold}/page/{n}.png    clerks: a rendered page
    POST /review/{hold}/approve         clerks: `gate.approve`, then `gate.release` for the sender
    POST /review/{hold}/refuse          clerks: `gate.refuse` with a reason (nothing released)
    POST /review/{hold}/remove-more     clerks: `gate.additions.remove_more`: a new version, held
    POST /review/{hold}/behind          clerks: `gate.behind.see_behind`: one removal's original text
    POST /review/{hold}/restore         clerks: `gate.restores.restore`: a removal restored, a new version held
    GET  /audit/?case=&user=&action=&date=, /audit/{id}, /audit/export.csv|json   auditors
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anyio.to_thread
from fastapi import FastAPI, Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from redactor import gate
from redactor.errors import RedactorError
from redactor.service.auth import Denied
from redactor.service.responses import reason_for
from redactor.service.web import review
from redactor.service.web.render import page_count, page_png
from redactor.service.web.session import (
    COOKIE,
    LIFETIME,
    LOGIN_COOKIE,
    Session,
    csrf_ok,
    new_login_csrf,
    session_of,
    sign_in,
)
from redactor.types import Verdict

HERE = Path(__file__).parent


class WebDenied(Denied):
    """Denied on a browser page: answered with an HTML page (or the sign-in form), not JSON."""


STATIC = {"review.css": "text/css"}
templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
WEB_ROUTES = ("/login", "/logout", "/review/", "/audit/", "/static/")


# No framing (an approve button under someone else's page), nothing from elsewhere, no caching.
HEADERS = {"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
           "X-Frame-Options": "DENY", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}  # fmt: skip


def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**values), status_code=status, headers=HEADERS)


def problem(status: int, message: str, session: Session | None = None) -> HTMLResponse:
    return page("problem.html", status, title=f"{status}", message=message, session=session)


async def form_of(request: Request) -> dict[str, str]:
    """An urlencoded form body (the only kind these pages send), one value per field."""
    body = (await request.body())[: 64 * 1024].decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}


def _session(request: Request, role: str) -> Session:
    session = session_of(request.cookies.get(COOKIE))
    if session is None:
        raise WebDenied(401, "sign in first")
    if session.caller.role != role:
        raise WebDenied(403, f"these pages are for the {role} role; you are signed in as a {session.caller.role}")
    return session


async def _posted(request: Request, role: str) -> tuple[Session, dict[str, str]]:
    session, form = _session(request, role), await form_of(request)
    if not csrf_ok(session, form.get("csrf", "")):
        raise WebDenied(403, "the form's CSRF token is missing or wrong; reload the page and try again")
    return session, form


async def web_denied(request: Request, exc: Exception) -> Response:
    if isinstance(exc, Denied) and exc.status == 401:
        return RedirectResponse("/login", status_code=303)
    return problem(getattr(exc, "status", 403), str(getattr(exc, "message", exc)))


def _login_page(message: str = "", status: int = 200) -> Response:
    value = new_login_csrf()
    response = page("login.html", status, csrf=value, message=message, session=None)
    response.set_cookie(LOGIN_COOKIE, value, max_age=600, httponly=True, samesite="strict", path="/login")
    return response


async def login_form(request: Request) -> Response:
    return _login_page()


async def login(request: Request) -> Response:
    form = await form_of(request)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or form.get("csrf", "") != expected:
        return problem(403, "the sign-in form has expired; open /login again")
    try:
        session = sign_in(form.get("token", "").strip(), request.app.state.settings.tokens)
    except Denied:
        return _login_page("That token is not known.", 401)
    target = "/audit/" if session.caller.role == "auditor" else "/review/"
    response: Response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, session.cookie, max_age=LIFETIME, httponly=True, samesite="strict", path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


async def logout(request: Request) -> Response:
    session = session_of(request.cookies.get(COOKIE))
    form = await form_of(request)
    if session is not None and not csrf_ok(session, form.get("csrf", "")):
        return problem(403, "the form's CSRF token is missing or wrong")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


async def queue_page(request: Request, case: str = "") -> Response:
    session = _session(request, "clerk")
    items = await anyio.to_thread.run_sync(review.held_items, case)
    return page("queue.html", session=session, items=items, case=case)


async def _view(entry_id: int) -> review.HeldView:
    return await anyio.to_thread.run_sync(review.held_view, entry_id)


def _pages(view: review.HeldView) -> int:
    if view.fmt is None:
        return 0
    data, fmt = gate.held_bytes(view.hold.file_sha256)
    return page_count(data, fmt)


async def document_page(request: Request, entry_id: int) -> Response:
    return await _document(request, entry_id, "", 200)


async def _document(request: Request, entry_id: int, message: str, status: int,
                    behind: dict[str, str] | None = None) -> Response:  # fmt: skip
    session = _session(request, "clerk")
    try:
        view = await _view(entry_id)
        pages = await anyio.to_thread.run_sync(_pages, view)
    except RedactorError as exc:
        return problem(404, reason_for(exc), session)
    return page("document.html", status, session=session, view=view, pages=pages, message=message,
                behind=behind or {})  # fmt: skip


async def page_image(request: Request, entry_id: int, number: int) -> Response:
    _session(request, "clerk")
    try:
        view = await _view(entry_id)
        data, fmt = await anyio.to_thread.run_sync(gate.held_bytes, view.hold.file_sha256)
        png = await anyio.to_thread.run_sync(page_png, data, fmt, number, review.marks(view))
    except (RedactorError, IndexError):
        return Response(status_code=404)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


def _approve_and_release(held: gate.Held, clerk: str, runner: Any) -> tuple[str, bool]:
    """Approve through the gate; when recorded, release for the sender (who asked once)."""
    from redactor.commands import run_release

    with review.held_files(held) as (document, case):
        approval = gate.approve(document, case, held.reader, clerk, True)
        if not approval.recorded:
            return f"Approval refused: {approval.reason}", False
        result = run_release(document, case, held.reader, held.user, runner)
    if result.decision != Verdict.RELEASED:
        return "Approved, but still held: " + "; ".join(result.reasons), False
    return f"Approved and released to the outbox ({result.file_sha256[:12]}). {result.reasons[0]}", True


async def approve(request: Request, entry_id: int) -> Response:
    session, _ = await _posted(request, "clerk")
    try:
        view = await _view(entry_id)
        jobs = request.app.state.jobs
        run = functools.partial(_approve_and_release, view.hold, session.caller.user, jobs.runner)
        message, released = await anyio.to_thread.run_sync(run)
    except RedactorError as exc:
        message, released = f"Nothing was released: {reason_for(exc)}", False
    return page("done.html", 200 if released else 409, session=session, message=message, released=released)


async def refuse(request: Request, entry_id: int) -> Response:
    session, form = await _posted(request, "clerk")
    try:
        held = (await _view(entry_id)).hold
        args = (held.file_sha256, held.case_id, held.reader, session.caller.user, form.get("reason", ""))
        refusal = await anyio.to_thread.run_sync(gate.refuse, *args)
    except RedactorError as exc:
        return problem(404, reason_for(exc), session)
    if not refusal.recorded:
        return await _document(request, entry_id, f"Not refused: {refusal.reason}", 422)
    message = f"Refused; nothing was released. The author will see: {refusal.reason}"
    return page("done.html", session=session, message=message, released=False)


def _remove_more(held: gate.Held, text: str, clerk: str, runner: Any) -> tuple[str, int]:
    """(what happened, the hold entry of the new version or 0 when it was released)."""
    from redactor.commands import run_remove_more

    with review.held_files(held) as (document, case):
        added = run_remove_more(held, document, case, text, clerk, runner)
    if added.held.decision == Verdict.RELEASED:
        return f"Removed {added.removed} span(s); the new version was released: {added.held.reasons[0]}", 0
    return (f"Removed {added.removed} span(s) in a new version ({added.output_sha256[:12]}), verified clean. "
            "You are now one of its authors: another clerk must approve it.", added.held.entry_id)  # fmt: skip


async def remove_more(request: Request, entry_id: int) -> Response:
    session, form = await _posted(request, "clerk")
    try:
        held = (await _view(entry_id)).hold
        run = functools.partial(_remove_more, held, form.get("text", ""), session.caller.user,
                                request.app.state.jobs.runner)  # fmt: skip
        message, version = await anyio.to_thread.run_sync(run)
    except RedactorError as exc:
        return await _document(request, entry_id, f"Nothing was removed: {reason_for(exc)}", 422)
    return page("done.html", session=session, message=message, released=version == 0, version=version)


async def see_behind(request: Request, entry_id: int) -> Response:
    """The document page again, with the original text of one removal (the look is audited)."""
    from redactor.commands import run_see_behind as look

    session, form = await _posted(request, "clerk")
    try:
        held = (await _view(entry_id)).hold
        found, text = await anyio.to_thread.run_sync(look, held, form.get("ref", ""), session.caller.user)
    except RedactorError as exc:
        return await _document(request, entry_id, f"Nothing to show: {reason_for(exc)}", 422)
    return await _document(request, entry_id, "", 200, {found.ref: text})


def _restore(held: gate.Held, ref: str, reason: str, clerk: str, runner: Any) -> tuple[str, int, bool]:
    """(what happened, the hold entry of the new version (0 when none), restored)."""
    from redactor.commands import run_restore

    done = run_restore(held, ref, reason, clerk, runner)
    if not done.restored or done.held is None:
        return f"Not restored: {done.reason}", 0, False
    if done.held.decision == Verdict.RELEASED:
        return f"{done.reason}; the new version was released: {done.held.reasons[0]}", 0, True
    return (f"{done.reason}. You are now one of its authors: another clerk must approve it.",
            done.held.entry_id, True)  # fmt: skip


async def restore(request: Request, entry_id: int) -> Response:
    session, form = await _posted(request, "clerk")
    try:
        held = (await _view(entry_id)).hold
        run = functools.partial(_restore, held, form.get("ref", ""), form.get("reason", ""), session.caller.user,
                                request.app.state.jobs.runner)  # fmt: skip
        message, version, restored = await anyio.to_thread.run_sync(run)
    except RedactorError as exc:
        return await _document(request, entry_id, f"Not restored: {reason_for(exc)}", 422)
    if not restored:
        return await _document(request, entry_id, message, 422)
    return page("done.html", session=session, message=message, released=version == 0, version=version)


async def static(name: str) -> Response:
    if name not in STATIC:
        return Response(status_code=404)
    return FileResponse(HERE / "static" / name, media_type=STATIC[name])


def add_web_routes(app: FastAPI) -> None:
    app.add_api_route("/login", login_form, methods=["GET"], include_in_schema=False)
    app.add_api_route("/login", login, methods=["POST"], include_in_schema=False)
    app.add_api_route("/logout", logout, methods=["POST"], include_in_schema=False)
    app.add_api_route("/review/", queue_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/review/{entry_id}", document_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/review/{entry_id}/page/{number}.png", page_image, methods=["GET"], include_in_schema=False)
    app.add_api_route("/review/{entry_id}/approve", approve, methods=["POST"], include_in_schema=False)
    app.add_api_route("/review/{entry_id}/refuse", refuse, methods=["POST"], include_in_schema=False)
    app.add_api_route("/review/{entry_id}/remove-more", remove_more, methods=["POST"], include_in_schema=False)
    app.add_api_route("/review/{entry_id}/behind", see_behind, methods=["POST"], include_in_schema=False)
    app.add_api_route("/review/{entry_id}/restore", restore, methods=["POST"], include_in_schema=False)
    from redactor.service.web.auditview import add_audit_routes

    add_audit_routes(app)
    app.add_api_route("/static/{name}", static, methods=["GET"], include_in_schema=False)
    app.add_exception_handler(WebDenied, web_denied)
