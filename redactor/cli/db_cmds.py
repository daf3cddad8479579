"""`redactor db upgrade` and `redactor db status`: the schema of the configured database."""

from __future__ import annotations

import typer

from redactor.cli.app import db_app


@db_app.command("upgrade")
def upgrade_cmd() -> None:
    """Create or move forward the schema of the configured database (REDACTOR_DATABASE or settings)."""
    from redactor.storage import upgrade

    typer.echo(upgrade())


@db_app.command("status")
def status_cmd() -> None:
    """Which database keeps the state and whether this build can run against its schema (exit 3: not)."""
    from redactor.storage import ready

    typer.echo(ready())
