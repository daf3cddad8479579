"""What every NER engine offers (`NerEngine`): the one interface detection calls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from redactor.types import Finding


def nothing() -> None:
    return None


class NerEngine(Protocol):
    """Named entities in texts: spaCy through Presidio (redactor.ner.engines), or a fake."""

    def scan_many(self, texts: Sequence[str], meanwhile: Callable[[], object] = nothing) -> list[list[Finding]]:
        """The NER findings of each text; `segment` is the text's index, offsets are in it. `meanwhile`
        runs in this process, while an engine that works in another process does (else before)."""
        ...

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        """The engine for one operation (a document read, then detected): an engine that
        prepares ahead starts here, and runs `meanwhile` in this process while it works."""
        ...
