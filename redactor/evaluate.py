"""Measured detection quality on a labelled corpus (``sample_docs/``): recall and precision per kind.

Each document ``NAME`` has ``NAME.labels.json`` beside it (written by
``sample_docs/generate.py``)::

    {"case": "cs-2024-0317.yaml", "reader": "father",
     "labels": [{"kind": "ADDRESS", "text": "...", "occurrence": 0, "known": true}],
     "keep": ["phrases that must survive"], "lookalikes": ["the look-alikes among them"]}

A label is found in the extracted text by its text with all whitespace removed (PDF
line wrapping and DOCX paragraphs change whitespace only) and its occurrence among
identical texts. It is *caught* when findings the policy removes (redact or review) cover
every letter and digit of it; punctuation and spaces reveal nothing. Protected-party
markers are classification, not removal: a MARKER label is caught by a MARKER finding
whatever its decision. Precision per kind counts the removing findings of that kind
(every MARKER finding) that overlap some label. A keep phrase survives when no removing
finding touches a letter or digit of any of its occurrences.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor.errors import BadInput, RedactorError, one_line
from redactor.types import HOLD_KINDS, Decision, Finding, Segment

REMOVING = frozenset({Decision.REDACT, Decision.REVIEW})
MARKER = "MARKER"
SUFFIX = ".labels.json"
NOT_FOUND = "not found in the extracted text"
REFUSED = "check refused the document"
POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
STREET_WORDS = frozenset({
    "road", "street", "lane", "avenue", "close", "drive", "way", "court", "crescent", "grove", "terrace", "place",
    "gardens", "walk", "mews", "rise", "hill", "row", "square", "parade", "green", "view", "approach",
    "rd", "st", "ave", "gdns", "cl", "cres", "tce", "terr", "ln", "dr", "pk", "pl", "ct", "ter", "wynd", "loke",
})  # fmt: skip


@dataclass(frozen=True)
class Label:
    kind: str
    text: str
    occurrence: int = 0
    known: bool = False
    line: int | None = None


@dataclass(frozen=True)
class Labelled:
    """One labelled document and what its labels file says about it."""

    document: Path
    case: Path
    reader: str
    labels: tuple[Label, ...]
    keep: tuple[str, ...]
    lookalikes: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    segment: int
    start: int
    end: int


@dataclass(frozen=True)
class Miss:
    """A label not caught whole: ``left`` says what survived, or why it could not be judged."""

    document: str
    kind: str
    text: str
    known: bool
    left: str


@dataclass(frozen=True)
class Stray:
    """A removing finding that overlaps no label: a false positive."""

    document: str
    kind: str
    text: str
    rule: str


@dataclass(frozen=True)
class Touched:
    """A keep phrase (or look-alike) that a removing finding touched."""

    document: str
    phrase: str
    lookalike: bool
    by: str


@dataclass(frozen=True)
class Share:
    good: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.good / self.total if self.total else None

    def __add__(self, other: Share) -> Share:
        return Share(self.good + other.good, self.total + other.total)


@dataclass(frozen=True)
class KindScore:
    kind: str
    labels: int = 0
    caught: int = 0
    findings: int = 0
    hits: int = 0  # findings that overlap a label

    @property
    def recall(self) -> float | None:
        return self.caught / self.labels if self.labels else None

    @property
    def precision(self) -> float | None:
        return self.hits / self.findings if self.findings else None


@dataclass(frozen=True)
class EvalReport:
    folder: Path
    documents: int
    kinds: tuple[KindScore, ...]
    known: Share
    keep: Share
    lookalikes: Share
    unregistered: Share  # first line and postcode gone (the town may remain)
    unregistered_all: Share  # nothing of the address left at all
    misses: tuple[Miss, ...] = ()
    strays: tuple[Stray, ...] = ()
    touched: tuple[Touched, ...] = ()
    failures: tuple[str, ...] = ()
    seconds: float = 0.0
    by_format: dict[str, Share] = field(default_factory=dict)
    readers_own: int = 0  # labels that are the reader's own recorded details (kept by da.reader-own)

    def kind(self, name: str) -> KindScore:
        return next((k for k in self.kinds if k.kind == name), KindScore(name))

    def to_dict(self) -> dict[str, Any]:
        def share(s: Share) -> dict[str, Any]:
            return {"good": s.good, "total": s.total, "value": s.value}

        return {
            "folder": str(self.folder), "documents": self.documents, "seconds": round(self.seconds, 2),
            "kinds": [{"kind": k.kind, "labels": k.labels, "caught": k.caught, "recall": k.recall,
                       "findings": k.findings, "precision": k.precision} for k in self.kinds],
            "known_details": share(self.known), "keep_survival": share(self.keep),
            "lookalikes_left_alone": share(self.lookalikes),
            "unregistered_addresses_caught_whole": share(self.unregistered),
            "unregistered_addresses_nothing_left": share(self.unregistered_all),
            "recall_by_format": {f: share(s) for f, s in sorted(self.by_format.items())},
            "misses": [m.__dict__ for m in self.misses], "strays": [s.__dict__ for s in self.strays],
            "touched": [t.__dict__ for t in self.touched], "failures": list(self.failures),
            "readers_own_not_scored": self.readers_own,
        }  # fmt: skip


# ---------------------------------------------------------------- the labels files

def _label(item: dict[str, Any]) -> Label:
    return Label(str(item["kind"]), str(item["text"]), int(item.get("occurrence", 0)),
                 bool(item.get("known", False)), item.get("line"))  # fmt: skip


def _case_path(labels_path: Path, name: str, folder: Path) -> Path:
    for candidate in (labels_path.parent / name, folder / "cases" / name,
                      labels_path.parent.parent / "cases" / name):  # fmt: skip
        if candidate.is_file():
            return candidate
    raise BadInput(f"{labels_path.name}: case file {name!r} not found beside it or in cases/")


def load_labelled(labels_path: Path, folder: Path) -> Labelled:
    """Read one labels file; a malformed one is bad input naming the file."""
    try:
        data = json.loads(labels_path.read_text("utf-8"))
        labels = tuple(_label(item) for item in data["labels"])
        keep, looks = tuple(data.get("keep", ())), tuple(data.get("lookalikes", ()))
        case, reader = str(data["case"]), str(data["reader"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadInput(f"{labels_path.name}: not a valid labels file ({type(exc).__name__})") from None
    document = labels_path.with_name(labels_path.name.removesuffix(SUFFIX))
    if not document.is_file():
        raise BadInput(f"{labels_path.name}: its document {document.name} is missing")
    return Labelled(document, _case_path(labels_path, case, folder), reader, labels,
                    tuple(dict.fromkeys((*keep, *looks))), looks)  # fmt: skip


def labelled_documents(folder: Path) -> list[Labelled]:
    if not folder.is_dir():
        raise BadInput(f"{folder}: not a folder")
    found = [load_labelled(p, folder) for p in sorted(folder.rglob(f"*{SUFFIX}"))]
    if not found:
        raise BadInput(f"{folder}: no labelled documents (*{SUFFIX})")
    return found


# ---------------------------------------------------------------- finding text again

def squeeze(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and each kept character's offset in the original."""
    index = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in index), index


