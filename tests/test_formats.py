"""One table names each format's reader, writer and verifier: every format module exports every
function its stage calls, with the arguments and results the stage expects."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from redactor.formats import MODULES, STAGES, module_for
from redactor.settings import Limits
from redactor.types import Cut, Document, PagePass, Reading, Residue

# stage -> {function the stage calls: its type hints}; what a new format must provide.
CONTRACT: dict[str, dict[str, dict[str, Any]]] = {
    "documents": {"read": {"path": Path, "data": bytes, "limits": Limits, "return": Document}},
    "redact": {"write": {"doc": Document, "cuts": Sequence[Cut], "out": Path, "limits": Limits,
                         "page_pass": PagePass | None, "return": tuple[str, ...]}},
    "verify": {
        "read_back": {"path": Path, "return": list[tuple[str, str]]},
        "structure": {"path": Path, "return": list[Residue]},
        "inspect": {"path": Path, "return": tuple[list[tuple[str, str]], list[Residue]]},
    },
}
# Optional: a verifier that has it confirms a finding across lines in a second reading; a reader
# that has it hands its pass over each page to the writer.
OPTIONAL = {
    "documents": {"reading": {"path": Path, "data": bytes, "limits": Limits, "return": Reading}},
    "verify": {"in_page_order": {"path": Path, "places": Iterable[str], "return": dict[str, str]}},
}


def test_the_contract_covers_every_stage() -> None:
    assert set(CONTRACT) == set(STAGES)


@pytest.mark.parametrize("fmt", sorted(MODULES))
@pytest.mark.parametrize("stage", STAGES)
def test_every_format_exports_what_its_stage_calls(stage: str, fmt: str) -> None:
    module = module_for(stage, fmt)
    assert module.__name__ == f"redactor.{stage}.{MODULES[fmt]}"
    for name, hints in CONTRACT[stage].items():
        function: Callable[..., Any] = getattr(module, name)
        assert typing.get_type_hints(function) == hints, (module.__name__, name)
    for name, hints in OPTIONAL.get(stage, {}).items():
        if hasattr(module, name):
            assert typing.get_type_hints(getattr(module, name)) == hints, (module.__name__, name)


@pytest.mark.parametrize(("stage", "fmt"), [("documents", "odt"), ("print", "pdf"), ("verify", "")])
def test_an_unknown_format_or_stage_is_refused(stage: str, fmt: str) -> None:
    with pytest.raises(ValueError, match="no .* module for format"):
        module_for(stage, fmt)


@pytest.mark.parametrize("fmt", sorted(MODULES))
def test_the_typed_accessors_give_each_stage_its_module(fmt: str) -> None:
    from redactor.formats import page_order_for, reader_for, verifier_for, verifier_name, writer_for

    assert [getattr(m, "__name__", "") for m in (reader_for(fmt), writer_for(fmt), verifier_for(fmt))] == [
        f"redactor.{stage}.{MODULES[fmt]}" for stage in STAGES]
    assert (page_order_for(fmt) is not None) == (fmt == "pdf")  # only pages have a page order
    assert verifier_name(fmt) == MODULES[fmt]


def test_a_reader_without_a_page_pass_gives_its_document_alone(tmp_path: Path) -> None:
    from redactor.formats import reader_for, reading_for

    path = tmp_path / "a.txt"
    path.write_text("Attendance was good.\n")
    reading = reading_for("txt")(path, path.read_bytes(), Limits())
    assert reading.page_pass is None
    assert reading.document == reader_for("txt").read(path, path.read_bytes(), Limits())
