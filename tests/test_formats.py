"""One table names each format's reader, writer and verifier: every format has all three."""

from __future__ import annotations

import pytest

from redactor.formats import MODULES, STAGES, module_for

ENTRY_POINTS = {"documents": "read", "redact": "write", "verify": "inspect"}


@pytest.mark.parametrize("fmt", sorted(MODULES))
@pytest.mark.parametrize("stage", STAGES)
def test_every_format_has_its_module_at_every_stage(stage: str, fmt: str) -> None:
    module = module_for(stage, fmt)
    assert module.__name__ == f"redactor.{stage}.{MODULES[fmt]}"
    assert callable(getattr(module, ENTRY_POINTS[stage]))


@pytest.mark.parametrize(("stage", "fmt"), [("documents", "odt"), ("print", "pdf"), ("verify", "")])
def test_an_unknown_format_or_stage_is_refused(stage: str, fmt: str) -> None:
    with pytest.raises(ValueError, match="no .* module for format"):
        module_for(stage, fmt)
