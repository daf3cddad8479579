"""The detectors of one operation, built once from the rules and the case, and run over every segment.

A detector is anything with a `kind` and `scan(text)` (the `Detector` protocol): the rule patterns
(rules/recognizers.yaml), the case file's known details and the protected-party markers
(rules/markers.yaml) each come with what they need, compiled when the registry is built (the
`regex` module keeps its own compiled patterns, so a second operation compiles nothing anew).
Address assembly is the explicit step after them: pattern anchors and parts become whole
addresses (detect/address.py, walking the address's shape with detect/address_shape.py). The learned
ADDRESS model (detect/learned.py, the model passed in) then extends the assembled addresses, over all
segments at once. NER runs last over all segments at once, through the engine passed in. A new
detector is one class here and one line in `Registry.build`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Protocol

from redactor.casefile import CaseFile
from redactor.detect import address, institutions, known, markers, patterns
from redactor.detect.address_shape import Walker
from redactor.detect.learned import AddressModel, LearnedDetector, NoAddressModel
from redactor.ner import NerEngine
from redactor.ruleset import Rules
from redactor.types import DetectorKind, Finding, Segment


@dataclass(frozen=True)
class SegmentText:
    """One segment's text as the detectors see it, normalised once for all of them."""

    index: int
    text: str
    normalised: tuple[str, list[int]]

    @classmethod
    def of(cls, index: int, text: str) -> SegmentText:
        return cls(index, text, known.normalise(text))


class Detector(Protocol):
    """Finds spans in one segment's text; raises (never skips) when it cannot finish."""

    @property
    def kind(self) -> DetectorKind: ...

    def scan(self, seg: SegmentText) -> list[Finding]: ...


@dataclass(frozen=True)
class PatternDetector:
    compiled: tuple[patterns.Compiled, ...]
    kind: DetectorKind = DetectorKind.PATTERN

    @classmethod
    def of(cls, rules: Rules) -> PatternDetector:
        return cls(patterns.compile_rules(rules))

    def scan(self, seg: SegmentText) -> list[Finding]:
        return patterns.scan(self.compiled, seg.index, seg.text)


@dataclass(frozen=True)
class KnownDetector:
    needles: tuple[known.Needle, ...]
    kind: DetectorKind = DetectorKind.KNOWN

    @classmethod
    def of(cls, rules: Rules, case: CaseFile) -> KnownDetector:
        return cls(known.needles(case, rules))

    def scan(self, seg: SegmentText) -> list[Finding]:
        return known.scan(self.needles, seg.index, seg.text, seg.normalised)


@dataclass(frozen=True)
class MarkerDetector:
    compiled: tuple[markers.CompiledMarker, ...]
    kind: DetectorKind = DetectorKind.MARKER

    @classmethod
    def of(cls, rules: Rules) -> MarkerDetector:
        return cls(markers.compile_markers(rules))

    def scan(self, seg: SegmentText) -> list[Finding]:
        return markers.scan(self.compiled, seg.index, seg.text)


@dataclass(frozen=True)
class AddressAssembly:
    """The step after the detectors: a pattern's address anchors and parts become whole addresses,
    never reaching into the council's own allowed address (the fences)."""

    part_rules: frozenset[str]
    walker: Walker
    case: CaseFile

    @classmethod
    def of(cls, rules: Rules, case: CaseFile) -> AddressAssembly:
        names = frozenset(n for p in case.parties for n in p.names)
        part_rules = frozenset(r.name for r in rules.recognizers if r.role == "part")
        return cls(part_rules, Walker(rules.addresses, names, rules.words), case)

    def apply(self, seg: SegmentText, found: list[Finding]) -> list[Finding]:
        fences = known.allowed_in(*seg.normalised, self.case) if self.case.allow else []
        from_patterns = [f for f in found if f.detector == DetectorKind.PATTERN]
        rest = [f for f in found if f.detector != DetectorKind.PATTERN]
        assembled = address.assemble(seg.text, from_patterns, self.part_rules, self.walker, fences)
        return institutions.extend(seg.text, with_article(seg.text, assembled, fences), fences) + rest


ARTICLE_KINDS = ("ADDRESS", "SCHOOL", "WORKPLACE")


