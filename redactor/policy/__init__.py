"""The policy: a pure function of (findings, case, reader, policy rules) -> plan.

No I/O and no clock. The rules behind each decision are named in the finding's
`reason` as "<rule id>: <why>", so the check, the audit log and the auditor's
report can show them. Defaults (rules/policy.yaml) are the SPEC's:

- da.assess        a document is domestic-abuse by case flag, party marker or text marker
- da.protected     every known detail of a protected party is redacted for other readers
- da.contact       every other address, postcode, phone, email, vehicle, school, workplace
                   (and identifiers) found is redacted, unless allowed
- allow            allow-listed values (the council's office, its duty line) stay
- names.keep       names stay unless the party is marked conceal-name
- review           doubtful spans are removed and flagged for a person, never passed silently
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import regex

from redactor.casefile import CaseFile, Party
from redactor.detect.known import address_parts, allowed_in, bounded, distinctive_stem, norm, normalise, spans_of
from redactor.detect.validators import national_phone, uk_phone
from redactor.policy import recipient
from redactor.policy.professional import ProfessionalLines
from redactor.ruleset import AddressWords, Policy, Rules, Words
from redactor.types import Assessment, Decision, DetectorKind, Explanation, Finding, Plan, Problem, Segment


def _marker_reasons(findings: Sequence[Finding]) -> list[str]:
    seen = dict.fromkeys(f"text carries a protected-party marker ({f.rule.split('/')[-1]}) at {f.location}"
                         for f in findings if f.kind == "MARKER")  # fmt: skip
    return list(seen)


def assess(findings: Sequence[Finding], case: CaseFile, reader: str, policy: Policy) -> Assessment:
    """Rule da.assess: is this a domestic-abuse document, why, and who is protected."""
    flags = [f for f in case.flags if f.lower() in policy.domestic_abuse_flags]
    marked = [p for p in case.parties if p.has_marker(policy.protection_markers)]
    reasons = [f"case flag {f}" for f in flags]
    reasons += [f"party {p.id} has a protection marker" for p in marked]
    text_markers = _marker_reasons(findings)
    reasons += text_markers
    marker_only = bool(text_markers) and not flags and not marked
    protected = [p.id for p in marked]
    if marker_only:
        # SPEC rule 2: DA only through the text: everyone but the reader and professionals.
        protected = [p.id for p in case.parties
                     if p.id != reader and not p.has_marker(policy.professional_markers)]  # fmt: skip
    return Assessment(bool(reasons), tuple(reasons), tuple(protected), marker_only)


def _allowed_spans(segments: Sequence[Segment], case: CaseFile) -> list[tuple[int, int, int]]:
    if not case.allow:
        return []
    return [(index, start, end) for index, segment in enumerate(segments)
            for start, end in allowed_in(*normalise(segment.text), case)]  # fmt: skip


def _is_allowed(f: Finding, spans: list[tuple[int, int, int]], case: CaseFile, policy: Policy) -> bool:
    if any(s == f.segment and a <= f.start and f.end <= b for s, a, b in spans):
        return True
    if f.kind == "PHONE" and f.detector != "known":
        # The duty line in any format: "+44 300 123 4567" is "0300 123 4567".
        return national_phone(f.text) in {national_phone(a) for a in case.allow if uk_phone(a)}
    value = norm(f.text)
    if f.detector == "known" or len(value) < policy.allow_min_chars:
        return False
    return any(value in norm(allowed) for allowed in case.allow)


def _own_values(party: Party) -> frozenset[str]:
    """The reader's own details, and each part of her addresses (rule da.reader-own: a town the
    reader lives in is not withheld from her, even when a protected party's address has it too)."""
    values = [v for vs in party.details.values() for v in vs]
    parts = [p for kind, vs in party.details.items() if "address" in kind.lower() for v in vs for p in address_parts(v)]
    return frozenset(norm(v) for v in (*values, *parts))


def _known(f: Finding, da: Assessment, reader: Party, own: frozenset[str], policy: Policy,
           reader_protected: bool) -> tuple[Decision, str]:  # fmt: skip
    if f.kind == "PERSON":
        if f.party == reader.id:
            return Decision.KEEP, "names.own: the reader's own name"
        return Decision.REDACT, f"names.conceal: party {f.party} is marked {policy.conceal_name_marker}"
    if not da.domestic_abuse:
        return Decision.KEEP, "not-da: not a domestic-abuse document"
    if f.party == reader.id or norm(f.text) in own:
        return Decision.KEEP, "da.reader-own: the reader's own detail"
    if f.party in da.protected_parties:
        return Decision.REDACT, f"da.protected: known detail of protected party {f.party}"
    if reader_protected:
        return Decision.KEEP, "da.reader-protected: the reader is the protected party"
    return _generic(f, da, policy)


