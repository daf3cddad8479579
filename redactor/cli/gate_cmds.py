"""The gate's commands: approve, release, queue, and `receipt verify`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from redactor.cli.app import FORMAT_HELP, app, receipt_app
from redactor.errors import BadInput

if TYPE_CHECKING:
    from redactor.gate import ReleaseResult

FileArg = Annotated[Path, typer.Argument(help="the .pdf, .docx or .txt file")]
CaseOpt = Annotated[Path, typer.Option("--case", help="the case file (YAML or JSON)")]
ToOpt = Annotated[str, typer.Option("--to", help="the reader: a party id of the case file")]
UserOpt = Annotated[str | None, typer.Option("--user", help="who runs this (default $REDACTOR_USER, then login)")]


def _format(fmt: str) -> str:
    if fmt not in ("text", "json"):
        raise BadInput(f"--format {fmt!r}: use text or json")
    return fmt


def _user(given: str | None) -> str:
    from redactor.settings import current_user

    return current_user(given)


@app.command()
def approve(file: FileArg, case: CaseOpt, to: ToOpt, user: UserOpt = None) -> None:
    """Record a clerk's approval of this exact file for this case and reader.

    Embedded (no REDACTOR_SERVER), --user is a claimed name: the approval records the
    operating-system login beside it. With REDACTOR_SERVER and REDACTOR_TOKEN, the service
    records the token's user, whatever --user says."""
    from redactor.cli import remote
    from redactor.gate import approve as approve_file

    if remote.active():
        remote.warn_user_ignored(user)
        body = remote.client().document("approve", file, case, to, refusals=(403,))
        if not body.get("recorded"):
            typer.echo(f"refused: {body.get('reason') or body.get('error')}", err=True)
            raise typer.Exit(1)
        typer.echo(f"approval recorded: file {str(body['file_sha256'])[:12]}, case {body['case_id']}, "
                   f"reader {body['reader']}, clerk {body['user']} (audit entry {body['audit_entry']})")  # fmt: skip
        return
    result = approve_file(file, case, to, _user(user))
    if not result.recorded:
        typer.echo(f"refused: {result.reason}", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"approval recorded: file {result.file_sha256[:12]}, case {result.case_id}, "
        f"reader {result.reader}, clerk {result.user} (audit entry {result.entry_id})"
    )


def _release_json(result: ReleaseResult) -> str:
    from redactor.contract import release_body

    return json.dumps(release_body(result, outbox_file=True), ensure_ascii=False)


def _release_text(result: ReleaseResult) -> str:
    head = f"{result.decision}: file {result.file_sha256[:12]}, case {result.case_id}, "
    head += f"reader {result.reader}"
    lines = [head, *(f"  - {reason}" for reason in result.reasons)]
    # Only what blocks the release; the values themselves are in --format json.
    blocking = [f for f in result.findings if f.decision in ("redact", "review")]
    lines += [f"  {f.kind} at {f.location} ({f.decision})" for f in blocking]
    if result.outbox_file is not None:
        lines.append(f"  copied to {result.outbox_file} with a signed receipt")
    return "\n".join(lines)


@app.command()
def release(
    file: FileArg,
    case: CaseOpt,
    to: ToOpt,
    user: UserOpt = None,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "text",
) -> None:
    """Check again and release to the outbox (exit 0), or hold saying what is missing (exit 1)."""
    from redactor.cli import remote
    from redactor.commands import run_release
    from redactor.types import Verdict

    fmt = _format(fmt)
    if remote.active():
        remote.warn_user_ignored(user)
        body = remote.client().document("release", file, case, to, refusals=(409,))
        typer.echo(json.dumps(body, ensure_ascii=False) if fmt == "json" else remote.release_text(body))
        raise typer.Exit(0 if body.get("decision") == "released" else 1)
    result = run_release(file, case, to, _user(user))
    typer.echo(_release_json(result) if fmt == "json" else _release_text(result))
    if result.decision != Verdict.RELEASED:
        raise typer.Exit(1)


@app.command()
def queue(
    show_all: Annotated[
        bool, typer.Option("--all", help="every held file, not only those waiting for a clerk")
    ] = False,
) -> None:
    """What the gate holds and is waiting for a clerk (no protected values are shown)."""
    from redactor.cli import remote
    from redactor.gate import Held
    from redactor.gate import queue as held_files

    if remote.active():
        items = [Held(**{**h, "waiting_for": tuple(h["waiting_for"]), "approved_since": tuple(h["approved_since"]),
                         "entry_id": 0}) for h in remote.client().queue(show_all)]  # fmt: skip
    else:
        items = held_files(include_all=show_all)
    if not items:
        typer.echo("nothing is waiting" + ("" if show_all else " for a clerk"))
    for item in items:
        approved = f" (approved since by {', '.join(item.approved_since)})"
        typer.echo(
            f"{item.file_sha256[:12]}  case={item.case_id}  to={item.reader}  by={item.user}  "
            f"{item.time[:19]}  waiting for {'+'.join(item.waiting_for) or '?'}"
            f"{approved if item.approved_since else ''}: {item.reason}"
        )


@receipt_app.command("verify")
def receipt_verify(
    file: FileArg,
    case: Annotated[Path | None, typer.Option("--case", help="also require this case file's case id")] = None,
    to: Annotated[str | None, typer.Option("--to", help="also require this reader")] = None,
) -> None:
    """Exit 0 when a signed receipt in the outbox covers this exact, unchanged file."""
    from redactor.casefile import load_case
    from redactor.gate import verify_receipt

    case_id = load_case(case).case_id if case is not None else None
    check = verify_receipt(file, case_id, to)
    if not check.valid:
        for reason in check.reasons:
            typer.echo(f"not cleared: {reason}")
        raise typer.Exit(1)
    receipt = check.receipt or {}
    typer.echo(
        f"cleared: file {check.file_sha256[:12]} released to {receipt.get('reader')} "
        f"(case {receipt.get('case_id')}) by {receipt.get('released_by')} "
        f"at {receipt.get('released_at')}; receipt signature valid"
    )
