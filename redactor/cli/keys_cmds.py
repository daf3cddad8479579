"""`redactor keys rotate receipts`: a new receipt key; the old one kept to check old receipts."""

from __future__ import annotations

from typing import Annotated

import typer

from redactor.cli.app import keys_app


@keys_app.command("rotate")
def rotate_cmd(
    name: Annotated[str, typer.Argument(help="the key to rotate (receipts)")],
    user: Annotated[str | None, typer.Option("--user", help="who rotates it (default $REDACTOR_USER)")] = None,
) -> None:
    """Retire the current key and make a new one; receipts it signed stay verifiable (key ids)."""
    from redactor.gate.keyrotation import rotate_key
    from redactor.settings import current_user

    old_id, new_id = rotate_key(name, current_user(user))
    typer.echo(f"key {name}: {old_id} retired, {new_id} signs from now on")
