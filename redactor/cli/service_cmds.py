"""`redactor serve` (the HTTP service) and `redactor watch` (a watched outbox folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from redactor.cli.app import app


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=0, help="warm worker processes (0: threads here)")] = 2,
) -> None:
    """Serve check, redact, approve, release and the audit log over HTTP (bearer tokens)."""
    import uvicorn

    from redactor.keys import check_source
    from redactor.service.app import create_app
    from redactor.service.logs import uvicorn_log_config
    from redactor.settings import settings
    from redactor.storage import ready

    config = settings()  # bad settings, keys or database fail here, before the port is taken
    check_source()
    typer.echo(f"redactor serve: state in {ready()}", err=True)
    uvicorn.run(
        create_app(config, workers), host=host, port=port, access_log=False,
        log_config=uvicorn_log_config(), server_header=False, proxy_headers=False,
    )  # fmt: skip


@app.command()
def watch(
    outbox: Annotated[Path, typer.Argument(help="the folder documents are dropped into")],
    case_dir: Annotated[Path, typer.Option("--case-dir", help="where the case files named by sidecars live")],
    once: Annotated[bool, typer.Option("--once", help="process what is there, then exit")] = False,
    interval: Annotated[float, typer.Option("--interval", min=0.1, help="seconds between polls")] = 1.0,
) -> None:
    """Redact each document dropped with a sidecar <name>.json; move it to released/ or held/."""
    import logging

    from redactor.service.jobs import make_jobs
    from redactor.settings import settings
    from redactor.watch import Watcher

    # One line per document: outcome, case and reader; never a file name or a value.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    watcher = Watcher(outbox, case_dir)  # the folders are checked before a worker starts
    jobs = make_jobs(1, settings().limits)  # one warm worker: the model loaded once, the limits kept
    watcher.runner = jobs.runner
    try:
        if once:
            summary = watcher.run_once()
            typer.echo(f"processed {summary.total}: {summary.released} released, {summary.held} held")
            return
        watcher.run_forever(interval)
    finally:
        jobs.close()
