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
from redactor.ner.engine import NerEngine, ReadsHere, Span, SpanReader, nothing
from redactor.types import Finding


@dataclass(frozen=True)
class WarmNer(ReadsHere):
    """The model loaded once in this process and kept; every text is worked on here."""

    def scan_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        return model.per_text(model.analyze(model.pieces_of(texts)), len(texts))

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        return nullcontext(self)


def analyze_split(pieces: list[model.Piece]) -> list[Finding]:
    """`model.analyze` over `pieces`, the second half in a forked child when worth it."""
    model.analyzer()  # load before any fork, so a child shares the model
    return parallel.split_map(model.analyze, pieces, model.weight)


# What an `AheadNer` child is sent: the pieces to scan, and a second reader's texts (or none).
Batch = tuple[list[model.Piece], SpanReader | None, list[str]]
Answer = tuple[list[Finding], list[list[Span]]]


def scan_batches(batches: list[Batch]) -> list[Answer]:
    """In an `AheadNer` child: the NER of each batch (split across cores), then its second reader's spans
    (spaCy is imported here already, for the NER; the parent never imports it for the reader)."""
    return [(analyze_split(pieces), reader.spans(read) if reader else []) for pieces, reader, read in batches]


@dataclass(frozen=True)
class SplitNer(ReadsHere):
    """The model loaded once in this process and kept; a long batch is split across two
    processes (the child forked after the load). Where forking is unsafe, all is done here."""

    def scan_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        return model.per_text(analyze_split(model.pieces_of(texts)), len(texts))

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        return nullcontext(self)


@dataclass
class _AheadRun:
    """One operation's use of an `Ahead` child: the first scan goes there, while `meanwhile`
    runs here; any later scan (the verifier's, say) is a `SplitNer` one in this process."""

    child: parallel.Ahead[Batch, Answer]
    meanwhile: Callable[[], object]
    after: SplitNer = field(default_factory=SplitNer)

    def scan_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        return self._run(texts, None, ())[0]

    def scan_and_read(self, texts: Sequence[str], reader: SpanReader,
                      read: Sequence[str]) -> tuple[list[list[Finding]], list[list[Span]]]:  # fmt: skip
        return self._run(texts, reader, read)

    def _run(self, texts: Sequence[str], reader: SpanReader | None,
             read: Sequence[str]) -> tuple[list[list[Finding]], list[list[Span]]]:  # fmt: skip
        if self.child.used:
            return self.after.scan_many(texts), reader.spans(read) if reader else []
        self.child.send([(model.pieces_of(texts), reader, list(read))])
        self.meanwhile()
        found, spans = self.child.receive()[0]
        return model.per_text(found, len(texts)), spans

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        return nullcontext(self)


@dataclass(frozen=True)
class AheadNer(ReadsHere):
    """For a process that does one operation and exits: the model is loaded in a child
    forked when the operation starts, which then does the NER (itself split across cores).
    Where the model is already loaded here, or forking is unsafe, it is `SplitNer`.
    `also_load`: what else the child loads while this process reads (the learned ADDRESS model,
    which it reads with in `scan_and_read`)."""

    also_load: Callable[[], object] = nothing

    def scan_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        return SplitNer().scan_many(texts)

    @contextmanager
    def started(self, meanwhile: Callable[[], object] = nothing) -> Iterator[NerEngine]:
        """Leaving the block kills and reaps a child that was never used or never heard."""
        if model.model_loaded() or not parallel.can_fork():
            yield SplitNer()
            return
        also = self.also_load

        def prepare() -> None:
            model.analyzer()
            also()

        with parallel.Ahead(prepare, scan_batches) as child:
            yield _AheadRun(child, meanwhile)


@dataclass(frozen=True)
class NoNer(ReadsHere):
    """Finds nothing: for a stage whose policy needs no NER."""

    def scan_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        return [[] for _ in texts]

    def started(self, meanwhile: Callable[[], object] = nothing) -> AbstractContextManager[NerEngine]:
        return nullcontext(self)
