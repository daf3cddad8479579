"""The HTTP service: the CLI's operations over HTTP, with bearer tokens and roles.

    POST /v1/check    (worker, clerk)  multipart file, case, to -> the `check --format json` object
    POST /v1/redact   (worker, clerk)  -> the redacted file; X-Redactor-Verified: clean
    POST /v1/release  (worker, clerk)  -> 200 with the receipt, or 409 with the reasons (held)
    POST /v1/approve  (clerk)          -> 200 recorded, 403 refused
    GET  /v1/audit/verify, /v1/audit/entries (auditor, read-only)
    GET  /v1/health   (anyone)         -> {"status": "ok"}

Each endpoint is a thin layer over `redactor.commands` and `redactor.gate`: the same
decisions, gate and audit log as the CLI. OpenAPI docs are at /docs.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from redactor import contract
from redactor.contract import approval_body, chain_body, held_body, registration_body, release_body
from redactor.service.auth import Caller, Denied, caller_for
from redactor.service.jobs import Jobs, make_jobs
from redactor.service.logs import AccessLog, quiet_parser
from redactor.service.responses import MEDIA_TYPES, failure
from redactor.service.uploads import Body, Form, TooLarge, private_folder, receive_form
from redactor.service.web.pages import WEB_ROUTES, add_web_routes
from redactor.settings import Settings

ROUTES = ("/v1/health", "/v1/check", "/v1/redact", "/v1/approve", "/v1/release", "/v1/cases", "/v1/queue",
          "/v1/audit/verify", "/v1/audit/entries", "/docs", "/openapi.json")  # fmt: skip
FORM_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "case", "to"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": ".pdf, .docx or .txt"},
        "case": {"type": "string", "format": "binary", "description": "the case file (YAML/JSON)"},
        "to": {"type": "string", "description": "the reader: a party id of the case file"},
    },
}}}}}  # fmt: skip
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": 'not the multipart form expected; every error is JSON {"error": reason}'},
    401: {"description": "missing or unknown bearer token"},
    403: {"description": "the token's role may not do this (or the gate refused the approval)"},
    409: {"description": "the output could not be verified clean, or the gate holds the file"},
    413: {"description": "the upload is larger than limits.max_upload_mb"},
    422: {"description": "bad input: the document, the case file or the reader"},
}
bearer = HTTPBearer(auto_error=False)
log = logging.getLogger("redactor.service")
Endpoint = Callable[..., Awaitable[Response]]


def require(action: str) -> Callable[..., Caller]:
    """A dependency: the caller behind the bearer token, allowed to do `action`."""

    def caller(request: Request, credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> Caller:
        token = credentials.credentials if credentials else None
        return caller_for(token, request.app.state.settings.tokens, action)

    return caller


def guarded(endpoint: Endpoint) -> Endpoint:
    """Any failure inside an endpoint becomes its JSON error; nothing reaches uvicorn's log."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Response:
        try:
            return await endpoint(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - mapped to one status in `failure`
            return failure(exc)

    return run


async def _received(request: Request, folder: Path) -> Form:
    """The form, or TooLarge once what is left of the body (up to a bound) was read and dropped:
    a client that does not wait for `100 Continue` (urllib, requests) still reads the 413."""
    limits = request.app.state.settings.limits
    limit = limits.max_upload_mb * 2**20
    body = Body(request.receive, limits.min_upload_bytes_per_second, limits.upload_grace_seconds)
    try:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"the upload is larger than {limit // 2**20} MB")
        return await receive_form(body, request.headers.get("content-type", ""), folder, limit)
    except TooLarge:
        await body.discard(limit + limits.max_discard_mb * 2**20)
        raise


@asynccontextmanager
async def uploaded(request: Request) -> AsyncIterator[Form]:
    """The request's multipart parts in a private folder, removed when the block ends."""
    with private_folder() as folder:
        yield await _received(request, folder)


def jobs_of(request: Request) -> Jobs:
    jobs: Jobs = request.app.state.jobs
    return jobs


