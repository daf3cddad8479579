"""The learned second opinion for ADDRESS: a small spaCy `ner` (one label, ADDRESS) trained with spaCy's
own tools on generated case-record sentences (scripts/address_model/, `make address-model`), shipped in
models/address/ and configured by models/address.yaml.

The rules stay the first, explainable line; the model only adds to what they found, by rules that
are data (models/address.yaml):
- a learned span that overlaps a rule's ADDRESS or POSTCODE finding extends it to their union
  (rule `learned/extends`; the note names the rule it extended);
- a learned span alone is taken only with address evidence: a digit or a postcode shape in it, one of
  the street, house or sub-building words, or an introducing cue just before it ("at", "to", "lives",
  "moved", "address:"). It is scored below the policy's review threshold: removed, and a person looks;
- never across the council's own allowed address (the same fences as `AddressAssembly`).
The model reads only windows of whole lines that hold some address evidence (speed).

Which model runs is a value passed down (like the NER engine): `SpacyAddressModel` (the pipeline
loaded once per process, on first use) or `NoAddressModel`; `configured()` picks by the settings
(`learned_address:`) and models/address.yaml (`enabled:`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from redactor.casefile import CaseFile
from redactor.detect import known
from redactor.errors import InternalError
from redactor.ner.engine import Span, SpanReader
from redactor.ruleset import models_dir, read_yaml
from redactor.types import DetectorKind, Explanation, Finding

if TYPE_CHECKING:
    from redactor.detect.registry import SegmentText

RULE_ALONE = "learned/address"
RULE_EXTENDS = "learned/extends"
MODEL_NAME = "learned ADDRESS model (models/address)"
CONTEXT_LINES = 0  # lines read either side of a rule's address (an address block, a table row)
LEAD_WORDS = frozenset({"past", "in", "on", "into", "via", "towards", "and"})
MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun"
# "No. 16", or a number before a capitalised word that is not a month or a day ("12 Kingsway", never
# "14 March", "14:30 Monday", "1. Introduction").
HOUSE_NUMBER = re.compile(rf"\b(?i:no|number)\.?\s*\d{{1,4}}\b|(?<![\d:/.])\b\d{{1,4}}[A-Za-z]?\b(?![.:/])\s+"
                          rf"(?!(?i:{MONTHS}))[A-Z][A-Za-z]")
# A name in a span the model took alone: a capitalised word that is not an article, a day, a month, a
# feast or a title ("the house at Christmas" names no place; "the Hollies" does).
NOT_NAMES = frozenset({
    "the", "a", "an", "christmas", "easter", "mr", "mrs", "ms", "miss", "dr", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
})  # fmt: skip


def _named(span: str, address_words: frozenset[str]) -> bool:
    """A capitalised word that names: not an article, a day, a month, a title, nor the address word itself
    ("the Court" names nothing; "Ravensbridge Parade" does)."""
    return any(w[0].isupper() and len(w) > 1 and w.casefold() not in NOT_NAMES | address_words
               for w in re.findall(r"[^\W\d_][\w'’\-]*", span))  # fmt: skip


@dataclass(frozen=True)
class Combination:
    """How the model's spans combine with the rules (models/address.yaml), as data."""

    extends_kinds: frozenset[str]
    extend_score: float
    alone_score: float
    postcode: re.Pattern[str]
    words: frozenset[str]
    cues: frozenset[str]
    take_alone: bool = True
    context_chars: int = 240
    not_alone: frozenset[str] = frozenset()

    @classmethod
    def of(cls, config: dict[str, Any]) -> Combination:
        return cls(frozenset(config["extends_kinds"]), float(config["extend_score"]), float(config["alone_score"]),
                   re.compile(config["postcode"]), frozenset(w.casefold() for w in config["words"]),
                   frozenset(c.casefold() for c in config["cues"]),
                   take_alone=bool(config.get("take_alone", True)),
                   not_alone=frozenset(w.casefold() for w in config.get("not_alone", ())),
                   context_chars=int(config.get("context_chars", 240)))  # fmt: skip

    def evidence(self, text: str, start: int, end: int) -> tuple[str, str | None] | None:
        """(what makes this span, found by the model alone, an address; the cue word before it) or None.

        A postcode shape is enough; otherwise a street, house or sub-building word in it, and no word of
        an organisation (a health centre, a court, a school named in passing is not where someone lives)."""
        span = text[start:end]
        cue = self.cue_before(text, start)
        if self.postcode.search(span):
            return "a postcode shape", cue
        words = _words(span)
        if any(w in self.not_alone and (i + 1 == len(words) or words[i + 1] not in self.words)
               for i, w in enumerate(words)):  # fmt: skip
            return None  # "Clase Health Centre", not "Station Road"
        word = next((w for w in words if w in self.words), None)
        if word and (any(c.isdigit() for c in span) or _named(span, self.words)):
            return f"the word {word!r}", cue  # with a name or a number: "the house by the park" is neither
        # a house number and a name alone, only after a word that places it ("moved to 12 Kingsway", never a
        # list's "4 Point Star")
        return ("a house number", cue) if cue and HOUSE_NUMBER.search(span) else None

    def carries(self, part: str) -> bool:
        """Whether a piece the model adds to a rule's address holds evidence of its own."""
        return (any(c.isdigit() for c in part) or any(w in self.words for w in _words(part))
                or bool(self.postcode.search(part)))

    def cue_before(self, text: str, start: int) -> str | None:
        before = re.findall(r"[^\W\d_]+", text[max(0, start - 24) : start])
        return before[-1].casefold() if before and before[-1].casefold() in self.cues else None

    def evidence_spans(self, text: str) -> list[Span]:
        """Where the model may find an address the rules did not start: an address word or a postcode shape
        (never a digit alone: a manual's page numbers and versions are no address). It reads the lines
        around them only, as it reads around the rules' findings."""
        return [m.span() for m in self.postcode.finditer(text)] + [m.span() for m in self.words_re.finditer(text)]

    @property
    def words_re(self) -> re.Pattern[str]:
        return _words_regex(self.words)


