"""The shared real-world corpus through the readers: each file's outcome as the table records it.

The files were written by other projects to test their own readers (`SOURCES.md` beside them);
the table (tests/data/realworld_outcomes.tsv) says what reading each one must give, so a
regression on any one of them shows. Files listed as valid (`expected.json`) must never be
refused: a valid scan may be held (no text layer, and OCR cannot read it with confidence), never turned away.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import realworld

pytestmark = pytest.mark.slow
TABLE = Path(__file__).parent / "data" / "realworld_outcomes.tsv"


def table() -> dict[str, str]:
    rows = [line.split("\t") for line in TABLE.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return {name: outcome for name, outcome in rows}


EXPECTED = table()


def test_the_table_lists_every_file_of_the_corpus() -> None:
    assert realworld.FILES.is_dir(), f"the shared corpus is missing: {realworld.FILES}"
    assert [p.name for p in realworld.corpus_files()] == sorted(EXPECTED)


def test_no_valid_file_is_refused() -> None:
    valid = json.loads((realworld.CORPUS / "expected.json").read_text("utf-8"))["process"]
    assert set(valid) <= set(EXPECTED)
    assert {name: EXPECTED[name] for name in valid if not EXPECTED[name].startswith(("processed", "held"))} == {}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_reads_as_the_table_says(name: str) -> None:
    assert realworld.outcome(realworld.FILES / name) == EXPECTED[name]
