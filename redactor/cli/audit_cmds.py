"""`redactor audit ...`: verify, checkpoint, list, show, export, report (for auditors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from redactor.cli.app import audit_app
from redactor.errors import BadInput

if TYPE_CHECKING:
    from redactor.audit.entry import Entry


def _write(out: Path, text: str) -> None:
    try:
        out.write_text(text, "utf-8")
    except OSError as exc:
        raise BadInput(f"{out}: cannot be written ({exc.strerror})") from None


@audit_app.command("verify")
def verify_cmd(
    checkpoint: Annotated[
        Path | None, typer.Option("--checkpoint", help="a checkpoint file from `audit checkpoint`")
    ] = None,
) -> None:
    """Recompute the hash chain: exit 0 intact, 1 changed, removed, inserted or reordered."""
    from redactor import audit

    point = audit.load_checkpoint(checkpoint) if checkpoint else None
    status = audit.verify(point)
    typer.echo(status.summary)
    if not status.intact:
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def checkpoint_cmd(
    out: Annotated[Path, typer.Option("--out", help="where to write {count, head_hash, time}")],
) -> None:
    """Write the current head of the chain to a file an auditor keeps elsewhere."""
    from redactor import audit

    status = audit.verify()
    if not status.intact:
        typer.echo(f"{status.summary}; no checkpoint written")
        raise typer.Exit(1)
    _write(out, json.dumps(audit.checkpoint_of(status), indent=2) + "\n")
    typer.echo(f"checkpoint written: {status.count} entries, head {status.head_hash[:16]}")


def _line(entry: Entry) -> str:
    sha = (entry.input_sha256 or "-")[:12]
    counts = ",".join(f"{k}:{v}" for k, v in entry.parsed("counts").items()) or "-"
    return (
        f"{entry.id:>6}  {entry.time[:19]}  {entry.user}  {entry.action}  "
        f"case={entry.case_id or '-'}  to={entry.reader or '-'}  file={sha}  "
        f"{entry.decision}  {counts}"
    )


@audit_app.command("list")
def list_cmd(
    limit: Annotated[int, typer.Option("--limit", min=1, help="how many recent entries")] = 20,
) -> None:
    """The most recent entries, one line each (oldest first)."""
    from redactor import audit

    for entry in audit.recent(limit):
        typer.echo(_line(entry))


@audit_app.command("show")
def show_cmd(entry_id: Annotated[int, typer.Argument(help="the entry's id")]) -> None:
    """Every field of one entry, as JSON."""
    from redactor import audit

    entry = audit.entry(entry_id)
    if entry is None:
        raise BadInput(f"no audit entry {entry_id}")
    typer.echo(json.dumps(entry.as_dict(), indent=2, ensure_ascii=False))


@audit_app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="csv or json")] = "json",
    out: Annotated[Path | None, typer.Option("--out", help="a file (default: stdout)")] = None,
) -> None:
    """Every entry, as CSV or JSON."""
    from redactor.audit import entries
    from redactor.audit.export import render

    text = render(entries(), fmt)
    if out is None:
        typer.echo(text, nl=False)
    else:
        _write(out, text)


@audit_app.command("report")
def report_cmd(
    out: Annotated[Path, typer.Option("--out", help="the HTML file to write")],
) -> None:
    """A self-contained HTML page: chain status, then per document who did what when."""
    from redactor import audit
    from redactor.audit.report import render

    status = audit.verify()
    _write(out, render(audit.entries(), status))
    typer.echo(f"report written: {out} ({status.summary})")