@guarded
async def health() -> Response:
    """200 when this instance can reach its database with a schema it knows; else 503 (a load balancer
    then sends requests to another instance)."""
    from redactor.errors import RedactorError
    from redactor.storage import ready

    try:
        await anyio.to_thread.run_sync(ready)
    except RedactorError:
        return JSONResponse({"status": "unavailable", "error": "the database cannot be used"}, status_code=503)
    return JSONResponse({"status": "ok"})


@guarded
async def check(request: Request, caller: Caller = Depends(require("check"))) -> Response:
    """The same JSON object as `redactor check --format json`."""
    from redactor.commands import run_check

    jobs = jobs_of(request)
    async with uploaded(request) as form:
        args = (form.file("file"), form.file("case"), form.text("to"), caller.user, jobs.runner)
        result = await jobs.call(run_check, *args)
    return Response(contract.check_json(result), media_type="application/json")


@guarded
async def redact(request: Request, caller: Caller = Depends(require("redact"))) -> Response:
    """The redacted file, verified clean by an independent re-read."""
    from redactor.commands import run_redact, verified_bytes

    jobs = jobs_of(request)
    async with uploaded(request) as form:
        document = form.file("file")
        out = form.folder / f"redacted{document.suffix}"
        args = (document, form.file("case"), form.text("to"), out, caller.user, jobs.runner)
        result = await jobs.call(run_redact, *args)
        body = await anyio.to_thread.run_sync(verified_bytes, result)
    headers = {
        "X-Redactor-Verified": "clean", "X-Redactor-Output-Sha256": result.output_sha256,
        "X-Redactor-Removed": str(len(result.cuts)),
        "Content-Disposition": f'attachment; filename="redacted{document.suffix}"',
    }  # fmt: skip
    return Response(body, media_type=MEDIA_TYPES.get(document.suffix), headers=headers)


@guarded
async def approve(request: Request, caller: Caller = Depends(require("approve"))) -> Response:
    """Record the clerk's approval of this exact file (403 when the gate refuses it)."""
    from redactor import gate

    async with uploaded(request) as form:
        args = (form.file("file"), form.file("case"), form.text("to"), caller.user, True)
        result = await anyio.to_thread.run_sync(gate.approve, *args)
    body = approval_body(result)
    if not result.recorded:
        return JSONResponse({"error": result.reason, **body}, status_code=403)
    return JSONResponse(body)


@guarded
async def release(request: Request, caller: Caller = Depends(require("release"))) -> Response:
    """Released: 200 with the signed receipt. Held: 409 with what is missing."""
    from redactor.commands import run_release
    from redactor.types import Verdict

    jobs = jobs_of(request)
    async with uploaded(request) as form:
        args = (form.file("file"), form.file("case"), form.text("to"), caller.user, jobs.runner)
        result = await jobs.call(run_release, *args)
    body = release_body(result)
    if result.decision != Verdict.RELEASED:
        return JSONResponse({"error": "held", **body}, status_code=409)
    return JSONResponse(body)


@guarded
async def register_case(request: Request, caller: Caller = Depends(require("case"))) -> Response:
    """Record the case (`case` file part): 200 recorded, 403 a lowering by someone not a clerk."""
    from redactor.caserecord import register

    async with uploaded(request) as form:
        path = form.file("case")
        raw = await anyio.to_thread.run_sync(path.read_bytes)
        result = await anyio.to_thread.run_sync(register, raw, "case", caller.user)
    body = registration_body(result)
    return JSONResponse(body if result.recorded else {"error": result.reason, **body},
                        status_code=200 if result.recorded else 403)  # fmt: skip


@guarded
async def show_case(case_id: str, caller: Caller = Depends(require("case-show"))) -> Response:
    """The record: values for a clerk, kinds and counts for anyone else."""
    from redactor.caserecord import show

    return JSONResponse(await anyio.to_thread.run_sync(show, case_id, caller.user))


@guarded
async def held_queue(caller: Caller = Depends(require("queue")), all: bool = False) -> Response:  # noqa: A002
    """What the gate holds (by default only what waits for a clerk)."""
    from redactor import gate

    items = await anyio.to_thread.run_sync(gate.queue, all)
    return JSONResponse({"held": [held_body(h) for h in items]})


