"""`redactor batch`: redact every document in a folder (a subject-access request, a bundle).

Progress goes to stderr (a rich bar on a terminal, one plain line per document
otherwise); the summary goes to stdout. Exit 0 when every document was redacted,
1 when any was held or refused, 2 for bad usage, 3 for an internal error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from redactor.cli.app import app

if TYPE_CHECKING:
    from redactor.batch import Done, Summary, Todo

FolderArg = Annotated[Path, typer.Argument(help="Folder of .pdf, .docx and .txt documents (searched "
                                           "recursively)", show_default=False)]  # fmt: skip
CaseOpt = Annotated[Path, typer.Option("--case", help="The case file (YAML or JSON)", show_default=False)]
ReaderOpt = Annotated[str, typer.Option("--to", help="Party id of the reader in the case file",
                                        show_default=False)]  # fmt: skip
OutOpt = Annotated[Path, typer.Option("--out", help="Folder for the redacted copies (same relative "
                                      "paths)", show_default=False)]  # fmt: skip
UserOpt = Annotated[str | None, typer.Option("--user", help="Who runs this (default $REDACTOR_USER, "
                                             "then login)")]  # fmt: skip
WorkersOpt = Annotated[int | None, typer.Option("--workers", help="Worker processes (default: one "
                                                "per core)", show_default=False)]  # fmt: skip


@app.command()
def batch(folder: FolderArg, case: CaseOpt, to: ReaderOpt, out: OutOpt, user: UserOpt = None,
          workers: WorkersOpt = None) -> None:  # fmt: skip
    """Redact every document in FOLDER into OUT; a re-run skips what is done and unchanged."""
    from redactor import batch as batching
    from redactor.settings import current_user

    job = batching.Job(folder, case, to, out, current_user(user),
                       batching.default_workers() if workers is None else workers)  # fmt: skip
    todo = batching.prepare(job)
    with progress(todo) as on_done:
        summary = batching.execute(job, todo, on_done)
    print_summary(summary)
    raise typer.Exit(summary.exit_code)


def _label(done: Done) -> str:
    return f"{done.outcome} (earlier run)" if done.skipped else str(done.outcome)


@contextmanager
def progress(todo: Todo) -> Iterator[Callable[[Done], None]]:
    """A callback per finished document: a rich bar on a terminal, plain lines otherwise."""
    from rich.console import Console

    console = Console(stderr=True)
    total = len(todo.items)
    skipped = f" ({len(todo.skipped)} done earlier and unchanged)" if todo.skipped else ""
    print(f"redactor batch: {total} document(s) to redact{skipped}", file=sys.stderr, flush=True)
    if not console.is_terminal:
        yield _plain_lines(total)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("redacting", total=total)

        def advance(done: Done) -> None:
            from rich.markup import escape

            bar.update(task, advance=1, description=escape(f"{done.outcome}: {done.rel}"))

        yield advance


def _plain_lines(total: int) -> Callable[[Done], None]:
    count = 0

    def line(done: Done) -> None:
        nonlocal count
        count += 1
        print(f"[{count}/{total}] {done.rel}: {done.outcome}", file=sys.stderr, flush=True)

    return line


def _totals(summary: Summary) -> str:
    from redactor.batch import Outcome

    counts = ", ".join(f"{summary.count(o)} {o}" for o in Outcome)
    earlier = sum(1 for r in summary.results if r.skipped)
    return f"{len(summary.results)} document(s): {counts}" + (
        f" ({earlier} from an earlier run)" if earlier else "")  # fmt: skip


def print_summary(summary: Summary) -> None:
    """Every document with its outcome and one-line reason, then the totals."""
    from rich.console import Console

    console = Console()
    if console.is_terminal:
        from rich.table import Table
        from rich.text import Text

        table = Table(title="redactor batch")
        for column in ("document", "outcome", "reason"):
            table.add_column(column)
        for done in summary.results:
            # Text, not markup: a file name or a reason may hold square brackets.
            style = "green" if done.outcome == "redacted" else "bold red"
            table.add_row(Text(done.rel), Text(_label(done), style=style), Text(done.reason))
        console.print(table)
    else:
        for done in summary.results:
            print(f"{_label(done):<24} {done.rel}  {done.reason}")
    for rel in summary.ignored:
        print(f"{'not processed':<24} {rel}  not a .pdf, .docx or .txt file")
    print(_totals(summary))
