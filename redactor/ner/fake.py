"""A fake NER engine for tests: known entities found wherever they occur, no model loaded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from redactor.ner.engine import NerEngine, ReadsHere, nothing
from redactor.types import DetectorKind, Explanation, Finding


@dataclass(frozen=True)
class FakeNer(ReadsHere):
    """Finds each (text, kind) of `entities` wherever the text occurs, as NER would label it."""

    entities: tuple[tuple[str, str], ...] = ()
    score: float = 0.85

    def scan_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        return [sorted(self._found(i, text), key=lambda f: f.start) for i, text in enumerate(texts)]

    def _found(self, segment: int, text: str) -> list[Finding]:
        out = []
        for value, kind in self.entities:
            start = text.find(value)
            while value and start != -1:
                rule = f"ner/{kind.lower()}"
                why = Explanation(DetectorKind.NER, rule, self.score, note=f"the fake NER engine was told it is {kind}")
                out.append(Finding(kind=kind, text=value, segment=segment, start=start, end=start + len(value),
                                   detector=DetectorKind.NER, rule=rule, score=self.score, explanation=why))
                start = text.find(value, start + len(value))
        return out

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        return nullcontext(self)
