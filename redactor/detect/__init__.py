"""Detection: every detector over every segment, combined into one list of findings.

The detectors live in redactor.detect.registry (built once per operation from the rules and the
case): rule patterns (rules/recognizers.yaml, detect/patterns.py), the case file's known details
(detect/known.py), protected-party markers (rules/markers.yaml, detect/markers.py), then address
assembly (detect/address.py), then the learned ADDRESS model (detect/learned.py, models/address/,
on or off by the settings `learned_address:`), then NER (the engine passed in: spaCy through Presidio,
models/ner.yaml, see redactor.ner). A detector that fails aborts the run (fail closed); it is
never skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from redactor.casefile import CaseFile
from redactor.detect.learned import AddressModel, configured
from redactor.detect.registry import Registry, resolve
from redactor.ner import NerEngine, SplitNer
from redactor.ruleset import Rules, load_rules
from redactor.types import Document, Finding, Segment

__all__ = ("Registry", "find", "find_in_segments", "resolve")


def find_in_segments(segments: Sequence[Segment], case: CaseFile, rules: Rules | None = None,
                     ner: NerEngine = SplitNer(),
                     learned: AddressModel | None = None) -> tuple[Finding, ...]:  # fmt: skip
    """All findings in `segments`; `ner` finds the named entities (`NoNer()`: none); `learned` is the
    ADDRESS model (`NoAddressModel()`: none; None: as the settings say, `learned.configured()`)."""
    model = configured() if learned is None else learned
    return Registry.build(rules or load_rules(), case, ner, model).find(segments)


def find(document: Document, case: CaseFile, rules: Rules | None = None,
         ner: NerEngine = SplitNer(), learned: AddressModel | None = None) -> tuple[Finding, ...]:  # fmt: skip
    """All findings in a document, sorted by place, without findings another one covers."""
    return find_in_segments(document.segments, case, rules, ner, learned)
