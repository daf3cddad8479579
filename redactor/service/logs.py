"""The service's only request log: method, route, status and duration.

uvicorn's own access log is switched off: it prints the raw path and query string,
which a client can fill with anything (a victim's name in a mistyped URL). Ours
logs a path only when it is one of the service's routes, never a query string, a
header, a file name or a body.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Collection
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("redactor.service")
PARSER_LOGGER = "python_multipart"


class AccessLog:
    """Pure ASGI middleware: one line per HTTP request after its response started."""

    def __init__(self, app: ASGIApp, routes: Collection[str]) -> None:
        self.app = app
        self.routes = frozenset(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if nothing was sent

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            path = scope.get("path", "")
            shown = path if path in self.routes else "(other path)"
            ms = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.0fms", scope.get("method", "?"), shown, status, ms)


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's logging setup plus our logger on the same handler (stderr)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["plain"] = {
        "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
    }
    config["handlers"]["service"] = {
        "formatter": "plain", "class": "logging.StreamHandler", "stream": "ext://sys.stderr",
    }  # fmt: skip
    config["loggers"]["redactor"] = {"handlers": ["service"], "level": "INFO", "propagate": False}
    config["loggers"][PARSER_LOGGER] = {"level": "CRITICAL"}
    return config


def quiet_parser() -> None:
    """python-multipart logs the bytes it did not expect: a body's content must not reach a log."""
    logging.getLogger(PARSER_LOGGER).setLevel(logging.CRITICAL)
