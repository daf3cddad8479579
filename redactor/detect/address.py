"""Assemble address parts into whole addresses.

The patterns find anchors (a numbered street, a flat, a PO box, c/o, a postcode) and
parts (a named building). An address is caught whole only when the lines around an
anchor join it: "Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP" or
the same laid out over lines as a letter's address block. A building name that joins
no anchor is dropped (court and hall names in prose are not addresses).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import regex

from redactor.detect.address_shape import MONTH, Walker
from redactor.types import Finding

ANCHOR_KINDS = ("POSTCODE",)
ENDS_LIKE_POSTCODE = ("uk-street-address/county-line",)  # an address ends with it; walk back from it
STRADDLING_PARTS = ("uk-address-part/named-building",)  # a building named after the street it ends
SEPARATOR_AFTER = regex.compile(r"[ \t]*(?:[,\n][ \t\n]*|[ \t]+)")
SEPARATOR_BEFORE = regex.compile(r"(?:[ \t\n]*[,\n]|[ \t]+)[ \t]*$")
# postcode-shaped, mistyped ones too ("PR1-4XY", "PRl 4XY", "PR1 4 XY", "PR1 4X"): a town stands before it
_PC_SHAPE = r"[A-Za-z]{1,2}[\dl][A-Za-z\d]?(?:[ \t]*|[ \t]*\n[ \t]*|[\-–.])\d[ \t]?[A-Za-z]{1,3}\b"
_JOIN = r"(?:upon|on|under|le|in|by|of|next[ \t\-]+the|cum)"  # "Cley next the Sea", "Isle of Lewis", "Bridge of Allan"
# "by Peterhead", "nr Fraserburgh", "ger Aberdâr": a village placed by its town; "An t-Eilean Sgitheanach"
_NEAR = r"(?:(?:by|nr\.?|near|ger|nr\.)[ \t]+)?(?:(?:Y|Yr|An|Na|A[’'])[ \t]+(?:[th]-)?)?"
TOWN = regex.compile(
    # a town right before a postcode ("Crewe CW1 6RS", "newcastle upon tyne ne1 4ST")
    rf"{_NEAR}(?:\p{{Lu}}[\w'’\-]+|[a-z][a-z'’\-]+)(?:[ \t\-]+(?:{_JOIN}|\p{{Lu}}[\p{{Ll}}'’\-]+)){{0,3}}"
    rf"(?=[ \t]+{_PC_SHAPE})"
    # or a town closing its chunk ("..., Knutsford, ...", "..., Knutsford in 2019")
    rf"|{_NEAR}(?:\p{{Lu}}[\p{{L}}'’\-]+|St\.?)(?:[ \t\-]+(?:{_JOIN}|\p{{Lu}}[\p{{L}}'’\-]+)){{0,3}}"
    r"(?=[ \t]*(?:[,\n.;:)]|$)|[ \t]+[a-z(]|[ \t]+(?:[BEGLMNSW]|[A-Z]{2})\d{1,2}[A-Z]?\b(?![ \t]*\d[A-Za-z]{2}\b))"
)
TOWN_TAIL = regex.compile(
    r"(?:(?:by|nr\.?|near|ger)[ \t]+)?(?:(?:Y|Yr)[ \t]+)?(?:\p{Lu}[\w'’\-]+)"
    r"(?:[ \t\-]+(?:upon|on|under|le|\p{Lu}[\w'’\-]+)){0,2}$"
)
THE_NAME = regex.compile(
    r"\b(?:The|the)(?:[ \t]+\p{Lu}[\w'’\-]+){1,3}(?:[ \t]+(?:pub|inn|shop|surgery|cafe|café|hotel|club|salon))?$"
)
AT_NAME = regex.compile(r"\b(?:at|to|address(?:[ \t]+is)?:?)[ \t]+(\p{Lu}[\p{Ll}'’\-]+)$")
# "Llys Cynon, Heol Gadlys": a building whose word comes first (rules/addresses.yaml house_words_first)
FIRST_WORD = regex.compile(r"\p{Lu}[\p{L}'’\-]*")
ONE_WORD = regex.compile(r"[A-Z][\w'’\-]+")
MAX_TOWNS = 2
# A postcode district alone after its street ("Grove Road, E17", "Ravenhill Avenue, BT6"): the outward
# code, never followed by an inward code (that is a whole postcode, found as one).
DISTRICT = regex.compile(r"(?:[BEGLMNSW]|[A-Z]{2})\d{1,2}[A-Z]?(?![\w'’\-])(?![ \t]*\d[A-Za-z]{2}\b)")


def _is_anchor(f: Finding, part_rules: frozenset[str]) -> bool:
    return f.kind in ANCHOR_KINDS or (f.kind == "ADDRESS" and f.rule.split("/")[0] not in part_rules)


def _postcode_at(items: list[Finding], pos: int) -> bool:
    return any(f.kind == "POSTCODE" and 0 <= f.start - pos <= 2 for f in items)


def _starting_at(items: list[Finding], pos: int) -> Finding | None:
    return next((f for f in items if f.start == pos), None)


def _ending_at(items: list[Finding], pos: int) -> Finding | None:
    return next((f for f in items if f.end == pos), None)


def _extend_forward(text: str, end: int, items: list[Finding], w: Walker) -> tuple[int, list[str]]:
    rules: list[str] = []
    towns = 0
    while True:
        straddling = next((f for f in items if f.start < end < f.end and f.rule in STRADDLING_PARTS), None)
        if straddling:  # "Plot 6, Eagle Lane" inside "Eagle Lane Travellers Site"
            end = straddling.end
            continue
        sep = SEPARATOR_AFTER.match(text, end)
        if not sep:
            return end, rules
        nxt = _starting_at(items, sep.end())
        if nxt:
            end, towns = nxt.end, 0
            rules.append(nxt.rule)
            if nxt.kind == "POSTCODE":
                return end, rules  # a UK address ends with its postcode
            continue
        district = DISTRICT.match(text, sep.end()) if "\n" not in sep.group(0) else None
        if district:
            rules.append("address-block/district")
            return district.end(), rules
        town = TOWN.match(text, sep.end())
        if town and towns < MAX_TOWNS and _town_joins(text, sep.group(0), town, items, w):
            end, towns = town.end(), towns + 1
            rules.append("address-block/town")
            continue
        bare = sep.group(0).strip(" \t") == "" and towns == 0 and not rules
        town_end = _town_no_comma(text, sep.end(), w) if bare else None
        if town_end is None:
            return end, rules
        end, towns = town_end, towns + 1
        rules.append("address-block/town-no-comma")


LINE_END = regex.compile(r"[ \t]*(?:[,\n]|$)")
# "seen at 2 Bow Lane Preston." A town written after its street with no comma, closing the sentence.
CLAUSE_END = regex.compile(
    r"[ \t]*(?:[.;!?)](?=\s|$)|\n|$"
    r"|[ \t](?:on|in|at|with|since|for|until|where|when|last|this|from|but|before|after|during|while)\b)"
)
NO_COMMA_TOWN = regex.compile(r"[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+)?")
NO_COMMA_ONE_TOWN = regex.compile(r"[A-Z][\w'’\-]+")
NO_COMMA_TOWN_JOINED = regex.compile(r"[A-Z][\w'’\-]+[ \t]+(?:upon|under|le|on)[ \t]+[A-Z][\w'’\-]+")


def _town_joins(text: str, sep: str, town: regex.Match[str], items: list[Finding], w: Walker) -> bool:
    """A town after an address part: after a comma, or on its own line (a letter's block), or
    right before a postcode; never a label ("Postcode") or a party's name starting a sentence."""
    word = town.group(0)
    first = word.split()[0]
    names = w.names_as_written
    if word in names or first.lower() in w.vocab.form_labels or any(n.startswith(first) for n in names):
        return False
    if _postcode_at(items, town.end()):
        return True
    if "\n" in sep:
        return bool(LINE_END.match(text, town.end()))
    return "," in sep


def _town_no_comma(text: str, pos: int, w: Walker) -> int | None:
    """Rule address-block/town-no-comma: the end of a town written after its street with only a
    space, closing the clause ("seen at 2 Bow Lane Preston.", "14 Cop Lane Penwortham on Friday")."""
    tries = (NO_COMMA_TOWN_JOINED, NO_COMMA_TOWN, NO_COMMA_ONE_TOWN)
    for town in (t.match(text, pos) for t in tries):
        if town is None or not CLAUSE_END.match(text, town.end()):
            continue
        words = regex.split(r"[ \t\-]+", town.group(0))
        if any(x.lower() in w.vocab.not_towns or MONTH.match(x) or x in w.names_as_written
               or x.lower() in w.vocab.form_labels for x in words):
            continue
        if w.titled.match(town.group(0)):
            continue
        return town.end()
    return None


def _chunk_before(text: str, end: int) -> tuple[int, str]:
    start = max(text.rfind("\n", 0, end), text.rfind(",", 0, end)) + 1
    while start < end and text[start] in " \t":
        start += 1
    return start, text[start:end]


def _town_before(text: str, end: int, w: Walker) -> int | None:
    """A whole comma- or line-chunk ending at `end` that reads like a town name."""
    start, chunk = _chunk_before(text, end)
    if not chunk or chunk in w.names_as_written or w.titled.match(chunk) or not TOWN.fullmatch(chunk):
        return None
    return start


def _separator_before(text: str, start: int) -> regex.Match[str] | None:
    # Search a window, not the whole segment: a DOCX body is one long text (quadratic otherwise).
    window = max(0, start - 200)
    sep = SEPARATOR_BEFORE.search(text, window, start)
    if sep and window and sep.start() == window:
        sep = SEPARATOR_BEFORE.search(text, 0, start)
    return sep


def _tail_town(text: str, end: int, w: Walker) -> int | None:
    """Capitalised words right before a postcode on the same line ("... Estate, Crewe CW1 6RS")."""
    line_start = text.rfind("\n", 0, end) + 1
    tail = TOWN_TAIL.search(text, line_start, end)
    town = tail.group(0) if tail else ""
    if not town or town in w.names_as_written or w.titled.match(town) or town.lower() in w.vocab.form_labels:
        return None
    return tail.start()


def _named_before(text: str, end: int, newline: bool, w: Walker) -> int | None:
    """A house or pub name before a street line: "The Red Lion, 4 Market Place", or "Hillview" on its own line."""
    start, chunk = _chunk_before(text, end)
    the_name = THE_NAME.search(chunk)
    if the_name:
        return start + the_name.start()
    spans = [m.span() for m in regex.finditer(r"\S+", chunk)][-4:]
    for i, (a, _) in enumerate(spans):  # the longest name at the chunk's end that opens with such a word
        words = [chunk[x:y] for x, y in spans[i:]]
        if len(words) >= 2 and words[0].casefold() in w.words.house_words_first and all(
                FIRST_WORD.match(x) or x.casefold() in w.words.connectors for x in words):  # fmt: skip
            return start + a
    single = newline and ONE_WORD.fullmatch(chunk) and chunk not in w.names_as_written
    if single:
        return start
    # "staying with their grandmother at Sunnyside, Church Lane": one name after "at", before its street
    named = AT_NAME.search(chunk)
    if named and named.group(1) not in w.names_as_written and not w.titled.match(named.group(1)):
        return start + named.start(1)
    return None


def _step_back(text: str, sep: regex.Match[str], anchor_is_postcode: bool, towns: int,
               w: Walker) -> int | None:  # fmt: skip
    broke = "," in sep.group(0) or "\n" in sep.group(0)
    if anchor_is_postcode and towns < MAX_TOWNS:
        town = _town_before(text, sep.start(), w) if broke else _tail_town(text, sep.start(), w)
        if town is not None:
            return town
    if broke and not anchor_is_postcode and towns == 0:
        return _named_before(text, sep.start(), "\n" in sep.group(0), w)
    return None


def _extend_backward(text: str, start: int, items: list[Finding], postcode: bool,
                     w: Walker) -> tuple[int, list[str]]:  # fmt: skip
    rules: list[str] = []
    towns = 0
    while True:
        straddling = next((f for f in items if f.start < start < f.end), None)
        if straddling:  # "Unit 12" overlapping "12, Riverside Business Park"
            start = straddling.start
            rules.append(straddling.rule)
            continue
        sep = _separator_before(text, start)
        if not sep:
            return start, rules
        prev = _ending_at(items, sep.start())
        if prev:
            start = prev.start
            rules.append(prev.rule)
            continue
        earlier = _step_back(text, sep, postcode, towns, w)
        if earlier is None:
            return start, rules
        start, towns = earlier, towns + 1
        rules.append("address-block/town" if postcode else "address-block/named")
        if not postcode:
            return start, rules


def _fenced(anchor: Finding, start: int, end: int, fences: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Keep a block out of allowed addresses: inside the council's own address when its anchor is
    there (a letterhead's postcode), and off it when the anchor is outside (an address after it)."""
    for a, b in fences:
        if a <= anchor.start < b:
            start, end = max(start, a), min(end, b)
        elif b <= anchor.start and start < b:
            start = b
        elif anchor.end <= a < end:
            end = a
    return start, end


def _block(text: str, anchor: Finding, items: list[Finding], w: Walker,
           fences: Sequence[tuple[int, int]], postcode_ends: frozenset[int]) -> Finding:  # fmt: skip
    last = anchor.kind == "POSTCODE" or anchor.rule in ENDS_LIKE_POSTCODE
    end, after = (anchor.end, []) if last else _extend_forward(text, anchor.end, items, w)
    start, before = _extend_backward(text, anchor.start, items, last, w)
    ends_with_postcode = last or end in postcode_ends
    shaped = w.back(text, start, ends_with_postcode)
    # the walk may have taken the place word ("the house on | Brook Lane"): look before both starts
    located = min((at for at in (_located_before(text, start), _located_before(text, shaped)) if at is not None),
                  default=None)  # fmt: skip
    if shaped < start:
        start, before = shaped, [*before, "address-shape/walk-back"]
    if located is not None and located < start:
        start, before = located, [*before, "address-block/located"]
    after_place = LOCATED_AFTER.match(text, end)
    if after_place and anchor.kind != "POSTCODE":
        end, after = after_place.end(), [*after, "address-block/located"]
    start, end = _fenced(anchor, start, end, fences)
    if (start, end) == (anchor.start, anchor.end):
        return anchor
    rules = sorted(set([anchor.rule, *after, *before]))
    return replace(
        anchor,
        kind="ADDRESS",
        start=start,
        end=end,
        text=text[start:end],
        rule="address-block",
        explanation=replace(anchor.explanation, pattern="address-block",
                            note="address assembled from " + ", ".join(rules)),
    )


# What locates a dwelling by the place beside it, right before its street: "the flat above the bookies on
# London Road", "the Spar at the bottom of Loxley Road", "1st floor flat above the launderette, 2 High
# Street", "the end terrace on Lower Albert Rd": part of the address (rule address-block/located).
_PLACE = (r"(?:(?i:flat|flats|house|cottage|bungalow|terrace|maisonette|room|bedsit|shop|pub|yard|garage|caravan|"
          r"unit|chippy|bookies|launderette|pharmacy|takeaway|café|cafe|chapel|co-op|co[ \t]+op)|\p{Lu}[\w'’\-]+)")
_BESIDE = (r"(?:above|below|over|under|behind|beside|next[ \t]+to|opposite|near|past|beyond|"
           r"at[ \t]+the[ \t]+(?:bottom|top|end|back|side|corner)[ \t]+of|on[ \t]+the[ \t]+corner[ \t]+of|"
           r"round[ \t]+the[ \t]+(?:back|side|corner)(?:[ \t]+(?:of|on))?|on|off)")
_LANDMARK = (r"(?:flat|flats|house|houses|cottage|bungalow|maisonette|room|bedsit|jigger|lock-ups?|garages?|close|"
             r"block|one|building|door|shop|shops|barbers?|bookies|chippy|takeaway|pub|mosque|church|chapel|temple|"
             r"gurdwara|hotel|halls|launderette|pharmacy|chemist|newsagents?|garage|yard|caravan)")
_NOT_AGENCY = r"(?!(?i:family|council|police|court|school|incident|hearing|meeting|office|offices)\b)"
_WORD = _NOT_AGENCY + r"[\p{L}'’\-]+"
_NEXT_TO = "above|over|behind|below|beside|opposite"
LOCATED = regex.compile(
    r"(?:\b(?i:the)[ \t]+|\b(?i:1st|2nd|3rd|first|second|third|top|ground|basement|upstairs|downstairs)"
    r"[ \t]+(?:(?i:floor)[ \t]+)?)(?:(?!(?i:family|council|police|court)\b)[\w'’\-]+[ \t]+){0,2}?"
    rf"{_PLACE}[ \t]+(?i:{_BESIDE})(?:[ \t]+(?i:the)[ \t]+[\w'’\-]+)?(?:[ \t]+(?i:on|in|at|of))?"
    r"(?:[ \t]+(?i:the))?,?[ \t]+$"
    # "the basement flat at no. 212", "the yard at 30 Bond's Hill"
    r"|\b(?i:the)[ \t]+(?:(?i:basement|upstairs|downstairs|attic|back|front|top|ground|"
    r"(?:ground|first|second|top)[ \t]+floor)[ \t]+)?"
    r"(?i:flat|maisonette|bedsit|yard|caravan|cottage|bungalow)[ \t]+(?i:at)[ \t]+$"
    # "upstairs flat, 47 North Church Street"
    r"|\b(?i:upstairs|downstairs|top|ground|basement|attic|(?:1st|2nd|3rd|first|second|third|top|ground)[ \t]+floor)"
    r"[ \t]+(?i:flat|floor),?[ \t]+$"
    # "the jigger behind 12 Elwy Terrace", "his mate's flat over the Chinese takeaway on Caister High St",
    # "the house with the flags at the top of Pinfold Cres", "above the barbers on Laird Street": a dwelling
    # or a landmark, what it is by, then its street (a few words only, and never the family home)
    rf"|(?:\b(?i:the)|\b\p{{Ll}}+['’]s|\b(?i:{_NEXT_TO}))(?:[ \t]+{_WORD}){{0,3}}?"
    rf"[ \t]+(?i:{_LANDMARK})(?:[ \t]+{_WORD}){{0,8}}?[ \t]+(?i:{_BESIDE})(?:[ \t]+(?i:the))?,?[ \t]+$"
    rf"|\b(?i:{_NEXT_TO})[ \t]+(?i:the)[ \t]+(?i:{_LANDMARK})[ \t]+(?i:on|in|at|off)[ \t]+$"
    # "the married quarters at 7 Anson Close", "the back bedroom at his uncle's, 27 Cornfield Terrace", "the
    # last van on the left at Sandhills Holiday Park": the room, unit or van of the place named next
    rf"|\b(?i:the)[ \t]+(?:{_WORD}[ \t]+){{0,3}}?(?i:{_LANDMARK}|quarters|bedroom|van|unit|annexe|annex|chalet)"
    rf"(?:[ \t]+{_WORD}){{0,5}}?[ \t]+(?i:at|in)(?:[ \t]+(?i:the))?,?[ \t]+$"
)


# "31 Loughborough Road by the big Sikh temple", "Roman Road above the pharmacy": after the street
LOCATED_AFTER = regex.compile(
    # "Mowlem House on the second floor", "221 Roman Road (1st floor)"
    r"[ \t]+on[ \t]+the[ \t]+(?i:ground|first|second|third|fourth|top|\d{1,2}(?:st|nd|rd|th))[ \t]+floor\b"
    r"|[ \t]*\((?i:main[ \t]+door|ground|first|second|third|fourth|top|basement|rear|back|front|\d{1,2}(?:st|nd|rd|th))"
    r"(?:[ \t]+(?i:floor|flat))?(?:[ \t]+(?i:flat))?\)"
    r"|[ \t]+(?i:above|below|over|behind|beside|by|next[ \t]+to|opposite|near)[ \t]+the[ \t]+(?:[\w'’\-]+[ \t]+){0,3}?"
    r"(?i:shops?|pharmacy|chemist|bookies|pub|church|chapel|mosque|temple|gurdwara|park|garage|station|launderette|"
    r"chippy|takeaway|post[ \t]+office|library|surgery|cafe|café|co-op|spar|roundabout|bridge|newsagents?)\b"
    # "number 6 Nansen Grove, off Breeze Hill", "off the High St", "past the church": the street it is off, the
    # landmark it is past, the shop it is above
    r"|,?[ \t]+(?i:off)[ \t]+(?:(?i:the)[ \t]+)?\p{Lu}[\p{L}'’\-]+(?:[ \t]+\p{Lu}[\p{L}'’\-]+){0,2}"
    r"|,?[ \t]+(?i:past|after|beyond)[ \t]+the[ \t]+(?:\p{Ll}+[ \t]+){0,2}?(?i:church|chapel|pub|school|shops?|garage|"
    r"bridge|station|farm|roundabout|cattle[ \t]+grid|bus[ \t]+stop|post[ \t]+office)\b"
    r"|,?[ \t]+(?i:above|over|behind|next[ \t]+to|opposite)[ \t]+(?!(?:Mr|Mrs|Ms|Dr|Miss)\b)"
    r"\p{Lu}[\p{L}'’&\-]+(?:[ \t]+\p{Lu}[\p{L}'’&\-]+){0,2}"
)


def _located_before(text: str, start: int) -> int | None:
    m = LOCATED.search(text, max(0, start - 80), start)
    return m.start() if m else None


# Two streets named as a junction ("the corner of Victoria Road and Allison Street") are one place.
JUNCTION = regex.compile(r"[ \t]+(?:and|&)[ \t]+")


def _junctions(text: str, blocks: list[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for b in blocks:
        last = merged[-1] if merged else None
        if last is not None and JUNCTION.fullmatch(text, last.end, b.start):
            rules = last.explanation.note + "; address-block/junction"
            merged[-1] = replace(last, end=b.end, text=text[last.start : b.end], rule="address-block",
                                 explanation=replace(last.explanation, pattern="address-block", note=rules))
            continue
        merged.append(b)
    return merged


def assemble(text: str, found: list[Finding], part_rules: frozenset[str], w: Walker,
             fences: Sequence[tuple[int, int]] = ()) -> list[Finding]:  # fmt: skip
    """Replace address anchors and parts of one segment by whole addresses."""
    items = sorted((f for f in found if f.kind in ("ADDRESS", "POSTCODE")), key=lambda f: f.start)
    others = [f for f in found if f.kind not in ("ADDRESS", "POSTCODE")]
    postcode_ends = frozenset(f.end for f in items if f.kind == "POSTCODE")
    blocks: list[Finding] = []
    for anchor in (f for f in items if _is_anchor(f, part_rules)):
        if blocks and blocks[-1].start <= anchor.start < blocks[-1].end:
            # an anchor reaching past the block may make a longer one: "5 Maes y Coed" after "5 Maes"
            longer = _block(text, anchor, items, w, fences, postcode_ends) if anchor.end > blocks[-1].end else None
            if longer is not None and longer.start <= blocks[-1].start and longer.end > blocks[-1].end:
                blocks[-1] = longer
            continue
        blocks.append(_block(text, anchor, items, w, fences, postcode_ends))
    return others + _junctions(text, blocks)
