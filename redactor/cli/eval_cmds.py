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


def _table(report: object, summary: bool = False) -> None:
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
    if report.readers_own:
        console.print(f"labels that are the reader's own recorded details (kept by da.reader-own, not scored): "
                      f"{report.readers_own}", highlight=False)  # fmt: skip
    formats = ", ".join(f"{f} {_pct(s.value)}" for f, s in sorted(report.by_format.items()))
    console.print(f"recall by format: {formats}", highlight=False)
    if summary:
        from redactor.evaluate import miss_shapes

        shapes = ", ".join(f"{name} {n}" for name, n in miss_shapes(report).items())
        console.print(f"unregistered addresses not caught whole: {shapes}", highlight=False)
        console.print(f"(--summary: {len(report.misses)} misses, {len(report.touched)} touched phrases and "
                      f"{len(report.failures)} refusals not shown)", highlight=False)  # fmt: skip
    else:
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


SUMMARY_ROWS = (
    ("known details caught", "known"), ("keep survival", "keep"), ("look-alikes left alone", "lookalikes"),
    ("unregistered addresses caught whole", "unregistered"),
    ("unregistered addresses, nothing left", "unregistered_all"),
)  # fmt: skip


def _side_by_side(reports: list[object]) -> None:
    """One row per kind, recall and precision in each corpus, so a gap between them shows."""
    from rich.console import Console
    from rich.table import Table

    from redactor.evaluate import EvalReport

    assert all(isinstance(r, EvalReport) for r in reports)
    table = Table(title="Detection quality, side by side (the first folder is the tuned set)")
    table.add_column("kind")
    for r in reports:
        assert isinstance(r, EvalReport)
        for what in ("labels", "recall", "precision"):
            table.add_column(f"{r.folder.name} {what}", justify="right")
    kinds = sorted({k.kind for r in reports for k in r.kinds if k.labels})  # type: ignore[attr-defined]
    for kind in kinds:
        cells = []
        for r in reports:
            k = r.kind(kind)  # type: ignore[attr-defined]
            cells += [str(k.labels), _pct(k.recall), _pct(k.precision)]
        table.add_row(kind, *cells)
    for title, attr in SUMMARY_ROWS:
        cells = []
        for r in reports:
            share = getattr(r, attr)
            cells += [str(share.total), _pct(share.value), ""]
        table.add_row(title, *cells)
    Console(width=160, soft_wrap=True).print(table)


@app.command("eval")
def eval_command(
    folders: Annotated[list[Path] | None, typer.Argument(help="Folders of labelled documents")] = None,
    format: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "text",
    summary: Annotated[bool, typer.Option("--summary", help="Print the tables only: no miss, touched phrase "
                                          "or refusal (for a held-out set whose strings must stay unread)")] = False,
) -> int:  # fmt: skip
    """Measure detection on labelled documents: recall and precision per kind, keep survival.

    Give the tuned corpus and an independent one (`redactor eval sample_docs eval_independent`)
    to see both side by side: the tuned set cannot tell how the product does on new text.
    `--summary` prints the figures alone, never a string of the documents."""
    from redactor.evaluate import evaluate

    if format not in ("text", "json"):
        raise typer.BadParameter("--format must be text or json")
    if summary and format == "json":
        raise typer.BadParameter("--summary prints tables; it does not go with --format json")
    reports = [evaluate(folder) for folder in (folders or [Path("sample_docs")])]
    if format == "json":
        body = [r.to_dict() for r in reports]
        print(json.dumps(body[0] if len(body) == 1 else body, indent=2, ensure_ascii=False))
        return 0
    for report in reports:
        _table(report, summary)
    if len(reports) > 1:
        _side_by_side(list(reports))
    return 0
