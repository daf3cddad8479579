"""`redactor eval [FOLDER]`: recall and precision per kind on a labelled corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from redactor.cli.app import FORMAT_HELP, app

SHOWN_MISSES = 60


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _table(report: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from redactor.evaluate import EvalReport

    assert isinstance(report, EvalReport)
    table = Table(title=f"Detection quality on {report.folder} ({report.documents} documents)")
    for name in ("kind", "labels", "caught", "recall", "findings", "precision"):
        table.add_column(name, justify="left" if name == "kind" else "right")
    for k in report.kinds:
        table.add_row(k.kind, str(k.labels), str(k.caught), _pct(k.recall), str(k.findings), _pct(k.precision))
    console = Console(width=120, soft_wrap=True)
    console.print(table)
    for title, share in (("known details caught", report.known), ("keep survival", report.keep),
                         ("look-alikes left alone", report.lookalikes),
                         ("unregistered addresses caught whole (first line and postcode gone)",
                          report.unregistered),
                         ("unregistered addresses with nothing left", report.unregistered_all)):  # fmt: skip
        console.print(f"{title}: {_pct(share.value)} ({share.good}/{share.total})", highlight=False)
    formats = ", ".join(f"{f} {_pct(s.value)}" for f, s in sorted(report.by_format.items()))
    console.print(f"recall by format: {formats}", highlight=False)
    _details(console, report)


def _details(console: object, report: object) -> None:
    from rich.console import Console

    from redactor.evaluate import EvalReport

    assert isinstance(console, Console) and isinstance(report, EvalReport)
    for failure in report.failures:
        console.print(f"refused: {failure}", highlight=False, markup=False)
    for miss in report.misses[:SHOWN_MISSES]:
        known = " (known)" if miss.known else ""
        console.print(f"missed {miss.kind}{known} in {miss.document}: {miss.text!r} - left: {miss.left}",
                      highlight=False, markup=False)  # fmt: skip
    if len(report.misses) > SHOWN_MISSES:
        console.print(f"... and {len(report.misses) - SHOWN_MISSES} more misses (--format json lists all)")
    for t in report.touched:
        what = "look-alike" if t.lookalike else "keep phrase"
        console.print(f"{what} touched in {t.document}: {t.phrase!r} by {t.by}", highlight=False, markup=False)


@app.command("eval")
def eval_command(
    folder: Annotated[Path, typer.Argument(help="Folder of labelled documents")] = Path("sample_docs"),
    format: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "text",
) -> int:  # fmt: skip
    """Measure detection on labelled documents: recall and precision per kind, keep survival."""
    from redactor.evaluate import evaluate

    if format not in ("text", "json"):
        raise typer.BadParameter("--format must be text or json")
    report = evaluate(folder)
    if format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        _table(report)
    return 0