def spans_of(segments: Sequence[Segment], phrase: str) -> list[Span]:
    """Every place `phrase` occurs, in segment order, ignoring differences of whitespace."""
    needle = squeeze(phrase)[0]
    found: list[Span] = []
    for number, segment in enumerate(segments):
        hay, index = squeeze(segment.text)
        at = hay.find(needle) if needle else -1
        while at >= 0:
            found.append(Span(number, index[at], index[at + len(needle) - 1] + 1))
            at = hay.find(needle, at + 1)
    return found


def locate(segments: Sequence[Segment], label: Label) -> Span | None:
    spans = spans_of(segments, label.text)
    return spans[label.occurrence] if label.occurrence < len(spans) else None


def intervals(findings: Iterable[Finding]) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for f in findings:
        out.setdefault(f.segment, []).append((f.start, f.end))
    return out


def left_over(segments: Sequence[Segment], span: Span, cover: dict[int, list[tuple[int, int]]]) -> str:
    """The letters and digits of `span` that no interval covers, as the words they form."""
    text = segments[span.segment].text
    spans = cover.get(span.segment, [])
    bare = [i for i in range(span.start, span.end)
            if text[i].isalnum() and not any(a <= i < b for a, b in spans)]  # fmt: skip
    words: list[str] = []
    last = -2
    for i in bare:
        if i == last + 1:
            words[-1] += text[i]
        else:
            words.append(text[i])
        last = i
    return " ".join(words)


def _overlaps(f: Finding, spans: Iterable[Span]) -> bool:
    return any(s.segment == f.segment and f.start < s.end and s.start < f.end for s in spans)


# ---------------------------------------------------------------- one document

