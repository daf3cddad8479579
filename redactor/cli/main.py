"""Entry point: dispatch to the commands and map every failure to one exit code.

This is the single error path of the CLI: a failure becomes one short line on
stderr (never a traceback unless --debug, never document text) and the exit
code of `redactor.errors`.
"""

from __future__ import annotations

import os
import sys

import click
import typer.exceptions
from typer._click.exceptions import ClickException as TyperClickException

from redactor.cli.app import app
from redactor.errors import EXIT_BAD_INPUT, exit_code_for, one_line

# typer 0.29 bundles its own copy of click: catch both copies' exceptions.
CLICK_EXIT = (click.exceptions.Exit, typer.exceptions.Exit)
CLICK_USAGE = (click.ClickException, TyperClickException)
CLICK_ABORT = (click.exceptions.Abort, typer.exceptions.Abort)


def _register() -> None:
    # Importing the modules registers their commands on `app`.
    from redactor.cli import (  # noqa: F401
        audit_cmds,
        batch_cmds,
        case_cmds,
        db_cmds,
        document_cmds,
        eval_cmds,
        gate_cmds,
        keys_cmds,
        service_cmds,
    )


def _report_failure(exc: BaseException) -> int:
    # Failures of a document operation were already audited by redactor.commands.
    print(f"redactor: error: {one_line(exc)}", file=sys.stderr)
    return exit_code_for(exc)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("REDACTOR_DEBUG") == "1"
    args = [a for a in args if a != "--debug"]
    if debug:
        os.environ["REDACTOR_DEBUG"] = "1"  # so the worker child shows its traceback too
    _register()
    try:
        result = app(args=args, prog_name="redactor", standalone_mode=False)
    except CLICK_EXIT as exc:
        return int(exc.exit_code)
    except CLICK_USAGE as exc:
        print(f"redactor: error: {' '.join(exc.format_message().split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except CLICK_ABORT:
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): say nothing more, and do not claim "clear".
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except BaseException as exc:  # noqa: BLE001 - the one place failures become exit codes
        if debug:
            import traceback

            traceback.print_exc()
        return _report_failure(exc)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
