"""The NER model: spaCy through Presidio, configured by models/ner.yaml.

The analyzer is built once per process and kept (the one cache here: a model, not a
channel; which process loads it and when is the engine's choice, redactor.ner.engines).
Only Presidio's spaCy
recognizer is registered: the rule-based kinds come from rules/ (see patterns.py),
and Presidio's email/URL recognizers (which reach for the network through
tldextract) are never loaded.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from redactor.errors import InternalError
from redactor.ruleset import models_dir, read_yaml
from redactor.types import DetectorKind, Explanation, Finding


@cache
def ner_config() -> dict[str, Any]:
    config = read_yaml(models_dir() / "ner.yaml")
    if not isinstance(config, dict) or not config.get("models"):
        raise InternalError("models/ner.yaml: `models` is missing")
    return config


def _engine_class() -> Any:
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class SlimSpacyEngine(SpacyNlpEngine):  # type: ignore[misc]
        """Presidio's spaCy engine, loading only the components NER needs."""

        def __init__(self, exclude: Sequence[str], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.exclude = list(exclude)

        def load(self) -> None:
            import spacy
            from thinc.api import use_ops

            self.nlp = {}
            for model in self.models:
                if not spacy.util.is_package(model["model_name"]):
                    raise InternalError(f"NER model {model['model_name']} is not installed (make install)")
                # A model keeps the ops it was built with, so this choice outlives the block.
                with use_ops("numpy", use_blis=bool(ner_config().get("use_blis", True))):
                    self.nlp[model["lang_code"]] = spacy.load(model["model_name"], exclude=self.exclude)

    return SlimSpacyEngine


def one_blas_thread() -> None:
    """NER runs in two processes at once on long documents (SplitNer): OpenBLAS
    threads in both, spinning against each other on two cores, made it 1.8x slower."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


@contextmanager
def _no_collections() -> Iterator[None]:
    """Loading spaCy and Presidio makes millions of objects and no garbage: the cyclic
    collector only slows it (about 9%). What is loaded is then frozen out of later
    collections, which also spares the copy-on-write pages of a NER child forked after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


@cache
def analyzer() -> Any:
    """The warm Presidio analyzer (built once per process)."""
    with _no_collections():
        return _build_analyzer()


def _build_analyzer() -> Any:
    from redactor.offline import make_offline

    make_offline()
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NerModelConfiguration
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    config = ner_config()
    ner_conf = NerModelConfiguration(**config.get("ner_model_configuration", {}))
    engine = _engine_class()(exclude=config.get("exclude", []), models=config["models"],
                             ner_model_configuration=ner_conf)  # fmt: skip
    engine.load()
    one_blas_thread()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(SpacyRecognizer(supported_entities=list(config["entities"])))
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


CHUNK_CHARS = 3000


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) cut at line ends: one long DOCX body as one spaCy Doc costs ~3x the
    memory and more time than the same text in pieces, for the same entities."""
    out, start = [], 0
    while start < len(text):
        end = len(text) if len(text) - start <= size else text.rfind("\n", start, start + size) + 1
        end = end if end > start else min(len(text), start + size)
        out.append((start, text[start:end]))
        start = end
    return out


Piece = tuple[int, int, str]  # (text index, offset in that text, the piece)


def model_loaded() -> bool:
    return analyzer.cache_info().currsize > 0


def pieces_of(texts: Sequence[str]) -> list[Piece]:
    return [(i, offset, piece) for i, text in enumerate(texts) for offset, piece in chunks(text)]


def weight(piece: Piece) -> int:
    return len(piece[2])


def per_text(found: list[Finding], count: int) -> list[list[Finding]]:
    """Findings of the pieces of `count` texts, back by text (`segment` is the text's index)."""
    out: list[list[Finding]] = [[] for _ in range(count)]
    for f in found:
        out[f.segment].append(f)
    return out


def analyze(pieces: list[Piece]) -> list[Finding]:
    """NER findings in `pieces`, batched through spaCy's nlp.pipe, in this process."""
    engine = analyzer()
    config = ner_config()
    batch = engine.nlp_engine.process_batch([p[2] for p in pieces], "en", batch_size=int(config.get("batch_size", 64)))
    found: list[Finding] = []
    for (index, offset, piece), (_, artifacts) in zip(pieces, batch, strict=True):
        results = engine.analyze(text=piece, language="en", entities=list(config["entities"]),
                                 nlp_artifacts=artifacts)  # fmt: skip
        found += [_finding(index, piece, r, offset) for r in results]
    return found


def _finding(segment: int, text: str, result: Any, offset: int = 0) -> Finding:
    return Finding(
        kind=result.entity_type,
        text=text[result.start : result.end],
        segment=segment,
        start=result.start + offset,
        end=result.end + offset,
        detector=DetectorKind.NER,
        rule=f"ner/{result.entity_type.lower()}",
        score=float(result.score),
        explanation=Explanation(DetectorKind.NER, f"ner/{result.entity_type.lower()}", float(result.score),
                                note=f"spaCy NER through Presidio labelled it {result.entity_type}"),
    )
