"""The Typer application object that every command module registers onto.

Command modules stay thin: parse options, call `redactor.api`, print. Heavy
libraries (spaCy, PyMuPDF) are imported inside the api calls, so `--help`
and refusals of bad input return at once.
"""

from __future__ import annotations

import typer

MODES = (
    "Without REDACTOR_SERVER the gate is embedded: it guards against mistakes, not against someone "
    "who owns the state folder ($REDACTOR_HOME), and --user is a claimed name (approvals record the "
    "operating-system login beside it). With REDACTOR_SERVER (base URL) and REDACTOR_TOKEN set, "
    "check, redact, approve, release, queue and case are sent to the service and act as the token's "
    "user, whatever --user says."
)
app = typer.Typer(
    name="redactor",
    help="Find and truly remove the confidential details of domestic-abuse victims "
    "before a document leaves the council.\n\n" + MODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
audit_app = typer.Typer(help="Review and verify the tamper-evident audit log.", no_args_is_help=True)
receipt_app = typer.Typer(help="Check release receipts.", no_args_is_help=True)
case_app = typer.Typer(help="The council's record of a case (release decides from it).", no_args_is_help=True)
db_app = typer.Typer(help="The database that keeps the state (SQLite by default, or PostgreSQL).",
                     no_args_is_help=True)  # fmt: skip
app.add_typer(audit_app, name="audit")
app.add_typer(db_app, name="db")
keys_app = typer.Typer(help="The service's secret keys (settings keys:).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(case_app, name="case")
app.add_typer(receipt_app, name="receipt")

FORMAT_HELP = "text (for people) or json (one object on stdout)"
