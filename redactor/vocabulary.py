"""The closed vocabulary of case files (rules/vocabulary.yaml): flags, markers, detail kinds.

Validated on load like the other rules files; a case file may use nothing else, so a
misspelt marker (`protcted`) or detail kind (`vehiclez`) is refused instead of silently
switching protection off.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from redactor.ruleset import Vocabulary, _validated, rules_dir

__all__ = ["Vocabulary", "load_vocabulary"]


@cache
def _load(folder: Path) -> Vocabulary:
    vocabulary: Vocabulary = _validated(Vocabulary, folder / "vocabulary.yaml")
    return vocabulary


def load_vocabulary() -> Vocabulary:
    return _load(rules_dir())
