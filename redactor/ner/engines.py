"""The NER engines: where the model is loaded and which processes do the work.

- `WarmNer`: the model loaded once in this process and kept; the work done here.
- `SplitNer`: `WarmNer`, with a long document's second half done in a child forked after
  the model is loaded (it shares the model copy-on-write): both cores for one document.
- `AheadNer`: for a process that does one operation and exits (the CLI's one-shot child).
  `started` forks a child at once that loads the model while this process reads the
  document and runs the rules; the first scan is sent there. A cold run no longer waits
  for spaCy and Presidio to import before it starts reading.
- `NoNer`: finds nothing (a stage whose policy needs no NER).

Each is a frozen value: the caller chooses one and passes it down (`redactor.api`,
`redactor.detect`); nothing is read from a module flag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field

from redactor import parallel
from redactor.ner import model
from redactor.ner.engine import NerEngine, nothing
from redactor.types import Finding


@dataclass(frozen=True)
class WarmNer:
    """The model loaded once in this process and kept; every text is worked on here."""

    def scan_many(self, texts: Sequence[str], meanwhile: Callable[[], object] = nothing) -> list[list[Finding]]:
        meanwhile()
        return model.per_text(model.analyze(model.pieces_of(texts)), len(texts))

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        return nullcontext(self)


def analyze_split(pieces: list[model.Piece]) -> list[Finding]:
    """`model.analyze` over `pieces`, the second half in a forked child when worth it."""
    model.analyzer()  # load before any fork, so a child shares the model
    return parallel.split_map(model.analyze, pieces, model.weight)


@dataclass(frozen=True)
class SplitNer:
    """The model loaded once in this process and kept; a long batch is split across two
    processes (the child forked after the load). Where forking is unsafe, all is done here."""

    def scan_many(self, texts: Sequence[str], meanwhile: Callable[[], object] = nothing) -> list[list[Finding]]:
        meanwhile()  # before any fork: nothing of it runs beside a forked child
        return model.per_text(analyze_split(model.pieces_of(texts)), len(texts))

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        return nullcontext(self)


@dataclass
class _AheadRun:
    """One operation's use of an `Ahead` child: the first scan goes there, while `meanwhile`
    runs here; any later scan (the verifier's, say) is a `SplitNer` one in this process."""

    child: parallel.Ahead[model.Piece, Finding]
    meanwhile: Callable[[], object]
    after: SplitNer = field(default_factory=SplitNer)

    def scan_many(self, texts: Sequence[str], meanwhile: Callable[[], object] = nothing) -> list[list[Finding]]:
        if self.child.used:
            return self.after.scan_many(texts, meanwhile)
        self.child.send(model.pieces_of(texts))
        self.meanwhile()
        meanwhile()  # the caller's own work (the learned ADDRESS model), while the child does the NER
        return model.per_text(self.child.receive(), len(texts))

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        return nullcontext(self)


@dataclass(frozen=True)
class AheadNer:
    """For a process that does one operation and exits: the model is loaded in a child
    forked when the operation starts, which then does the NER (itself split across cores).
    Where the model is already loaded here, or forking is unsafe, it is `SplitNer`."""

    def scan_many(self, texts: Sequence[str], meanwhile: Callable[[], object] = nothing) -> list[list[Finding]]:
        return SplitNer().scan_many(texts, meanwhile)

    @contextmanager
    def started(self, meanwhile: Callable[[], object] = nothing) -> Iterator[NerEngine]:
        """Leaving the block kills and reaps a child that was never used or never heard."""
        if model.model_loaded() or not parallel.can_fork():
            yield SplitNer()
            return
        with parallel.Ahead(model.analyzer, analyze_split) as child:
            yield _AheadRun(child, meanwhile)


@dataclass(frozen=True)
class NoNer:
    """Finds nothing: for a stage whose policy needs no NER."""

    def scan_many(self, texts: Sequence[str], meanwhile: Callable[[], object] = nothing) -> list[list[Finding]]:
        meanwhile()
        return [[] for _ in texts]

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        return nullcontext(self)
