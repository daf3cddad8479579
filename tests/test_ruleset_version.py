"""The rules version stamped on audit entries is the digest of the rules in force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redactor import ruleset


def test_version_without_loading_matches_the_loaded_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(ruleset.rules_dir(), copy)
    monkeypatch.setenv("REDACTOR_RULES", str(copy))
    before = ruleset.rules_version()
    assert before == ruleset.load_rules().version

    policy = copy / "policy.yaml"
    policy.write_text(policy.read_text("utf-8") + "\n# a reviewed change\n", "utf-8")
    assert ruleset.rules_version() != before  # any edit to the rules gives a new version