@guarded
async def audit_verify(caller: Caller = Depends(require("audit"))) -> Response:
    """Recompute the audit log's hash chain (`intact` false names the first bad entry)."""
    from redactor import audit

    status = await anyio.to_thread.run_sync(audit.verify)
    return JSONResponse(chain_body(status))


def _entries(filters: dict[str, str | None], after: int, limit: int) -> list[dict[str, Any]]:
    from redactor import audit

    found = audit.entries(**{k: v for k, v in filters.items() if v is not None})
    return [e.as_dict() for e in found if e.id > after][:limit]


@guarded
async def audit_entries(
    caller: Caller = Depends(require("audit")),
    after: int = Query(0, ge=0, description="only entries with a larger id"),
    limit: int = Query(100, ge=1, le=1000),
    action: str | None = None, user: str | None = None, case_id: str | None = None,
    reader: str | None = None, decision: str | None = None,
    input_sha256: str | None = None, output_sha256: str | None = None,
) -> Response:  # fmt: skip
    """Audit entries oldest first (kinds, places, rules and keyed hashes; no values)."""
    filters = {"action": action, "user": user, "case_id": case_id, "reader": reader,
               "decision": decision, "input_sha256": input_sha256, "output_sha256": output_sha256}  # fmt: skip
    found = await anyio.to_thread.run_sync(_entries, filters, after, limit)
    return JSONResponse({"entries": found, "count": len(found)})


async def _denied(request: Request, exc: Exception) -> Response:
    return failure(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    return JSONResponse({"error": str(getattr(exc, "detail", "error"))}, status_code=status)


async def _invalid(request: Request, exc: Exception) -> Response:
    # FastAPI's default body echoes the input; name only the fields.
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    names = sorted({str(e.get("loc", ("?",))[-1]) for e in errors})
    return JSONResponse({"error": f"invalid request parameter(s): {', '.join(names)}"}, 422)


def _lifespan(settings: Settings, workers: int) -> Callable[[FastAPI], Any]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        if not settings.tokens:
            log.warning("no tokens in the settings file: every request but /v1/health gets 401")
        app.state.jobs = jobs = make_jobs(workers, settings.limits)
        log.info("document work runs in %s (%d at once)", jobs.kind, jobs.size)
        await jobs.start()
        try:
            yield
        finally:
            jobs.close()

    return lifespan


def _routes(app: FastAPI) -> None:
    form = {"openapi_extra": FORM_BODY, "responses": ERRORS}
    app.add_api_route("/v1/health", health, methods=["GET"])
    app.add_api_route("/v1/check", check, methods=["POST"], **form)  # type: ignore[arg-type]
    app.add_api_route("/v1/redact", redact, methods=["POST"], **form)  # type: ignore[arg-type]
    app.add_api_route("/v1/approve", approve, methods=["POST"], **form)  # type: ignore[arg-type]
    app.add_api_route("/v1/release", release, methods=["POST"], **form)  # type: ignore[arg-type]
    app.add_api_route("/v1/cases", register_case, methods=["POST"], responses=ERRORS)
    app.add_api_route("/v1/cases/{case_id}", show_case, methods=["GET"], responses=ERRORS)
    app.add_api_route("/v1/queue", held_queue, methods=["GET"])
    app.add_api_route("/v1/audit/verify", audit_verify, methods=["GET"])
    app.add_api_route("/v1/audit/entries", audit_entries, methods=["GET"])


def create_app(settings: Settings, workers: int = 0) -> FastAPI:
    """The ASGI app. `workers`: warm worker processes (0: threads in this process)."""
    app = FastAPI(title="redactor", version="0.1.0", lifespan=_lifespan(settings, workers),
                  description=__doc__)  # fmt: skip
    app.state.settings = settings
    quiet_parser()
    _routes(app)
    add_web_routes(app)
    app.add_exception_handler(Denied, _denied)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_middleware(AccessLog, routes=ROUTES + WEB_ROUTES)
    return app
