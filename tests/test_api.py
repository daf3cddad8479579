"""The public Python API over paths and bytes returns the typed results the CLI prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SPEC_CASE

import redactor
from redactor.types import Decision, Verdict

NOTE = "Visit log: Claire is now at 41 Wharf Street, Macclesfield, SK11 6QP (mobile 07700 900461).\n"


def test_public_names_resolve_lazily() -> None:
    assert redactor.check_file is redactor.api.check_file
    with pytest.raises(AttributeError):
        redactor.no_such_name  # noqa: B018


def test_check_bytes_matches_check_file(tmp_path: Path, spec_case_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    by_path = redactor.check_file(path, spec_case_path, "father")
    by_bytes = redactor.check_bytes(NOTE.encode(), "anything.txt", SPEC_CASE.encode(), "father")
    assert by_bytes.verdict == by_path.verdict == Verdict.REDACT
    assert [(f.kind, f.text, f.decision) for f in by_bytes.plan.findings] == [
        (f.kind, f.text, f.decision) for f in by_path.plan.findings
    ]
    assert any(f.decision == Decision.REDACT and f.party == "mother" for f in by_path.plan.findings)


def test_redact_bytes_returns_verified_bytes() -> None:
    result, data = redactor.redact_bytes(NOTE.encode(), "n.txt", SPEC_CASE.encode(), "father")
    text = data.decode()
    assert result.verification.clean and "Wharf" not in text and "07700" not in text
    assert text.startswith("Visit log: Claire is now at [address withheld]")