@dataclass
class _Tally:
    kinds: dict[str, KindScore] = field(default_factory=dict)
    known: Share = Share()
    keep: Share = Share()
    looks: Share = Share()
    unregistered: Share = Share()
    unregistered_all: Share = Share()
    by_format: dict[str, Share] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    strays: list[Stray] = field(default_factory=list)
    touched: list[Touched] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    readers_own: int = 0

    def score(self, kind: str, labels: int = 0, caught: int = 0, findings: int = 0, hits: int = 0) -> None:
        k = self.kinds.get(kind, KindScore(kind))
        self.kinds[kind] = KindScore(kind, k.labels + labels, k.caught + caught,
                                     k.findings + findings, k.hits + hits)  # fmt: skip


def locality(address: str) -> set[str]:
    """Words of the trailing town and county parts of an address: no digits, not a street.

    The judging criterion for unregistered addresses is "caught whole: neither the
    postcode nor the first line survives", so these words alone may remain.
    """
    parts = [p.strip() for p in re.split(r"[,\n]", POSTCODE.sub("", address)) if p.strip()]
    words: set[str] = set()
    if len(parts) == 1:  # no commas: the words after its street ("24 ST PETER STREET PETERHEAD")
        tokens = parts[0].split()
        ends = [i for i, t in enumerate(tokens) if t.lower().rstrip(".") in STREET_WORDS]
        tail = tokens[ends[-1] + 1 :] if ends else []
        if 0 < len(tail) <= 3 and not any(c.isdigit() for t in tail for c in t):
            words |= {w for t in tail for w in re.findall(r"\w+", t)}
    for part in list(reversed(parts[1:]))[:2]:
        if any(c.isdigit() for c in part) or part.split()[-1].lower() in STREET_WORDS:
            break
        words |= set(re.findall(r"\w+", part))
    return words


# Words that say nothing of where a place is, left beside a removed address: the issue's "a word like
# 'flat'" ("the refuge in [removed]", "top floor of [removed]"). A bare house number counts too.
PLACELESS = frozenset({
    "the", "a", "an", "in", "at", "on", "of", "to", "by", "near", "flat", "floor", "room", "top", "ground",
    "upstairs", "downstairs", "refuge", "house", "home", "her", "his", "their", "s",
})  # fmt: skip


def caught_whole(address: str, left: str) -> bool:
    """Whether an address whose uncovered words are `left` lost its first line and postcode: what is
    left is its town, a bare house number or words that place nothing (PLACELESS)."""
    if left in (NOT_FOUND, REFUSED):
        return False
    words = left.split()
    town = locality(address)
    rest = [w for w in words if w not in town and w.lower() not in PLACELESS]
    return not rest or (len(rest) == 1 and rest[0].isdigit())


MISS_SHAPES = ("nothing removed", "postcode left", "street left", "number left", "other words left")


def miss_shape(miss: Miss) -> str:
    """What an unregistered address not caught whole left behind, as a class with no string in it.

    For `eval --summary` on held-out sets: it says where the misses lie (nothing found at all, or a
    postcode, a street, a house number or other words left beside a removal) without showing any.
    """
    squeezed = re.sub(r"\W+", " ", miss.text).split()
    left = miss.left.split()
    if miss.left in (NOT_FOUND, REFUSED) or left == squeezed:
        return MISS_SHAPES[0]
    if POSTCODE.search(miss.left) or POSTCODE.search(" ".join(left)):
        return MISS_SHAPES[1]
    if any(w.lower().rstrip(".") in STREET_WORDS for w in left):
        return MISS_SHAPES[2]
    if any(any(c.isdigit() for c in w) for w in left):
        return MISS_SHAPES[3]
    return MISS_SHAPES[4]


def miss_shapes(report: EvalReport) -> dict[str, int]:
    """How many unregistered addresses not caught whole fall in each of MISS_SHAPES."""
    counts = dict.fromkeys(MISS_SHAPES, 0)
    for miss in report.misses:
        if miss.kind == "ADDRESS" and not miss.known and not caught_whole(miss.text, miss.left):
            counts[miss_shape(miss)] += 1
    return counts


def _judge_label(tally: _Tally, doc: Labelled, name: str, label: Label, left: str) -> None:
    caught = left == ""
    tally.score(label.kind, labels=1, caught=int(caught))
    share = Share(int(caught), 1)
    fmt = doc.document.suffix.lstrip(".")
    tally.by_format[fmt] = tally.by_format.get(fmt, Share()) + share
    if label.known:
        tally.known += share
    elif label.kind == "ADDRESS":
        tally.unregistered_all += share
        tally.unregistered += Share(int(caught_whole(label.text, left)), 1)
    if not caught:
        tally.misses.append(Miss(name, label.kind, label.text, label.known, left))