def _generic(f: Finding, da: Assessment, policy: Policy) -> tuple[Decision, str]:
    if f.kind in policy.keep_kinds:
        return Decision.KEEP, f"{f.kind.lower()}.keep: kept by policy"
    if not da.domestic_abuse:
        return Decision.KEEP, "not-da: not a domestic-abuse document"
    if f.kind == "LOCATION" and f.rule not in policy.redact_location_rules:
        return Decision.KEEP, "location.keep: a place named in passing, not where someone lives"
    if f.kind not in policy.redact_kinds and f.kind != "LOCATION":
        return Decision.KEEP, f"{f.kind.lower()}.keep: kind not redacted by policy"
    if f.rule in policy.review_rules or f.kind in policy.review_kinds or f.score < policy.review_below_score:
        return Decision.REVIEW, f"review: doubtful {f.kind.lower()} ({f.rule}); removed, a person must look"
    return Decision.REDACT, f"da.contact: {f.kind.lower()} in a domestic-abuse document"


def _decide_one(f: Finding, da: Assessment, reader: Party, own: frozenset[str], policy: Policy,
                reader_protected: bool) -> tuple[Decision, str]:  # fmt: skip
    if f.kind == "MARKER":
        return Decision.KEEP, "marker.keep: marks the document as domestic-abuse"
    if f.detector == "known":
        return _known(f, da, reader, own, policy, reader_protected)
    if reader_protected and f.kind != "PERSON":
        return Decision.KEEP, "da.reader-protected: the reader is the protected party"
    return _generic(f, da, policy)


def decide(findings: Sequence[Finding], segments: Sequence[Segment], case: CaseFile, reader: str,
           rules: Rules, problems: Sequence[Problem] = ()) -> Plan:  # fmt: skip
    """Decide every finding for this reader by `rules.policy`; a changed finding is a new finding.
    The rules' word lists (titles, institution words, address words) come with them from the caller."""
    policy, words = rules.policy, rules.words
    reader_party = case.party(reader)
    da = assess(findings, case, reader, policy)
    allowed = _allowed_spans(segments, case)
    own = _own_values(reader_party)
    reader_protected = da.domestic_abuse and reader in da.protected_parties
    professional = ProfessionalLines(case, policy)
    decided = []
    for f in findings:
        if f.kind not in ("MARKER",) and _is_allowed(f, allowed, case, policy):
            decision, reason = Decision.KEEP, "allow: on the case's allow list"
        elif f.kind == "PHONE" and f.detector != "known" and national_phone(f.text) in policy.public_numbers:
            decision, reason = Decision.KEEP, "public.helpline: a national helpline's public number"
        elif f.kind == "PHONE" and f.detector != "known" and national_phone(f.text).startswith(policy.public_prefixes):
            decision, reason = Decision.KEEP, "public.freephone: a freephone or service number no person has at home"
        elif professional.holds(f, segments):
            decision, reason = Decision.KEEP, "contact.professional: a professional's work contact, named with the role"
        else:
            decision, reason = _decide_one(f, da, reader_party, own, policy, reader_protected)
        decided.append(replace(f, decision=decision, reason=reason))
    decided += converge(decided, segments, allowed, words, rules.addresses)
    decided += recipient.judge(segments, case, reader, da, policy, words)
    return Plan(case.case_id, reader, da, tuple(decided), tuple(problems))


REMOVING = (Decision.REDACT, Decision.REVIEW)
CONVERGE_MIN_CHARS = 4  # the verifier's floor for a removed value (verify.MIN_VALUE_CHARS)


def _uncovered(decided: Sequence[Finding], index: int, start: int, end: int) -> bool:
    return not any(f.segment == index and f.decision in REMOVING and f.start <= start and end <= f.end
                   for f in decided)  # fmt: skip


NUMBERED_LINE = re.compile(r"^(?:\d{1,4}[A-Za-z]?(?:[-–/]\d{1,4}[A-Za-z]?)?),?\s+(?P<street>\S.*\S)$")
STREET_MIN_CHARS = 8


def bare_value(value: str) -> str:
    """A removed value as it is searched for elsewhere: "the Moy Park plant" is also "Moy Park plant"."""
    bare = value[4:] if value[:4].casefold() == "the " else value
    return norm(bare) if len(norm(bare)) >= CONVERGE_MIN_CHARS else norm(value)


def _short_name(name: str, generic: frozenset[str]) -> str | None:
    """The name a school or employer goes by alone, later in the same document: "Nansen Primary School,
    Alum Rock" is "Nansen" and "the Little Acorns Day Nursery" is "Little Acorns" (rule converge)."""
    head = name.split(",")[0].strip()
    head = head[4:] if head[:4].casefold() == "the " else head
    return distinctive_stem(head, generic)


NAME_GOES_ON = re.compile(r"[ \t]+(?:[A-Z]|of\b|&)")


def _names_on(text: str, end: int) -> bool:
    """A short name followed by more of a name is another place: "St Mary's" of a school is not
    "St Mary's Hospital", nor "Oakfield" of it "Oakfield Road"."""
    return bool(NAME_GOES_ON.match(text, end))


