"""The auditor's pages: the log filtered by case, user, action and date, one entry, CSV and JSON.

Everything comes from `redactor.audit` (kinds, places, rules and keyed hashes; no values).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
from fastapi import FastAPI, Request
from starlette.responses import Response

from redactor import audit
from redactor.service.web import review
from redactor.service.web.pages import _session, page, problem

FILTERS = ("case", "user", "action", "date")
COLUMNS = ("id", "time", "user", "action", "case_id", "reader", "decision", "reason", "counts",
           "input_sha256", "output_sha256", "entry_hash")  # fmt: skip
LIMIT = 500


def _filters(request: Request) -> dict[str, str]:
    return {k: request.query_params.get(k, "").strip()[:100] for k in FILTERS}


def filtered(filters: dict[str, str]) -> list[dict[str, Any]]:
    """Matching entries, newest first (at most LIMIT)."""
    equal = {"case_id": filters["case"], "user": filters["user"], "action": filters["action"]}
    found = audit.entries(**{k: v for k, v in equal.items() if v})
    rows = [e.as_dict() for e in reversed(found) if e.time.startswith(filters["date"])]
    return rows[:LIMIT]


def _chain() -> tuple[str, bool]:
    status = audit.verify()
    return review.chain_line(status), status.intact or status.empty


async def audit_page(request: Request) -> Response:
    session, filters = _session(request, "auditor"), _filters(request)
    rows = await anyio.to_thread.run_sync(filtered, filters)
    chain, intact = await anyio.to_thread.run_sync(_chain)
    query = urlencode({k: v for k, v in filters.items() if v})
    return page("audit.html", session=session, rows=rows, chain=chain, intact=intact, filters=filters, query=query)


async def audit_entry(request: Request, entry_id: int) -> Response:
    session = _session(request, "auditor")
    found = await anyio.to_thread.run_sync(audit.entry, entry_id)
    if found is None:
        return problem(404, f"there is no entry {entry_id}", session)
    chain, intact = await anyio.to_thread.run_sync(_chain)
    return page("entry.html", session=session, e=found.as_dict(), chain=chain, intact=intact)


def as_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([json.dumps(row[c], sort_keys=True) if c == "counts" else row[c] for c in COLUMNS])
    return out.getvalue()


async def export(request: Request, fmt: str) -> Response:
    _session(request, "auditor")
    rows = await anyio.to_thread.run_sync(filtered, _filters(request))
    headers = {"Content-Disposition": f'attachment; filename="audit.{fmt}"', "Cache-Control": "no-store"}
    if fmt == "csv":
        return Response(as_csv(rows), media_type="text/csv", headers=headers)
    if fmt == "json":
        return Response(json.dumps({"entries": rows}, indent=1), media_type="application/json", headers=headers)
    return Response(status_code=404)


def add_audit_routes(app: FastAPI) -> None:
    app.add_api_route("/audit/", audit_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/audit/export.{fmt}", export, methods=["GET"], include_in_schema=False)
    app.add_api_route("/audit/{entry_id}", audit_entry, methods=["GET"], include_in_schema=False)
