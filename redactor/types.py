"""The frozen values that flow between stages: document -> findings -> plan -> result.

Every stage takes and returns these; a changed finding is a new finding
(``dataclasses.replace``), never one mutated in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class Decision(StrEnum):
    """What the policy does with one finding."""

    REDACT = "redact"
    KEEP = "keep"
    REVIEW = "review"  # doubtful: redacted by `redact`, and a person must look


class Verdict(StrEnum):
    """The one-word outcome of a command, as printed in `decision`."""

    CLEAR = "clear"
    REDACT = "redact"
    REVIEW = "review"
    HELD = "held"
    RELEASED = "released"


@dataclass(frozen=True)
class Segment:
    """One run of text from one place in a document.

    ``place`` names the place for people ("page 3", "body", "header (header1.xml)",
    "comments", "metadata:title"); lines inside ``text`` are separated by "\\n"
    (for DOCX, one line per paragraph).
    """

    place: str
    text: str
    # A second reading of a place (a PDF page read column by column): only findings that
    # run across one of these line breaks count there; the rest the first reading has.
    joins: tuple[int, ...] = ()

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def location(self, offset: int) -> str:
        return f"{self.place}, line {self.line_of(offset)}"


class Format(StrEnum):
    """What a document is opened as (its extension); redactor.formats maps each to its stages."""

    TXT = "txt"
    DOCX = "docx"
    PDF = "pdf"


class DetectorKind(StrEnum):
    """Which detector produced a finding (redactor.detect.registry), or which later step did."""

    KNOWN = "known"  # the case file's recorded details
    MARKER = "marker"  # a protected-party marker phrase (rules/markers.yaml)
    PATTERN = "pattern"  # a rule pattern (rules/recognizers.yaml), addresses assembled from them
    LEARNED = "learned"  # the learned ADDRESS model (models/address/), combined with the rules' findings
    NER = "ner"  # the NER engine (spaCy through Presidio)
    CONVERGE = "converge"  # the policy: the same value as one removed elsewhere
    RECIPIENT = "recipient"  # the policy: a letter's addressee block judged against the case
    OCR = "ocr"  # the policy: digits in a phone number's shape that OCR read only partly


@dataclass(frozen=True)
class Explanation:
    """Why a finding was made, as data the audit log stores: never the matched text.

    `pattern` is the rule id; `validator` the named check it passed; `context` the rule's
    context word seen near it; `note` a short sentence about the detector's evidence."""

    detector: DetectorKind
    pattern: str
    score: float
    validator: str | None = None
    context: str | None = None
    note: str = ""

    def __str__(self) -> str:
        parts = [self.note or f"matched {self.detector} rule {self.pattern}"]
        if self.validator:
            parts.append(f"passed {self.validator}")
        if self.context:
            parts.append(f"context word {self.context!r} nearby")
        return "; ".join(parts)

    def stored(self) -> dict[str, object]:
        return {"detector": str(self.detector), "pattern": self.pattern, "score": round(self.score, 3),
                "validator": self.validator, "context": self.context, "note": self.note}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """Something that stops a document being called clear (no text layer, an unknown part)."""

    place: str
    code: str  # e.g. "no-text-layer", "unknown-part", "box-over-text"
    message: str  # never contains document text


@dataclass(frozen=True)
class Document:
    """A document read from every place its text lives."""

    path: Path
    format: Format
    sha256: str
    segments: tuple[Segment, ...]
    problems: tuple[Problem, ...] = ()
    pages: int = 1

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.segments)


@dataclass(frozen=True)
class PagePass:
    """A reader's own pass over each page (PDF: each page's text, boxes, hidden glyphs and OCR),
    handed to the writer of the same format so that it need not read every page again. It stays
    in the process that read it: no result carries it."""

    sha256: str  # of the bytes the pages were read from
    pages: tuple[Any, ...]  # the format's own page type (`documents.pdf.PageRead`), one per page


@dataclass(frozen=True)
class Reading:
    """What a reader gives the later stages: the document, and its page pass when it has one."""

    document: Document
    page_pass: PagePass | None = None


@dataclass(frozen=True)
class Finding:
    """One detected span that explains itself: what, where, who found it, and why."""

    kind: str  # ADDRESS, POSTCODE, PHONE, EMAIL, PERSON, LOCATION, SCHOOL, ...
    text: str
    segment: int  # index into Document.segments
    start: int
    end: int
    detector: DetectorKind
    rule: str  # rule id, e.g. "uk-postcode", "known:mother:address"
    score: float
    explanation: Explanation
    location: str = ""
    party: str | None = None
    decision: Decision | None = None
    reason: str = ""  # policy rule id and why, e.g. "da.protected: ..." (its code: rules/reasons.yaml)

    @property
    def span(self) -> tuple[int, int, int]:
        return (self.segment, self.start, self.end)


# Kinds that hold a document without naming anything to cut (the recipient check).
HOLD_KINDS = frozenset({"RECIPIENT"})


@dataclass(frozen=True)
class Assessment:
    """Whether this is a domestic-abuse document, and why."""

    domestic_abuse: bool
    reasons: tuple[str, ...]
    protected_parties: tuple[str, ...]
    marker_only: bool = False  # DA only through a marker in the text, not the case file


@dataclass(frozen=True)
class Plan:
    """The policy's answer for one document and one reader."""

    case_id: str
    reader: str
    assessment: Assessment
    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def to_remove(self) -> tuple[Finding, ...]:
        """What is cut from the document; a hold (a misdirected letter) is judged, never cut."""
        return tuple(f for f in self.findings
                     if f.decision in (Decision.REDACT, Decision.REVIEW) and f.kind not in HOLD_KINDS)  # fmt: skip

    @property
    def holds(self) -> tuple[Finding, ...]:
        """Findings that hold the document whatever is cut: a letter addressed where it must not go."""
        return tuple(f for f in self.findings if f.kind in HOLD_KINDS)

    @property
    def verdict(self) -> Verdict:
        if any(f.decision == Decision.REDACT for f in self.findings):
            return Verdict.REDACT
        if self.problems or any(f.decision == Decision.REVIEW for f in self.findings):
            return Verdict.REVIEW
        return Verdict.CLEAR


@dataclass(frozen=True)
class Cut:
    """One span to remove from a document, with the label that replaces it."""

    segment: int
    start: int
    end: int
    label: str  # e.g. "address withheld"; never document text


@dataclass(frozen=True)
class Residue:
    """Something found again in a redacted output: a place and a kind, never the value."""

    place: str
    kind: str
    how: str  # "known value" | "detector" | "unreadable"


@dataclass(frozen=True)
class Verification:
    reader: str  # which independent reader was used
    residues: tuple[Residue, ...] = ()
    places_read: int = 0

    @property
    def clean(self) -> bool:
        return not self.residues


@dataclass(frozen=True)
class CaseUsed:
    """Which case decided: the digest of the registered record (or "unregistered") and of the
    case actually applied (the record united with the handed-in file)."""

    record_digest: str = "unregistered"
    digest: str = ""
    registered: bool = False


@dataclass(frozen=True)
class CheckResult:
    document: Document
    plan: Plan
    seconds: float = 0.0
    case: CaseUsed = CaseUsed()

    @property
    def verdict(self) -> Verdict:
        return self.plan.verdict


@dataclass(frozen=True)
class RedactResult:
    source: Document
    plan: Plan
    output: Path
    output_sha256: str
    cuts: tuple[Cut, ...]
    verification: Verification
    notes: tuple[str, ...] = field(default=())  # what the writer dropped or flattened
    case: CaseUsed = CaseUsed()
