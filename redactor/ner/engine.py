"""What every NER engine offers (`NerEngine`): the one interface detection calls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from redactor.types import Finding

Span = tuple[int, int]


class SpanReader(Protocol):
    """A second model that reads texts for spans (the learned ADDRESS model, redactor.detect.learned);
    an engine runs it where it runs NER, so that a cold run imports spaCy once, in the NER process."""

    def spans(self, texts: Sequence[str]) -> list[list[Span]]: ...


def nothing() -> None:
    return None


class NerEngine(Protocol):
    """Named entities in texts: spaCy through Presidio (redactor.ner.engines), or a fake."""

    def scan_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        """The NER findings of each text; `segment` is the text's index, offsets are in it."""
        ...

    def scan_and_read(self, texts: Sequence[str], reader: SpanReader,
                      read: Sequence[str]) -> tuple[list[list[Finding]], list[list[Span]]]:  # fmt: skip
        """`scan_many(texts)`, and `reader.spans(read)` done in the same process as the NER."""
        ...

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        """The engine for one operation (a document read, then detected): an engine that
        prepares ahead starts here, and runs `meanwhile` in this process while it works."""
        ...


class ReadsHere:
    """`scan_and_read` for an engine that works in this process: its NER, then the reader, here."""

    def scan_and_read(self: NerEngine, texts: Sequence[str], reader: SpanReader,
                      read: Sequence[str]) -> tuple[list[list[Finding]], list[list[Span]]]:  # fmt: skip
        return self.scan_many(texts), reader.spans(read)
