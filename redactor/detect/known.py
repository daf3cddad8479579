"""The case file's known details, found however they are written.

Every value is reduced to its letters and digits (case folded), and so is the text,
with a map back to the original offsets: other spacing, case, punctuation, line breaks
and a postcode without its space all reduce to the same string. Addresses are also
split into the parts people write alone (the street named on its own, the building,
the town, the postcode); phones are matched in national and +44 forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import combinations

from redactor.casefile import CaseFile, Party
from redactor.detect.validators import national_phone
from redactor.ruleset import Rules
from redactor.types import DetectorKind, Explanation, Finding

POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)
NUMBERED = re.compile(r"^\d+[A-Za-z]?(?:[-–]\d+[A-Za-z]?)?,?\s+(?=\S)")
UNIT = re.compile(r"^(?:flat|apartment|apt\.?|unit|room|suite|studio)\s+\S+$", re.IGNORECASE)
MIN_CHARS = 4
JOINERS = re.compile(r"^[\s,;:/\-–()]{0,4}$")


@dataclass(frozen=True)
class Needle:
    kind: str
    party: str
    norm: str
    rule: str
    why: str


def _fold(ch: str) -> str:
    # NFKC first: full-width "０７７００" and "Ｗｈａｒｆ" are the same value as "07700", "Wharf".
    return ch.lower() if ch.isascii() else unicodedata.normalize("NFKC", ch).casefold()


def _fold_each(text: str, start: int, chars: list[str], index: list[int]) -> None:
    """The definition, one character at a time (text[0] sits at offset `start`)."""
    for i, ch in enumerate(text, start):
        for folded in _fold(ch):
            if folded.isalnum():
                chars.append(folded)
                index.append(i)


# ASCII letters and digits in runs (the bulk of any document, folded a run at a time),
# and runs of anything outside ASCII (folded a character at a time). ASCII punctuation
# and spaces match neither: they are dropped, as the definition drops them.
_RUNS = re.compile(r"([A-Za-z0-9]+)|[^\x00-\x7f]+")


def normalise(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, case folded, with each kept char's original offset."""
    chars: list[str] = []
    index: list[int] = []
    for m in _RUNS.finditer(text):
        if m.group(1):
            chars.append(m.group(1).lower())
            index.extend(range(m.start(), m.end()))
        else:
            _fold_each(m.group(), m.start(), chars, index)
    return "".join(chars), index


def norm(text: str) -> str:
    return normalise(text)[0]


def _street_forms(street: str, abbreviations: Mapping[str, str]) -> list[str]:
    words = street.split()
    forms = [street]
    last = words[-1].lower().rstrip(".") if words else ""
    if last in abbreviations:
        forms.append(" ".join([*words[:-1], abbreviations[last]]))
    return forms