def with_article(text: str, found: list[Finding], fences: Sequence[tuple[int, int]] = ()) -> list[Finding]:
    """The step after assembly: a place's name takes the "the" before it ("the Moy Park plant", "the
    Ardlui Guest House, 9 ..."), so that what is left is never half a name; never the council's own
    allowed address ("at the Civic Centre, 1 Council Way": the allowed text starts after "the")."""
    out = []
    for f in found:
        fenced = any(a <= f.start < b for a, b in fences)
        if (f.detector == DetectorKind.PATTERN and not fenced and f.kind in ARTICLE_KINDS and f.start >= 4
                and text[f.start - 4 : f.start].casefold() == "the " and f.text[:1].isupper()
                and (f.start == 4 or not text[f.start - 5].isalnum())):  # fmt: skip
            f = replace(f, start=f.start - 4, text=text[f.start - 4 : f.end])
        out.append(f)
    return out


# On the same span the earlier kind wins (a known detail over a pattern over NER); total by construction.
PRIORITY = MappingProxyType({kind: rank for rank, kind in enumerate(DetectorKind)})
VAGUE_KINDS = ("LOCATION", "PERSON")  # on the same span, a specific kind wins
OWN_PARTY = (DetectorKind.KNOWN, DetectorKind.MARKER)  # kept beside another detector's span: they name a party


def _contains(outer: Finding, inner: Finding) -> bool:
    return outer.segment == inner.segment and outer.start <= inner.start and inner.end <= outer.end


def resolve(findings: Sequence[Finding]) -> list[Finding]:
    """Drop findings that another covers, keeping known details and markers for their party, and a
    specific kind that only a vague NER span covers ("the Brockholes Nature Reserve" taken by NER for
    a place in passing must not swallow the workplace the rules found inside it)."""
    ordered = sorted(findings, key=lambda f: (f.segment, f.start, -(f.end - f.start), PRIORITY[f.detector],
                                              f.kind in VAGUE_KINDS))  # fmt: skip
    kept: list[Finding] = []
    for f in ordered:
        covering = [k for k in kept[-8:] if _contains(k, f)]
        vague_only = f.kind not in VAGUE_KINDS and all(
            k.kind in VAGUE_KINDS and k.detector == DetectorKind.NER for k in covering)  # fmt: skip
        if covering and not vague_only and (f.detector not in OWN_PARTY
                                            or any(k.detector == f.detector for k in covering)):  # fmt: skip
            continue
        kept.append(f)
    return kept


def _adds(f: Finding, segments: Sequence[Segment]) -> bool:
    """False for a finding in a second reading that the first reading has too."""
    joins = segments[f.segment].joins
    return not joins or any(f.start < j < f.end for j in joins)


@dataclass(frozen=True)
class Registry:
    """Every detector of one operation, the address step after them, the learned model and the NER engine."""

    detectors: tuple[Detector, ...]
    assembly: AddressAssembly
    ner: NerEngine
    learned: LearnedDetector | None = None  # None: no learned ADDRESS opinion

    @classmethod
    def build(cls, rules: Rules, case: CaseFile, ner: NerEngine,
              learned: AddressModel = NoAddressModel()) -> Registry:  # fmt: skip
        detectors: tuple[Detector, ...] = (PatternDetector.of(rules), KnownDetector.of(rules, case),
                                           MarkerDetector.of(rules))  # fmt: skip
        return cls(detectors, AddressAssembly.of(rules, case), ner, LearnedDetector.of(learned, case))

    def _in_segment(self, seg: SegmentText) -> list[Finding]:
        return self.assembly.apply(seg, [f for d in self.detectors for f in d.scan(seg)])

    @staticmethod
    def _placed(per_text: Sequence[Sequence[Finding]]) -> list[Finding]:
        return [replace(f, segment=i) for i, found in enumerate(per_text) for f in found]

    def find(self, segments: Sequence[Segment]) -> tuple[Finding, ...]:
        """All findings in `segments`, sorted by place, without findings another one covers."""
        texts = [SegmentText.of(i, s.text) for i, s in enumerate(segments)]
        per_segment = [self._in_segment(seg) for seg in texts]
        found = [f for here in per_segment for f in here]
        if self.learned is None or not self.learned.reads:
            found += self._placed(self.ner.scan_many([s.text for s in segments]))
        else:  # the learned model reads where NER runs (an AheadNer's child has spaCy loaded already)
            places, read = self.learned.reading(texts, per_segment)
            per_text, spans = self.ner.scan_and_read([s.text for s in segments], self.learned.model, read)
            found += self._placed(per_text) + self.learned.from_spans(texts, per_segment, places, spans)
        located = [replace(f, location=segments[f.segment].location(f.start)) for f in found if _adds(f, segments)]
        return tuple(resolve(located))