@cache
def _words_regex(words: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[^\W\d_]+(?:/[^\W\d_]+)?", text)]


@cache
def address_config() -> dict[str, Any]:
    config = read_yaml(models_dir() / "address.yaml")
    if not isinstance(config, dict) or "folder" not in config:
        raise InternalError("models/address.yaml: `folder` is missing")
    return config


class AddressModel(SpanReader, Protocol):
    """ADDRESS spans (start, end) in each text (`spans`, read where the NER engine runs); raises
    (never skips) when it cannot finish. `warm` loads it ahead."""

    def warm(self) -> None: ...


@cache
def load_pipeline(path: str) -> Any:
    """The spaCy pipeline, loaded once per process (the one cache here: a model)."""
    import spacy
    from thinc.api import use_ops

    if not (Path(path) / "meta.json").is_file():
        raise InternalError(f"learned address model not found in {path} (make address-model)")
    # numpy's BLAS over blis, as for the NER model (models/ner.yaml use_blis).
    with use_ops("numpy", use_blis=False), _no_plugin_factories():
        # The tokenizer is spaCy's English default (training used spacy.blank("en")): built from the
        # language's own rules, not read again from disk (its special cases took 0.08 s twice).
        return spacy.load(path, exclude=["tokenizer"])


@contextmanager
def _no_plugin_factories() -> Iterator[None]:
    """spaCy's Language() loads every installed package's `spacy_factories` entry point, and Presidio's
    imports all of presidio_analyzer: 0.7 s of a cold check whose NER runs in another process. This
    pipeline uses spaCy's own `ner` factory only, so that scan is left out while it loads."""
    from spacy import util

    factories = util.registry._entry_point_factories
    was = factories.entry_points
    factories.entry_points = False
    try:
        yield
    finally:
        factories.entry_points = was


@dataclass(frozen=True)
class SpacyAddressModel:
    """The shipped pipeline (models/address/), loaded on first use and kept for the process."""

    path: str
    label: str = "ADDRESS"
    batch_size: int = 16

    def spans(self, texts: Sequence[str]) -> list[list[Span]]:
        if not texts:
            return []
        nlp = load_pipeline(self.path)
        return [[(e.start_char, e.end_char) for e in doc.ents if e.label_ == self.label]
                for doc in nlp.pipe(texts, batch_size=self.batch_size)]  # fmt: skip

    def warm(self) -> None:
        load_pipeline(self.path)


@dataclass(frozen=True)
class NoAddressModel:
    """Finds nothing: the learned opinion switched off."""

    def spans(self, texts: Sequence[str]) -> list[list[Span]]:
        return [[] for _ in texts]

    def warm(self) -> None:
        return None


def shipped_model() -> SpacyAddressModel:
    config = address_config()
    return SpacyAddressModel(str(models_dir() / config["folder"]), config.get("label", "ADDRESS"),
                             int(config.get("batch_size", 16)))  # fmt: skip


def configured() -> AddressModel:
    """The model the settings ask for: `learned_address:` (true/false), else models/address.yaml `enabled`."""
    from redactor.settings import settings

    chosen = settings().learned_address
    on = bool(address_config().get("enabled", False)) if chosen is None else chosen
    return shipped_model() if on else NoAddressModel()


def for_verifier() -> AddressModel:
    """The model the verifier reads the output with: none. Every span the model extends holds a rule's
    ADDRESS or POSTCODE finding, which the verifier finds by the rules anyway; every span it takes alone
    was removed for a person to review, and the verifier searches the output for every removed value,
    those included. A second reading by the same model could only cost time, or see a new union where
    a removal moved the words around; the verifier's reading stays independent of it."""
    return NoAddressModel()


def around(text: str, anchors: Sequence[Span], lines: int, most: int) -> list[Span]:
    """Runs of whole lines from `lines` lines before each anchor to `lines` after it, at most `most`
    characters either side of it (cut at a space), overlapping runs merged."""
    out: list[Span] = []
    for a, b in anchors:
        start, end = a, b
        for _ in range(lines + 1):
            start = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
        for _ in range(lines + 1):
            nl = text.find("\n", end)
            end = len(text) if nl < 0 else nl + 1
        if a - start > most:
            start = max(text.find(" ", a - most, a) + 1, a - most)
        if end - b > most:
            cut = text.rfind(" ", b, b + most)
            end = cut if cut > b else b + most
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _trim(text: str, start: int, end: int, lead: frozenset[str]) -> Span:
    """The span without what the model took around the address: punctuation at either end, and the
    introducing words before it ("past", "at", "moved to"; never "the" or "a flat above", which the
    address's own description keeps)."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ")'\""):
        end -= 1
    while (m := re.match(r"([^\W\d_]+)[\s,:]+", text[start:end])) and m.group(1).casefold() in lead:
        start += m.end()
    return start, end


def _overlaps(a: int, b: int, spans: Sequence[Span]) -> bool:
    return any(s < b and a < e for s, e in spans)


@dataclass(frozen=True)
class LearnedDetector:
    """The model's spans, combined with the rules' findings of the same segment."""

    model: AddressModel
    combination: Combination
    case: CaseFile
    kind: DetectorKind = DetectorKind.LEARNED

    @classmethod
    def of(cls, model: AddressModel, case: CaseFile) -> LearnedDetector:
        return cls(model, Combination.of(address_config()), case)

    def scan(self, seg: SegmentText) -> list[Finding]:
        """The Detector protocol: this segment alone, with no rule findings to extend."""
        return self.combine([seg], [[]])

    @property
    def reads(self) -> bool:
        """Whether there is a model to read with (off: `NoAddressModel`)."""
        return not isinstance(self.model, NoAddressModel)

    def combine(self, segs: Sequence[SegmentText], found: Sequence[Sequence[Finding]]) -> list[Finding]:
        """New findings for `segs` (found[i]: the rules' findings in segs[i], after address assembly),
        the model read in this process."""
        if not self.reads:
            return []
        places, read = self.reading(segs, found)
        return self.from_spans(segs, found, places, self.model.spans(read))

    def reading(self, segs: Sequence[SegmentText],
                found: Sequence[Sequence[Finding]]) -> tuple[list[tuple[int, int, int]], list[str]]:  # fmt: skip
        """(segment, start, end) of what the model reads, from the rules' findings, and those texts."""
        places = [(i, a, b) for i, seg in enumerate(segs) for a, b in self._windows(seg, found[i])]
        return places, [segs[i].text[a:b] for i, a, b in places]

    def from_spans(self, segs: Sequence[SegmentText], found: Sequence[Sequence[Finding]],
                   places: Sequence[tuple[int, int, int]],
                   spans: Sequence[Sequence[Span]]) -> list[Finding]:  # fmt: skip
        """The model's spans over `places` (read wherever it ran), combined with the rules' findings."""
        per_seg: list[list[Span]] = [[] for _ in segs]
        for (i, a, _), found_here in zip(places, spans, strict=True):
            per_seg[i] += [(a + s, a + e) for s, e in found_here]
        out: list[Finding] = []
        for seg, learned, rules_found in zip(segs, per_seg, found, strict=True):
            if learned:
                out += self._in_segment(seg, learned, rules_found)
        return out

    def _windows(self, seg: SegmentText, found: Sequence[Finding]) -> list[Span]:
        """What the model reads: the lines around each of the rules' addresses (CONTEXT_LINES either side,
        at most context_chars); with take_alone, around each address word and postcode shape as well."""
        anchors = [(f.start, f.end) for f in found if f.kind in self.combination.extends_kinds]
        if self.combination.take_alone:  # and where an address word or a postcode shape stands alone
            anchors += self.combination.evidence_spans(seg.text)
        return around(seg.text, sorted(anchors), CONTEXT_LINES, self.combination.context_chars)

    def _in_segment(self, seg: SegmentText, learned: list[Span], rules_found: Sequence[Finding]) -> list[Finding]:
        text = seg.text
        fences = known.allowed_in(*seg.normalised, self.case) if self.case.allow else []
        anchors = [f for f in rules_found if f.kind in self.combination.extends_kinds
                   and f.detector in (DetectorKind.PATTERN, DetectorKind.KNOWN)]  # fmt: skip
        out = []
        lead = self.combination.cues | LEAD_WORDS
        for a, b in (_trim(text, s, e, lead) for s, e in learned):
            if b <= a:
                continue
            touched = [f for f in anchors if f.start < b and a < f.end]
            if touched:
                lo, hi = self._extended(text, a, b, touched)
                if any(f.start <= lo and hi <= f.end for f in touched) or _overlaps(lo, hi, fences):
                    continue  # the rules have it all already, or it would reach into the allowed address
                out.append(self._finding(seg, lo, hi, RULE_EXTENDS, self.combination.extend_score,
                                         f"{MODEL_NAME} extended rule {touched[0].rule} to the whole address",
                                         None))  # fmt: skip
                continue
            why = self.combination.evidence(text, a, b) if self.combination.take_alone else None
            others = [(f.start, f.end) for f in rules_found if f.kind not in self.combination.extends_kinds
                      and f.kind not in ("PERSON", "LOCATION", "MARKER")]  # fmt: skip
            if why is None or _overlaps(a, b, fences) or _overlaps(a, b, others):
                continue  # a school, a date or a reference the rules named is not an address
            out.append(self._finding(seg, a, b, RULE_ALONE, self.combination.alone_score,
                                     f"{MODEL_NAME} took it for an address, with {why[0]}", why[1]))  # fmt: skip
        return out

    def _extended(self, text: str, a: int, b: int, touched: Sequence[Finding]) -> Span:
        """The union of the learned span and the rule findings it touches. Before the rules' address the model
        adds what stands in front of a number (a house or building name, a flat position); after it, only
        a piece with address evidence of its own (a digit, a postcode shape, an address word): a town
        alone after the address may stay, and names after it ("14 Marsh Road Leah and Sam") are not taken."""
        ordered = sorted(touched, key=lambda f: f.start)
        lo, hi = ordered[0].start, ordered[0].end
        for f in ordered[1:]:  # a line between two rule findings joins them only with evidence of its own
            if f.start > hi and not self._joins(text[hi : f.start]):
                break
            hi = max(hi, f.end)
        before = text[a:lo]
        if a < lo and (any(c.isupper() or c.isdigit() for c in before) or self.combination.carries(before)):
            lo = a  # "Rose Cottage, | 12 ...", never lower-case prose ("u can come to mine hun, | 12 ...")
        while hi < b:  # after it, line by line, while each piece carries evidence
            cut = text.find("\n", hi + 1, b)
            piece_end = b if cut < 0 else cut
            if not self.combination.carries(text[hi:piece_end]):
                break
            hi = piece_end
        return lo, hi

    def _joins(self, gap: str) -> bool:
        """A gap between two rule findings joins them: on one line, or each of its lines carrying evidence
        (a page read row by row puts the other column's line between an address's two lines)."""
        lines = [x for x in gap.split("\n")[1:-1] if x.strip()]
        return all(self.combination.carries(x) for x in lines)

    @staticmethod
    def _finding(seg: SegmentText, start: int, end: int, rule: str, score: float, note: str,
                 cue: str | None) -> Finding:  # fmt: skip
        return Finding("ADDRESS", seg.text[start:end], seg.index, start, end, DetectorKind.LEARNED, rule, score,
                       Explanation(DetectorKind.LEARNED, rule, score, context=cue, note=note))  # fmt: skip
