"""Commands registered on redactor.cli.app (filled by its owner)."""
