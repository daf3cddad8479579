"""`redactor check` and `redactor redact`: the social worker's pre-send commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from redactor.cli.app import FORMAT_HELP, app

FileArg = Annotated[Path, typer.Argument(help="The document: .pdf, .docx or .txt", show_default=False)]
CaseOpt = Annotated[Path, typer.Option("--case", help="The case file (YAML or JSON)", show_default=False)]
ReaderOpt = Annotated[str, typer.Option("--to", help="Party id of the reader in the case file", show_default=False)]
UserOpt = Annotated[str | None, typer.Option("--user", help="Who runs this (default $REDACTOR_USER, then login)")]
FormatOpt = Annotated[str, typer.Option("--format", help=FORMAT_HELP)]


def _format(value: str) -> str:
    if value not in ("text", "json"):
        raise typer.BadParameter("--format must be text or json")
    return value


@app.command()
def check(file: FileArg, case: CaseOpt, to: ReaderOpt, user: UserOpt = None, format: FormatOpt = "text") -> None:
    """Say what FILE gives away to the reader. Exit 0 clear, 1 action needed, 2 bad input."""
    from redactor import contract
    from redactor.cli import output, remote
    from redactor.commands import run_check, verdict_line
    from redactor.settings import current_user

    fmt = _format(format)
    if remote.active():
        remote.warn_user_ignored(user)
        body = remote.client().document("check", file, case, to)
        print(json.dumps(body, ensure_ascii=False, indent=2) if fmt == "json" else remote.check_text(body))
        raise typer.Exit(0 if body.get("decision") == "clear" else 1)
    result = run_check(file, case, to, current_user(user))
    print(contract.check_json(result) if fmt == "json" else output.check_text(result, verdict_line(result)))
    raise typer.Exit(0 if result.verdict == "clear" else 1)


@app.command()
def redact(
    file: FileArg, case: CaseOpt, to: ReaderOpt,
    out: Annotated[Path, typer.Option("--out", help="Where to write the redacted copy (same type)")],
    user: UserOpt = None, format: FormatOpt = "text",
) -> None:  # fmt: skip
    """Write OUT: FILE with everything the reader must not see truly removed, verified by a re-read."""
    from redactor import contract
    from redactor.cli import remote
    from redactor.commands import run_redact
    from redactor.settings import current_user

    fmt = _format(format)
    if remote.active():
        remote.warn_user_ignored(user)
        reply = remote.client().redact(file, case, to, out)
        print(f"{out}: {reply.headers.get('x-redactor-removed', '?')} span(s) removed; verified clean by the service")
        return
    result = run_redact(file, case, to, out, current_user(user))
    if fmt == "json":
        print(contract.redact_json(result))
    else:
        print(f"{out}: {len(result.cuts)} span(s) removed; verified clean by {result.verification.reader} "
              f"re-read of {result.verification.places_read} place(s)")  # fmt: skip
        for note in result.notes:
            print(f"  note: {note}")
        for problem in result.plan.problems:
            if problem.code == "ocr-partial-phone":  # removed, and a person must look
                print(f"  review: {problem.message}")
