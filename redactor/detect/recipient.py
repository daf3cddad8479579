"""The addressee of a letter: who it is written to and where it will be posted.

A letter opens with the sender's letterhead, then the addressee block (a name line, then the
address lines), then the date or a reference and the salutation ("Dear Ms Mottram"). Which block
is the addressee is decided by content, not by line number: the block that starts with a person's
name ("Mrs A Rahman", "Mr G Pickford and Ms C Mottram", a party's name or alias, "c/o ...") is the
addressee; the letterhead starts with an organisation's name or carries the council's own allowed
address. A memo's "To:" line names its recipients too. Pure text analysis: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from redactor.casefile import CaseFile
from redactor.detect.known import allowed_in, normalise
from redactor.ruleset import Words
from redactor.types import Segment

TO_LINE = re.compile(r"^[ \t]*To[ \t]*:[ \t]*(?P<names>[^\n]{1,200})$", re.M)
BLOCK_END = re.compile(
    r"(?i)^(?:dear\b|date\b|dated\b|our\b|your\b|ref\b|re\b|subject\b|tel\b|email\b|private\b|confidential\b|"
    r"\d{1,2}(?:st|nd|rd|th)?[ \t]+[a-z]+[ \t]+\d{4}$|\d{1,2}/\d{1,2}/\d{2,4}$)"
)
SPLIT_NAMES = re.compile(r"[ \t]*(?:,|;|\band\b|&)[ \t]*")
FRONT = ("body", "page 1", "text")  # DOCX tables and text boxes are read in the body, in order
MAX_BLOCK_LINES = 8
FRONT_CHARS = 4000


@dataclass(frozen=True)
class Letter:
    """The salutation and name-line patterns, built from the courtesy titles of rules/words.yaml."""

    salutation: re.Pattern[str]
    name_line: re.Pattern[str]

    @classmethod
    def of(cls, words: Words) -> Letter:
        title = rf"(?:{words.titles_regex()})\.?"
        dear = "|".join(re.escape(w[:1].upper() + w[1:]) for w in sorted(words.salutations))
        name = r"[A-Z][\w'’\-.]*(?:[ \t]+[A-Z][\w'’\-.]*){0,3}"
        return cls(
            re.compile(rf"^[ \t]*(?:{dear})[ \t]+(?P<name>(?:{title}[ \t]+)?[A-Z][^,\n]{{0,60}}?)[ \t]*,?[ \t]*$",
                       re.M),
            re.compile(rf"^(?:{title}[ \t]+{name}(?:[ \t]*(?:,|and|&)[ \t]*{title}[ \t]+{name})*|The Occupier)$"),
        )


@dataclass(frozen=True)
class Addressee:
    """One addressee: the names as written and the address lines under them (may be empty)."""

    segment: int
    start: int  # the name line (or the salutation): the finding's place, never the address
    end: int
    names: tuple[str, ...]
    address: str


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        out.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _party_names(case: CaseFile) -> frozenset[str]:
    return frozenset(n for p in case.parties for n in p.names)


def _is_name_line(line: str, names: frozenset[str], letter: Letter) -> bool:
    return bool(letter.name_line.match(line)) or line in names or line.lower().startswith(("c/o", "care of"))


def _split(names: str) -> tuple[str, ...]:
    parts = [p.strip(" .") for p in SPLIT_NAMES.split(names) if p.strip(" .")]
    return tuple(p for p in parts if any(c.isalpha() for c in p))


def _block_after(lines: list[_Line], i: int, fenced: list[tuple[int, int]], letter: Letter) -> str:
    """The address lines under the name line `i`: until a blank line, a date, a reference, the
    salutation or another name line; never the council's own allowed address."""
    address = []
    for line in lines[i + 1 : i + 1 + MAX_BLOCK_LINES]:
        if not line.text or BLOCK_END.match(line.text) or letter.name_line.match(line.text):
            break
        if any(a <= line.start < b for a, b in fenced):
            break
        address.append(line.text)
    return "\n".join(address)


def _front(segment: Segment) -> bool:
    return segment.place.startswith(FRONT) and "(read by column)" not in segment.place


def _blocks(index: int, segment: Segment, end: int, case: CaseFile, letter: Letter) -> list[Addressee]:
    text = segment.text[:end]
    fenced = allowed_in(*normalise(text), case) if case.allow else []
    names = _party_names(case)
    lines = _lines(text)
    found: list[Addressee] = []
    skip_to = -1
    for i, line in enumerate(lines):
        if i <= skip_to or not line.text or not _is_name_line(line.text, names, letter):
            continue
        if any(a <= line.start < b for a, b in fenced):
            continue
        care_of = line.text.lower().startswith(("c/o", "care of"))
        address = _block_after(lines, i, fenced, letter)
        skip_to = i + address.count("\n") + (1 if address else 0)
        # "c/o Harbour Women's Aid" on its own: no person is named, the line is part of the address
        names_here = () if care_of else _split(line.text)
        lines_of_address = (line.text + "\n" + address) if care_of else address
        found.append(Addressee(index, line.start, line.end, names_here, lines_of_address))
    return found


def addressees(segments: Sequence[Segment], case: CaseFile, words: Words) -> tuple[Addressee, ...]:
    """The addressees of a letter (by its salutation or a "To:" line); () for anything else."""
    letter = Letter.of(words)
    front = [(i, s) for i, s in enumerate(segments) if _front(s)]
    salutation = next(((i, m) for i, s in front if (m := letter.salutation.search(s.text, 0, FRONT_CHARS))), None)
    if salutation is None:
        return _memo(front)
    at, match = salutation
    found = _blocks(at, segments[at], match.start(), case, letter)
    if not found:  # no name line: the salutation names the addressee
        found.append(Addressee(at, match.start("name"), match.end("name"), _split(match.group("name")), ""))
    return tuple(found)


def _memo(front: list[tuple[int, Segment]]) -> tuple[Addressee, ...]:
    for i, segment in front:
        m = TO_LINE.search(segment.text, 0, FRONT_CHARS)
        if m:
            return (Addressee(i, m.start("names"), m.end("names"), _split(m.group("names")), ""),)
    return ()
