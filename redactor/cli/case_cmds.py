"""`redactor case register` and `redactor case show`: the council's record of a case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from redactor.cli.app import case_app

UserOpt = Annotated[str | None, typer.Option("--user", help="who runs this (default $REDACTOR_USER, then login)")]


@case_app.command("register")
def register_cmd(
    case: Annotated[Path, typer.Argument(help="the case file (YAML or JSON)")], user: UserOpt = None
) -> None:
    """Record the case by its case_id. Lowering a record's protection needs a clerk (exit 1 refused)."""
    from redactor.cli import remote

    if remote.active():
        result = remote.client().register(case)
    else:
        from redactor.caserecord import register
        from redactor.inputs import read_input
        from redactor.settings import current_user

        result = register(read_input(case, "case file"), case.name, current_user(user)).__dict__
    if not result["recorded"]:
        typer.echo(f"refused: {result['reason']}", err=True)
        raise typer.Exit(1)
    typer.echo(f"case {result['case_id']} recorded: version {result['version']}, digest {result['digest'][:16]}"
               + (f"; lowered: {'; '.join(result['changes'])}" if result["changes"] else ""))  # fmt: skip


@case_app.command("show")
def show_cmd(case_id: Annotated[str, typer.Argument(help="the case id")], user: UserOpt = None) -> None:
    """The record as JSON: every value for a clerk; kinds and counts only for anyone else."""
    from redactor.cli import remote

    if remote.active():
        body = remote.client().show_case(case_id)
    else:
        from redactor.caserecord import show
        from redactor.settings import current_user

        body = show(case_id, current_user(user))
    typer.echo(json.dumps(body, indent=2, ensure_ascii=False))