def _street_lines(address: str) -> list[str]:
    """The street of a removed address without its number ("2 Chapel Row, Pendeen" -> "Chapel Row"):
    a note that goes on to say "he remains at Chapel Row" names the same place."""
    parts = (NUMBERED_LINE.match(p) for p in address_parts(address))
    return [m.group("street") for m in parts if m and len(m.group("street")) >= STREET_MIN_CHARS
            and " " in m.group("street")]  # fmt: skip


BUILDING_LINE = regex.compile(r"^(?:(?:The|the)[ \t]+)?\p{Lu}[\p{L}'’\-]+(?:[ \t]+\p{Lu}[\p{L}'’\-]+){0,2}$")


def _building_lines(address: str, addresses: AddressWords) -> list[str]:
    """The building of a removed address named alone ("Flat 5, Mowlem House, Usk St" -> "Mowlem House"):
    a note that later says "back at Mowlem House" names the same place."""
    return [p for p in address_parts(address) if len(p) >= STREET_MIN_CHARS and BUILDING_LINE.match(p)
            and p.split()[-1].casefold() in addresses.house_words]  # fmt: skip


NAMED_PART = regex.compile(
    r"^(?:(?:The|the)[ \t]+)?\p{Lu}[\p{L}'’\-]+"
    r"(?:[ \t]+(?:an|y|yr|na|\p{Lu}[\p{L}'’\-]+)){0,2}$"
)
PLACE_MIN_CHARS = 6


def _named_parts(address: str, addresses: AddressWords) -> list[str]:
    """The house or the locality of a removed address, named before its town ("The Hollies, 2 Mill Lane,
    Pendeen" -> "The Hollies"; "Tyddyn Uchaf, Rhostryfan" -> "Tyddyn Uchaf"): a note that later says "back
    at The Hollies" names the same place. Never its town, which may stand in a court's or an agency's
    name, nor a part with a number or a sub-building word ("Flat 2", "Lower Ground Floor")."""
    parts = address_parts(address)
    while parts and POSTCODE_PART.search(parts[-1]):
        parts.pop()
    named = parts[:-1]
    return [p for p in named if len(p) >= PLACE_MIN_CHARS and NAMED_PART.match(p)
            and not any(w.casefold() in addresses.sub_building for w in p.split())]  # fmt: skip


POSTCODE_PART = regex.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\d", regex.IGNORECASE)


def converge(decided: Sequence[Finding], segments: Sequence[Segment], allowed: Sequence[tuple[int, int, int]],
             words: Words, addresses: AddressWords) -> list[Finding]:  # fmt: skip
    """Rule converge: a value removed in one place is removed wherever else it stands.

    In a domestic-abuse document the protected reading wins: a town removed where she lives is
    removed where it is named in passing too, so the independent re-reading (which searches the
    output for every removed value outside the allow list) finds nothing the policy let through.
    """
    removed = {bare_value(f.text): f for f in decided if f.decision in REMOVING}
    streets = {norm(street): f for f in decided if f.decision in REMOVING and f.kind == "ADDRESS"
               for street in [*_street_lines(f.text), *_building_lines(f.text, addresses),
                              *_named_parts(f.text, addresses)]}  # fmt: skip
    generic = words.generic_institution_words | words.name_endings
    short = {norm(stem): f for f in decided if f.decision in REMOVING and f.kind in ("SCHOOL", "WORKPLACE")
             and f.detector != DetectorKind.CONVERGE and (stem := _short_name(f.text, generic))}  # fmt: skip
    removed = {v: f for v, f in {**short, **streets, **removed}.items() if len(v) >= CONVERGE_MIN_CHARS}
    added: list[Finding] = []
    for index, segment in enumerate(segments):
        normed, offsets = normalise(segment.text)
        fences = [(a, b) for s, a, b in allowed if s == index]
        for value, source in removed.items():
            for start, end in spans_of(value, normed, offsets):
                if (bounded(segment.text, start, end) and not any(a <= start < b for a, b in fences)
                        and not (value in short and _names_on(segment.text, end))
                        and _uncovered([*decided, *added], index, start, end)):  # fmt: skip
                    added.append(_repeat(source, segment, index, start, end))
    return added


def _repeat(source: Finding, segment: Segment, index: int, start: int, end: int) -> Finding:
    return replace(source, text=segment.text[start:end], segment=index, start=start, end=end,
                   location=segment.location(start), detector=DetectorKind.CONVERGE, rule=f"converge/{source.rule}",
                   explanation=Explanation(DetectorKind.CONVERGE, f"converge/{source.rule}", source.score,
                                           note=f"the same value as a {source.kind} removed at {source.location}"),
                   decision=Decision.REDACT,
                   reason=f"converge: the same value is removed at {source.location}; removed everywhere")  # fmt: skip
