"""Rule contact.professional: a professional's work phone or email is not a protected detail.

Reports and letters list the professionals around a family with their work numbers and emails
(a core group's membership table, an email thread's headers, a signature block). Those are what
a parent is meant to use; removing them takes the way to the social worker out of the letter.
Off by default (the SPEC's default policy removes every phone and email not allowed); when a
council enables it, a phone or email found by a detector (never a party's recorded detail) is
kept when its sentence (or its table row) names a professional's role or a professional party of
the case, or when it is a role mailbox (duty.team@...), or when it continues a signature whose
line above names the role; and never when that sentence or row names anyone else of the case, by
name or first name, or a family relation ("mum's new mobile"). Which words count is data:
rules/policy.yaml `professional_contacts`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex

from redactor.casefile import CaseFile
from redactor.ruleset import Policy, ProfessionalContacts
from redactor.types import Finding, Segment


def _words(phrases: frozenset[str]) -> regex.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = "|".join(sorted((regex.escape(p) for p in phrases), key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{alternatives})(?![\p{{L}}\d])", regex.IGNORECASE)


SENTENCE_END = re.compile(r"[.;!?](?=\s)")


def _sentence(line: str, start: int, end: int) -> str:
    """The sentence of `line` that holds line[start:end] (a table row is judged whole)."""
    before = [m.end() for m in SENTENCE_END.finditer(line, 0, start)]
    after = SENTENCE_END.search(line, end)
    return line[before[-1] if before else 0 : after.start() if after else len(line)]


class ProfessionalLines:
    """What this case's lines must name for a contact on them to be a professional's (built once per plan)."""

    def __init__(self, case: CaseFile, policy: Policy) -> None:
        rules: ProfessionalContacts = policy.professional_contacts
        professional = [p for p in case.parties if p.has_marker(policy.professional_markers)]
        others = [p for p in case.parties if not p.has_marker(policy.professional_markers)]
        self.enabled = rules.enabled
        self.roles = _words(rules.roles | {n.lower() for p in professional for n in (p.name, *p.aliases)})
        names = {n.lower() for p in others for n in (p.name, *p.aliases, *re.findall(r"[A-Za-z]{3,}", p.name))}
        self.blockers = _words(rules.relations | names)
        self.mailboxes = rules.mailbox_words
        self.own_names = {t.lower() for p in professional for t in re.findall(r"[A-Za-z]{3,}", p.name)}
        self.continuation = _words(rules.signature_words)

    def _names_role(self, line: str) -> bool:
        return bool(self.roles and self.roles.search(line)) and not (self.blockers and self.blockers.search(line))

    def _a_mailbox(self, email: str) -> bool:
        local = {t.lower() for t in re.split(r"[._\-+0-9]+", email.split("@", 1)[0]) if t}
        return bool(local & (self.mailboxes | self.own_names))

    def _continues(self, line: str, value: str) -> bool:
        """A signature's next line holds contacts, an address and labels only ("Tel", "Mobile")."""
        rest = line.replace(value, " ")
        lower = [w for w in regex.findall(r"\b\p{Ll}[\p{L}'’]*", rest)
                 if not (self.continuation and self.continuation.fullmatch(w))]  # fmt: skip
        return not lower

    def holds(self, f: Finding, segments: Sequence[Segment]) -> bool:
        if not self.enabled or f.kind not in ("PHONE", "EMAIL") or f.detector == "known":
            return False
        text = segments[f.segment].text
        start = text.rfind("\n", 0, f.start) + 1
        end = text.find("\n", f.end)
        line = text[start : len(text) if end < 0 else end]
        scope = line if "|" in line else _sentence(line, f.start - start, f.end - start)
        if self.blockers and self.blockers.search(scope):
            return False
        if self._names_role(scope) or (f.kind == "EMAIL" and self._a_mailbox(f.text)):
            return True
        above = text[text.rfind("\n", 0, max(start - 1, 0)) + 1 : max(start - 1, 0)] if start else ""
        return bool(above) and self._names_role(above) and self._continues(line, f.text)
