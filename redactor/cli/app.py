"""The Typer application object that every command module registers onto.

Command modules stay thin: parse options, call `redactor.api`, print. Heavy
libraries (spaCy, PyMuPDF) are imported inside the api calls, so `--help`
and refusals of bad input return at once.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="redactor",
    help="Find and truly remove the confidential details of domestic-abuse victims "
    "before a document leaves the council.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
audit_app = typer.Typer(help="Review and verify the tamper-evident audit log.", no_args_is_help=True)
receipt_app = typer.Typer(help="Check release receipts.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
app.add_typer(receipt_app, name="receipt")

FORMAT_HELP = "text (for people) or json (one object on stdout)"