def _address_part(part: str, abbreviations: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(kind, text, label) for one comma-separated part of a known address."""
    if POSTCODE.match(part):
        return [("POSTCODE", part, "postcode")]
    if UNIT.match(part):
        return []  # "Flat 2" alone is too common to mean this address
    numbered = NUMBERED.match(part)
    if numbered:
        street = part[numbered.end() :]
        forms = [("ADDRESS", part, "street line")]
        return forms + [("ADDRESS", f, "street named alone") for f in _street_forms(street, abbreviations)]
    return [("ADDRESS", part, "address part")]


def _address_needles(value: str, abbreviations: Mapping[str, str]) -> list[tuple[str, str, str]]:
    parts = address_parts(value)
    out: list[tuple[str, str, str]] = [("ADDRESS", value, "full address")]
    for part in parts:
        out += _address_part(part, abbreviations)
    for i, j in combinations(range(len(parts) + 1), 2):
        if j - i >= 2:
            out.append(("ADDRESS", " ".join(parts[i:j]), "address lines"))
    return out


def distinctive_stem(value: str, generic: frozenset[str]) -> str | None:
    """'Brookside Primary School' -> 'Brookside': the name people use alone."""
    words = value.split()
    while words and words[-1].lower().strip(".") in generic:
        words.pop()
    stem = " ".join(words)
    return stem if stem != value and len(norm(stem)) >= 5 else None


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%d/%m/%y")


def _date_needles(value: str) -> list[tuple[str, str, str]]:
    """A known date of birth in the ways people write dates."""
    from datetime import datetime

    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", value.replace(",", "")).strip()
    for fmt in DATE_FORMATS:
        try:
            d = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        day, month, year = d.day, d.strftime("%B"), d.year
        suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        forms = [f"{day} {month} {year}", f"{day}{suffix} {month} {year}", f"{day} {month[:3]} {year}",
                 f"{month} {day} {year}", f"{day:02d}/{d.month:02d}/{year}", f"{day}/{d.month}/{year}",
                 f"{year}-{d.month:02d}-{day:02d}", f"{day:02d}/{d.month:02d}/{year % 100:02d}"]  # fmt: skip
        return [("DATE_OF_BIRTH", f, "date of birth") for f in dict.fromkeys(forms)]
    return [("DATE_OF_BIRTH", value, "date of birth")]


def _detail_needles(kind: str, value: str, rules: Rules) -> list[tuple[str, str, str]]:
    if kind == "ADDRESS":
        return _address_needles(value, rules.addresses.abbreviations)
    if kind == "DATE_OF_BIRTH":
        return _date_needles(value)
    if kind == "PHONE":
        national = national_phone(value)
        return [("PHONE", national, "phone"), ("PHONE", "44" + national[1:], "phone (+44)")]
    out = [(kind, value, kind.lower())]
    generic = rules.words.generic_institution_words | rules.words.name_endings
    stem = distinctive_stem(value, generic) if kind in ("SCHOOL", "WORKPLACE") else None
    return out + ([(kind, stem, f"{kind.lower()} short name")] if stem else [])


def _name_needles(party: Party, generic: frozenset[str]) -> list[tuple[str, str, str]]:
    names = list(party.names)
    for name in party.names:
        names += [w for w in name.split() if len(w) >= 3 and w.lower() not in generic]
    return [("PERSON", n, "concealed name") for n in dict.fromkeys(names)]


def address_parts(value: str) -> list[str]:
    """The comma- or line-separated parts of an address, as written."""
    return [p.strip() for p in re.split(r"[,\n]+", value) if p.strip()]


def shared_places(case: CaseFile) -> frozenset[str]:
    """Normalised parts of the allow list's addresses (the council's own town, its street).

    Rule known.shared-place: a part of a protected party's address that is also part of an
    allowed address (the victim lives in the council's own town) identifies nothing alone, so
    it is not searched for on its own; her whole address, street and postcode still are. The
    verifier builds the same needles, so policy and verification judge it alike.
    """
    return frozenset(norm(p) for value in case.allow for p in address_parts(value) if not POSTCODE.match(p))


def needles(case: CaseFile, rules: Rules) -> tuple[Needle, ...]:
    """What to look for of each party's recorded details (and names, for a party whose name is concealed)."""
    conceal_marker = rules.policy.conceal_name_marker
    out: dict[tuple[str, str], Needle] = {}
    shared = shared_places(case)
    for party in case.parties:
        raw: list[tuple[str, str, str]] = []
        for detail_kind, values in party.details.items():
            kind = rules.vocabulary.finding_kind(detail_kind.lower())
            for value in values:
                raw += _detail_needles(kind, value, rules)
        if conceal_marker in {m.lower() for m in party.markers}:
            raw += _name_needles(party, rules.words.generic_institution_words)
        for kind, text, label in raw:
            n = norm(text)
            if label == "address part" and n in shared:
                continue
            if len(n) >= MIN_CHARS and (party.id, n) not in out:
                rule = f"known:{party.id}:{label.replace(' ', '-')}"
                why = f"known {label} of party {party.id}"
                out[(party.id, n)] = Needle(kind, party.id, n, rule, why)
    return tuple(sorted(out.values(), key=lambda nd: -len(nd.norm)))


def bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def spans_of(needle: str, normed: str, index: list[int]) -> Iterator[tuple[int, int]]:
    """The original (start, end) of every occurrence of a normalised needle in normalised text."""
    pos = normed.find(needle) if needle else -1
    while pos >= 0:
        yield index[pos], index[pos + len(needle) - 1] + 1
        pos = normed.find(needle, pos + 1)


def allowed_in(normed: str, offsets: list[int], case: CaseFile) -> list[tuple[int, int]]:
    """(start, end) of every allow-listed value in one normalised text."""
    return [span for value in case.allow for span in spans_of(norm(value), normed, offsets)]


def _occurrences(needle: Needle, normed: str, index: list[int], text: str) -> list[tuple[int, int]]:
    return [span for span in spans_of(needle.norm, normed, index) if bounded(text, *span)]


def _touching(last: Finding, f: Finding, text: str) -> bool:
    return f.start <= last.end or (f.start <= last.end + 4 and bool(JOINERS.match(text[last.end : f.start])))


def _merge_adjacent(found: list[Finding], text: str) -> list[Finding]:
    """Join known parts of one party written side by side into one span."""
    merged: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        last = merged[-1] if merged else None
        if last and last.party == f.party and _touching(last, f, text):
            end = max(last.end, f.end)
            kind = "ADDRESS" if "ADDRESS" in (last.kind, f.kind) else last.kind
            merged[-1] = replace(last, end=end, text=text[last.start : end], kind=kind)
            continue
        merged.append(f)
    return merged


def scan(all_needles: tuple[Needle, ...], segment: int, text: str,
         normalised: tuple[str, list[int]] | None = None) -> list[Finding]:  # fmt: skip
    normed, index = normalised or normalise(text)
    found = []
    for nd in all_needles:
        for start, end in _occurrences(nd, normed, index, text):
            found.append(
                Finding(nd.kind, text[start:end], segment, start, end, DetectorKind.KNOWN, nd.rule, 1.0,
                        Explanation(DetectorKind.KNOWN, nd.rule, 1.0,
                                    note=f"{nd.why}, matched ignoring case, spacing and punctuation"),
                        party=nd.party)
            )  # fmt: skip
    return _merge_adjacent(found, text)