def _judge_labels(tally: _Tally, doc: Labelled, name: str, segments: Sequence[Segment],
                  findings: Sequence[Finding]) -> list[Span]:  # fmt: skip
    removing = intervals(f for f in findings if f.decision in REMOVING)
    markers = intervals(f for f in findings if f.kind == MARKER or f.decision in REMOVING)
    spans = []
    own = _reader_values(doc)
    for label in doc.labels:
        span = locate(segments, label)
        if span is not None and _is_readers_own(label, own):
            spans.append(span)  # rule da.reader-own: not withheld from her; not scored
            tally.readers_own += 1
            continue
        if span is None:
            _judge_label(tally, doc, name, label, NOT_FOUND)
            continue
        spans.append(span)
        left = left_over(segments, span, markers if label.kind == MARKER else removing)
        _judge_label(tally, doc, name, label, left)
    return spans


def _reader_values(doc: Labelled) -> list[str]:
    from redactor.casefile import load_case
    from redactor.detect.known import address_parts, norm

    reader = load_case(doc.case).party(doc.reader)
    values = [v for vs in reader.details.values() for v in vs]
    return [norm(v) for v in values] + [norm(address_parts(v)[0]) for v in values if len(address_parts(v)) > 1]


def _is_readers_own(label: Label, own: list[str]) -> bool:
    """A label that is the reader's own recorded detail (her own address in a letter to her)."""
    from redactor.detect.known import norm

    text = norm(label.text)
    return any(text in value or (len(value) >= 8 and value in text) for value in own)


def _judge_findings(tally: _Tally, name: str, findings: Sequence[Finding], spans: list[Span],
                    markers_labelled: bool) -> None:  # fmt: skip
    for f in findings:
        if f.decision not in REMOVING and not (f.kind == MARKER and markers_labelled):
            continue
        hit = _overlaps(f, spans)
        tally.score(f.kind, findings=1, hits=int(hit))
        if not hit:
            tally.strays.append(Stray(name, f.kind, f.text, f.rule))


def _judge_keep(tally: _Tally, doc: Labelled, name: str, segments: Sequence[Segment],
                findings: Sequence[Finding]) -> None:  # fmt: skip
    removing = [f for f in findings if f.decision in REMOVING]
    cover = intervals(removing)
    for phrase in doc.keep:
        look = phrase in doc.lookalikes
        spans = spans_of(segments, phrase)
        bad = [s for s in spans if left_over(segments, s, cover) != left_over(segments, s, {})]  # a letter lost
        ok = bool(spans) and not bad
        tally.keep += Share(int(ok), 1)
        if look:
            tally.looks += Share(int(ok), 1)
        if not ok:
            by = ", ".join(sorted({f"{f.kind}/{f.rule}" for f in removing if _overlaps(f, bad)}))
            tally.touched.append(Touched(name, phrase, look, by or NOT_FOUND))


def _judge(tally: _Tally, doc: Labelled, folder: Path) -> None:
    from redactor.api import check_file

    name = str(doc.document.relative_to(folder)) if doc.document.is_relative_to(folder) else doc.document.name
    try:
        result = check_file(doc.document, doc.case, doc.reader)
    except RedactorError as exc:  # a refused document catches nothing: count it, say why
        tally.failures.append(f"{name}: {one_line(exc)}")
        for label in doc.labels:
            _judge_label(tally, doc, name, label, REFUSED)
        return
    segments = result.document.segments
    findings = [f for f in result.plan.findings if f.kind not in HOLD_KINDS]  # a hold is not a removal
    spans = _judge_labels(tally, doc, name, segments, findings)
    _judge_findings(tally, name, findings, spans, any(label.kind == MARKER for label in doc.labels))
    _judge_keep(tally, doc, name, segments, findings)


def evaluate(folder: Path) -> EvalReport:
    """Run `check` on every labelled document under `folder` and measure it against the labels."""
    started = time.perf_counter()
    docs = labelled_documents(folder)
    tally = _Tally()
    for doc in docs:
        _judge(tally, doc, folder)
    kinds = tuple(sorted(tally.kinds.values(), key=lambda k: (k.labels == 0, k.kind)))
    return EvalReport(folder, len(docs), kinds, tally.known, tally.keep, tally.looks,
                      tally.unregistered, tally.unregistered_all, tuple(tally.misses), tuple(tally.strays),
                      tuple(tally.touched), tuple(tally.failures),
                      time.perf_counter() - started, dict(tally.by_format), tally.readers_own)  # fmt: skip
