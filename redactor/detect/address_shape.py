"""Addresses found by their shape: walk back from an anchor over the parts of its clause.

A UK address is written smallest part first and ends with its town and postcode:
[c/o name] [flat or room] [building name] [number and street] [locality] [town] [postcode].
From a postcode (or a street) the walker steps back one comma- or line-chunk at a time,
taking every chunk made of address words (numbers and flat positions, capitalised words,
street types, house-name and sub-building words from rules/addresses.yaml, the small words
inside names), and stops at the word that introduces the address ("lives at", "moved to",
"Address:"), at a courtesy title or label, at a party's name, at a date, at another
postcode or at the start of the clause. Within the last chunk it keeps only the address
words at its end ("she has moved to | 14 Kingsway").
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from redactor.ruleset import AddressWords, Words

WINDOW = 220
MAX_CHUNKS = 7
MAX_CHUNK_WORDS = 7
TOKEN = regex.compile(r"c/o|d/o|[\p{L}\p{N}][\p{L}\p{N}'’\-./&]*|['‘’\"“][\p{L}][\p{L}\p{N}'’\- ]*['’\"”]|&")
# Soft separators continue the walk; hard ones (a label's colon, an opening bracket, a table
# cell, a semicolon) end it after the chunk that follows them.
CHUNK_SPLIT = regex.compile(r"[ \t]*(?:([,\n])|([:;(|\[]|[ \t]-[ \t]|[ \t]–[ \t]))[ \t]*")
HARD_BEFORE = regex.compile(r"(?:[:;|\[]|[ \t]-|[ \t]–)[ \t]*$")
# house numbers and ranges, flat positions ("2F1", "0/2", "G/L") and a flat's letter ("Flat C")
NUMBER = regex.compile(
    r"^(?:\d{1,5}[A-Za-z]?(?:[-–/]\d{1,4}[A-Za-z]?)?|\d{1,2}[Ff]\d{1,2}|[GgBb0-9]/[LlRrCc0-9]|[A-HJ-Z]|[A-HJ-Z]\d{1,3})$"
)
CARE_OF = regex.compile(r"(?i)\b(?:c/o|d/o|care[ \t]+of)\b")  # d/o: Welsh "drwy ofal"
SENTENCE_END = regex.compile(
    r"(?<!\b(?i:st|no|rd|mt|dr|ave|nos|flat|apt|co|ltd))[.!?][\"”’)]?(?:[ \t]+|\n)|\n[ \t]*\n"
)
MONTH = regex.compile(
    r"(?i)^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$"
)
YEAR = regex.compile(r"^(?:19|20)\d\d$")
POSTCODE = regex.compile(r"(?i)\b[a-z]{1,2}\d[a-z\d]?[ \t]*\d[a-z]{2}\b")
LOWER_STREET = r"(?:(?i:no|number)\.?[ \t]*)?\d{1,4}[a-z]?,?[ \t]+(?:[a-z'’\-]+[ \t]+){0,3}"
MAX_LOWER_TOWNS = 2
THE = ("The", "THE")
LOWER_NUMBERED = regex.compile(r"(?:(?i:no|number)\.?[ \t]*)?\d{1,4}[a-z]?,?[ \t]+[a-z'’\-]+(?:[ \t]+[a-z'’\-]+){0,3}$")
QUOTES = "'‘’\"“”"
# a word of a street or house name typed in lower case ("mill lane", "rose cottage"), never prose
LOWER_WORD = (
    r"(?:(?!(?:at|to|in|on|is|was|the|a|an|she|he|they|her|his|their|and|from|with|of|for|by|near|lives|"
    r"living|staying|moved|address|now|said|family|own|new|old|same)\b)[a-z'’\-]+[ \t]+)"
)


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    hard_before: bool  # the separator before it ends the walk


def _window_start(text: str, pos: int) -> int:
    lo = max(0, pos - WINDOW)
    ends = [m.end() for m in SENTENCE_END.finditer(text, lo, pos)]
    return ends[-1] if ends else lo


def _chunks(text: str, lo: int, hi: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    start, hard = lo, True
    for m in CHUNK_SPLIT.finditer(text, lo, hi):
        chunks.append(Chunk(start, m.start(), hard))
        start, hard = m.end(), m.group(2) is not None
    chunks.append(Chunk(start, hi, hard))
    return [c for c in chunks if text[c.start : c.end].strip()]


class Walker:
    """The address words of one rules version and one case's names, for any number of walks."""

    def __init__(self, words: AddressWords, names: frozenset[str], vocab: Words) -> None:
        self.words = words
        self.vocab = vocab
        self.titles = vocab.titles | vocab.salutations
        self.titled = regex.compile(rf"^(?:{vocab.titles_regex(salutations=True)})\b")
        self.names_as_written = names
        self.names = frozenset(n.casefold() for name in names for n in (name, *name.split()) if len(n) > 1)
        self.introducers = frozenset(i for i in words.introducers if " " not in i)
        self.shared_words = frozenset(w for w in words.shared_housing if " " not in w and w != "house")
        self.lower_street = regex.compile(rf"{LOWER_STREET}(?:{words.alternation('thoroughfares')})\.?$")
        housing = words.alternation("shared_housing").replace("\\ ", "[ \\t]+")
        self.room_at = regex.compile(  # "Room 6 at the Salvation Army hostel"
            rf"(?i:{words.alternation('sub_building')})[ \t]+\d{{1,4}}[A-Za-z]?[ \t]+(?i:at|in)[ \t]+(?i:the)[ \t]+"
            rf"(?:\p{{Lu}}[\w'’\-&]*[ \t]+){{1,4}}(?i:{housing})$"
        ) if housing else None
        types = f"{words.alternation('thoroughfares')}|{words.alternation('house_words')}"
        self.lower_named = regex.compile(
            rf"(?<![\w'’\-])(?:the[ \t]+(?:(?:old|new)[ \t]+)?{LOWER_WORD}{{0,2}}|{LOWER_WORD}{{1,3}})(?:{types})\.?$"
        )

    def _word(self, token: str) -> str:
        return token.strip(QUOTES).rstrip(".").casefold()

    def _sub_building(self, token: str) -> bool:
        """"flat", "mooring", "narrowboat": in lower case too (street types in lower case are
        taken only in a whole lower-case street line: "14 church st")."""
        return self._word(token) in self.words.sub_building

    def _stops(self, token: str) -> bool:
        w = self._word(token)
        return (w in self.words.stop_words or w in self.introducers or w in self.names or w in self.titles
                or bool(MONTH.match(token)) or bool(YEAR.match(token)))  # fmt: skip

    def _fits(self, token: str) -> bool:
        """One token that may stand inside an address."""
        if token in ("c/o", "d/o") or NUMBER.match(token):
            return not YEAR.match(token)
        if self._stops(token):
            return False
        bare = token.strip(QUOTES)
        small = self._word(token) in self.words.connectors
        shared = self._word(token) in self.shared_words  # "St Mungo's hostel, 3 Kings Cross Road"
        return bool(bare) and (bare[0].isupper() or self._sub_building(token) or small or shared)

    def _suffix(self, text: str, chunk: Chunk) -> int | None:
        """Where the address words at the end of a chunk begin (None: none there)."""
        body = text[chunk.start : chunk.end]
        lower = self.lower_street.search(body)
        if lower:
            return chunk.start + lower.start()
        room = self.room_at.search(body) if self.room_at else None
        if room:
            return chunk.start + room.start()
        care_of = list(CARE_OF.finditer(body))
        if care_of:  # "c/o Mrs Jane Hill": the name belongs to the address
            return chunk.start + care_of[-1].start()
        tokens = list(TOKEN.finditer(body))[-MAX_CHUNK_WORDS:]
        first = None
        for tok in reversed(tokens):
            if not self._fits(tok.group()):
                if tok.group().rstrip(".").casefold() in self.titles:
                    return None  # "Dear Ms Smith", "Mrs Jane Hill": a name, not an address part
                break
            first = tok
        # a small word does not open an address, but "The" does ("The Old Forge")
        # nor a kind of housing in lower case: "the shelter in N1C 4AG" (but "St Mungo's hostel, 3 ...")
        while first is not None and (self._word(first.group()) in self.words.connectors
                                     or first.group() in self.shared_words) and first.group() not in THE:  # fmt: skip
            later = [t for t in tokens if t.start() > first.start()]
            first = later[0] if later else None
        return None if first is None else chunk.start + first.start()

    def _lower_town(self, text: str, chunk: Chunk) -> bool:
        """A town typed in lower case right before the postcode ("14 church st, leigh wn7 1ab")."""
        words = text[chunk.start : chunk.end].split()
        return (not chunk.hard_before and 0 < len(words) <= 2
                and all(w.isalpha() and not self._stops(w) for w in words))  # fmt: skip

    def back(self, text: str, pos: int, postcode: bool) -> int:
        """The start of the address that ends with the anchor starting at `pos`."""
        lo = _window_start(text, pos)
        if HARD_BEFORE.search(text, lo, pos):  # "09/2025 | 12 Cotswold Rd": a table cell starts the address
            return pos
        start, pending = pos, False  # pending: towns typed in lower case, waiting for their street
        lowercase = False  # a lower-case street or house name was taken: its house name may precede it
        for n, chunk in enumerate(reversed(_chunks(text, lo, pos)[-MAX_CHUNKS:])):
            at = self._suffix(text, chunk)
            named = self._lower_named(text, chunk) if (pending or lowercase) and at is None else None
            if POSTCODE.search(text, chunk.start, chunk.end):  # another address ends in this chunk
                at = at if at is not None else (named if lowercase else None)
                if at is not None and not POSTCODE.search(text, at, chunk.end) and postcode and not pending:
                    start = at  # "... BB3 1YU and said he sleeps in | the flat above"
                break
            lower_town = postcode and n < MAX_LOWER_TOWNS and (n == 0 or pending) and self._lower_town(text, chunk)
            if at is None and lower_town and named is None:
                start, pending = chunk.start, True
                if chunk.hard_before:
                    break
                continue
            if named is not None:  # "rose cottage, mill lane, wray la2 8qj" (rule address-shape/lower-named)
                at, pending, lowercase = named, False, True
            elif pending:
                at = at if at is not None else self._lower_street_line(text, chunk)
                if at is None or not self._strong(text[at : chunk.end]):
                    return pos  # a lower-case word before a postcode is a town only after a street
                pending = False
            if at is None or (not postcode and not self._strong(text[at : chunk.end])):
                break
            start = at
            if at > chunk.start or chunk.hard_before:
                break
        return pos if pending else start

    def _lower_named(self, text: str, chunk: Chunk) -> int | None:
        """ "mill lane", "rose cottage": a street or house name typed in lower case, with no number."""
        m = self.lower_named.search(text, chunk.start, chunk.end)
        return m.start() if m else None

    def _lower_street_line(self, text: str, chunk: Chunk) -> int | None:
        """ "77 gallowgate", "9 heol y bont": a house number and words, typed in lower case."""
        m = LOWER_NUMBERED.search(text, chunk.start, chunk.end)
        return m.start() if m else None

    def _strong(self, part: str) -> bool:
        """Before a street with no postcode, only parts that are plainly address parts join it (a
        number, a house or sub-building word, "c/o", a quoted house name: '"Hollyhocks" Pilgrims Lane')."""
        tokens = [t.group() for t in TOKEN.finditer(part)]
        return any(NUMBER.match(t) and not YEAR.match(t) for t in tokens) or any(
            self._word(t) in self.words.house_words or self._word(t) in self.words.sub_building for t in tokens
        ) or bool(CARE_OF.match(part)) or any(t[:1] in "'‘\"“" and t[1:2].isupper() for t in tokens)
