"""Training sentences for the learned ADDRESS model: deterministic (seeded), written to spaCy DocBin files.

    python scripts/address_model/generate.py OUT_DIR [--seed 11] [--train 10000] [--dev 1500]

Writes OUT_DIR/train.spacy and OUT_DIR/dev.spacy. Each doc is a few sentences of a domestic-abuse
case record: UK addresses of many forms (scripts/address_model/vocab.py, the generator's own
vocabulary, never rules/*.yaml) marked ADDRESS, among look-alikes that are not addresses (statutes,
court and crime references, dates, sums, school years, roads as directions, organisations named
without an address, people's names). The TUNED labelled set (sample_docs/**/*.txt.labels.json) is
added to the training docs (its ADDRESS labels); the held-out eval_independent/ is never read.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vocab as V  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
Piece = tuple[str, bool]  # (text, is it (part of) the address)


class Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def pick(self, seq: list[str]) -> str:
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    # --- address parts -------------------------------------------------------------------------
    def postcode(self) -> str:
        r = self.r
        area = self.pick(V.POSTCODE_AREA)
        district = str(r.randint(1, 29 if len(area) == 2 else 99))
        if self.chance(0.08) and len(area) == 1:
            district += r.choice("ABCDEFGHJKMNPRSTUVWXY")
        letters = V.INWARD_NEVER if self.chance(0.15) else V.INWARD_OK
        inward = f"{r.randint(0, 9)}{r.choice(letters)}{r.choice(V.INWARD_OK + letters)}"
        if self.chance(0.05):
            inward = inward.replace("0", "O", 1)  # a letter O typed for a zero
        sep = r.choices([" ", "", "  ", "-"], weights=[80, 12, 4, 4])[0]
        if self.chance(0.03):
            return f"{area}{district} {inward[0]} {inward[1:]}"
        return f"{area}{district}{sep}{inward}"

    def number(self) -> str:
        r = self.r
        n = str(r.choices([r.randint(1, 40), r.randint(41, 250), r.randint(251, 999)], weights=[60, 30, 10])[0])
        if self.chance(0.1):
            n += r.choice("abcdAB")
        if self.chance(0.04):
            n = f"{n}-{int(re.sub(r'[^0-9]', '', n)) + 2}"
        if self.chance(0.05):
            n = "No. " + n if self.chance(0.5) else "No " + n
        return n

    def street(self) -> str:
        r = self.r
        form = r.choices(["common", "rare", "abbr", "nosuffix", "welsh", "gaelic", "two", "the"],
                         weights=[40, 22, 8, 8, 8, 3, 8, 3])[0]
        if form == "common":
            return f"{self.pick(V.STEM)} {self.pick(V.SUFFIX_COMMON)}"
        if form == "rare":
            return f"{self.pick(V.STEM)} {self.pick(V.SUFFIX_RARE)}"
        if form == "abbr":
            dot = "." if self.chance(0.3) else ""
            return f"{self.pick(V.STEM)} {self.pick(V.SUFFIX_ABBR)}{dot}"
        if form == "nosuffix":
            return self.pick(V.NO_SUFFIX)
        if form == "welsh":
            return f"{self.pick(V.WELSH_TYPE)} {self.pick(V.WELSH_REST)}"
        if form == "gaelic":
            return self.pick(V.GAELIC)
        if form == "two":
            return f"{self.pick(V.STEM)} {self.pick(V.STEM)} {self.pick(V.SUFFIX_COMMON + V.SUFFIX_RARE)}"
        return f"The {self.pick(V.SUFFIX_RARE + ['Green', 'Parade', 'Crescent', 'Square'])}"

    def house(self) -> str:
        if self.chance(0.4):
            return self.pick(V.HOUSE_WHOLE)
        return f"{self.pick(V.HOUSE_FIRST)} {self.pick(V.HOUSE_WORD)}"

    def town(self) -> str:
        return self.pick(V.TOWN_MULTI) if self.chance(0.3) else self.pick(V.TOWN)

    def sub_building(self) -> str:
        r = self.r
        form = r.choices(["flat", "slash", "edin", "floor", "letter"], weights=[50, 12, 8, 15, 15])[0]
        if form == "flat":
            return f"{self.pick(V.FLAT_WORD)} {r.randint(1, 60)}{r.choice(['', '', '', 'A', 'B', 'C'])}"
        if form == "slash":
            return f"{'Flat ' if self.chance(0.5) else ''}{r.randint(0, 4)}/{r.randint(1, 3)}"
        if form == "edin":
            return f"{'Flat ' if self.chance(0.3) else ''}{r.choice(['G', '1', '2', '3', '4'])}F{r.randint(1, 4)}"
        if form == "floor":
            return self.pick(V.FLOOR)
        return f"Flat {r.choice('ABCDEFG')}"

    def address(self) -> str:
        """One address in one of many forms; parts joined by commas, spaces or line breaks later."""
        r = self.r
        form = r.choices(["street", "flat", "house", "house_street", "hostel", "caravan", "boat", "co",
                          "street_only", "pobox", "estate"],
                         weights=[34, 16, 10, 8, 6, 4, 3, 4, 10, 1, 4])[0]
        parts: list[str] = []
        tail_town = self.chance(0.85)
        tail_pc = self.chance(0.6)
        if form == "street":
            parts = [f"{self.number()} {self.street()}"]
        elif form == "flat":
            sb = self.sub_building()
            if self.chance(0.5):
                parts = [sb, self.house(), f"{self.number()} {self.street()}"]
                if self.chance(0.4):
                    parts = [sb, f"{self.number()} {self.street()}"]
            else:
                parts = [f"{sb} {self.number()} {self.street()}" if self.chance(0.3) else sb,
                         f"{self.number()} {self.street()}"][: 1 if self.chance(0.3) else 2]
                if len(parts) == 1 and not re.search(r"\d.*\s\S+$", parts[0]):
                    parts.append(f"{self.number()} {self.street()}")
        elif form == "house":
            parts = [self.house()]
            if self.chance(0.4):
                parts.append(self.pick(V.LOCALITY) if self.chance(0.5) else self.street())
            tail_town = True
        elif form == "house_street":
            parts = [self.house(), self.street()]
        elif form == "hostel":
            parts = [f"Room {r.randint(1, 40)}", f"{self.pick(V.STEM)} {self.pick(V.HOSTEL)}"]
            if self.chance(0.6):
                parts.append(f"{self.number()} {self.street()}")
        elif form == "caravan":
            lead = r.choice(["Pitch", "Plot", "Caravan", "Bay", "Unit"])
            parts = [f"{lead} {r.randint(1, 80)}", f"{self.pick(V.STEM)} {self.pick(V.CARAVAN)}"]
            if self.chance(0.4):
                parts.append(self.street())
        elif form == "boat":
            name = self.pick(V.BOAT)
            q = r.choice(["'", '"', ""])
            parts = [f"narrowboat {q}{name}{q}" if self.chance(0.5) else f"Mooring {r.randint(1, 90)}",
                     f"{self.pick(V.STEM)} {self.pick(V.MARINA)}"]
            if self.chance(0.3):
                parts.insert(1, f"Berth {r.randint(1, 60)}")
        elif form == "co":
            parts = [f"c/o {self.pick(['Mrs', 'Mr', 'Ms', 'Miss'])} {self.pick(V.SURNAME)}",
                     f"{self.number()} {self.street()}"]
        elif form == "street_only":
            parts = [self.street()]
            tail_town = True
        elif form == "pobox":
            parts = [f"PO Box {r.randint(100, 9999)}"]
            tail_town, tail_pc = True, True
        else:  # estate
            parts = [f"Flat {r.randint(1, 90)}", self.house(), self.pick(V.ESTATE)]
        if self.chance(0.15):
            parts.append(self.pick(V.LOCALITY))
        if tail_town:
            parts.append(self.town())
        if self.chance(0.05):
            parts.append(self.pick(V.COUNTY))
        if tail_pc:
            parts.append(self.postcode())
        if form == "street" and not tail_town and not tail_pc and self.chance(0.5):
            parts.append(self.postcode())
        return self.join(parts)

    def join(self, parts: list[str]) -> str:
        r = self.r
        out = parts[0]
        comma = self.chance(0.7)
        for i, p in enumerate(parts[1:], 1):
            last_pc = i == len(parts) - 1 and re.match(r"^[A-Z]{1,2}\d", p) is not None
            sep = ", " if comma and not (last_pc and self.chance(0.5)) else " "
            out += sep + p
        case = r.choices(["as", "upper", "lower"], weights=[84, 10, 6])[0]
        return out.upper() if case == "upper" else out.lower() if case == "lower" else out

    # --- sentences -------------------------------------------------------------------------------
    def name(self) -> str:
        if self.chance(0.5):
            return f"{self.pick(['Ms', 'Mrs', 'Mr', 'Miss'])} {self.pick(V.SURNAME)}"
        return f"{self.pick(V.FIRST)} {self.pick(V.SURNAME)}" if self.chance(0.6) else self.pick(V.FIRST)

    def date(self) -> str:
        r = self.r
        months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]
        return r.choice([f"{r.randint(1, 28)} {r.choice(months)} {r.randint(2019, 2026)}",
                         f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(2019, 2026)}",
                         f"{r.randint(1, 28)}.{r.randint(1, 12)}.{r.randint(19, 26)}",
                         f"{r.randint(1, 28)} {r.choice(months)[:3]}"])

    def lookalike(self) -> str:
        r = self.r
        n = r.randint
        return r.choice([
            f"Housing Act 1996 s.{n(180, 215)}", f"section {n(1, 120)} of the Children Act 1989",
            f"s.{n(17, 47)} Children Act 1989", "the Domestic Abuse Act 2021", f"Article {n(1, 90)}",
            f"Part {n(1, 9)} of the Family Law Act 1996", f"Rule {n(1, 30)}.{n(1, 20)} FPR 2010",
            f"CS-{n(2019, 2026)}-{n(1, 9999):04d}", f"crime ref {n(10, 99)}/{n(10000, 99999)}/{n(19, 26)}",
            f"court ref ZW{n(19, 26)}P{n(100, 999):05d}", f"case number {n(1, 9)}{r.choice('ABCDE')}{n(10000, 99999)}",
            f"incident {n(100, 9999)} of {self.date()}", self.date(), f"{n(0, 23):02d}:{n(0, 59):02d}",
            f"£{n(20, 5000):,}", f"£{n(1, 900)}.{n(0, 99):02d}", f"Year {n(1, 13)}", f"P{n(1, 7)}", f"S{n(1, 6)}",
            "the family home", "the former matrimonial home", "the refuge", "her mother's house",
            "a place of safety", "temporary accommodation", f"Meeting Room {n(1, 12)}", f"Room {n(1, 4)}.{n(1, 30)}",
            f"the A{n(1, 699)}", f"the M{n(1, 74)}", f"junction {n(1, 40)} of the M{n(1, 74)}",
            f"the B{n(1000, 9999)}", "Women's Aid", "Barnardo's", "the NSPCC", "Refuge", "Shelter",
            f"{self.pick(V.TOWN)} Borough Council", f"{self.pick(V.TOWN)} Magistrates' Court",
            f"{self.pick(V.TOWN)} Family Court", f"{self.pick(V.TOWN)} Police Station", "the Citizens Advice Bureau",
            f"{self.pick(V.STEM)} Primary School", f"{self.pick(V.STEM)} Academy", "the Housing Options team",
            f"{self.pick(V.STEM)} Medical Centre", "the GP surgery", "the health visitor", f"{n(2, 40)} weeks",
            f"{n(2, 12)} children", f"Band {n(1, 5)}", f"{n(1, 5)} bedrooms", f"{n(10, 99)}% of the time",
            f"version {n(1, 9)}.{n(0, 9)}", f"page {n(1, 60)}", f"paragraph {n(1, 40)}", f"Flat rate £{n(10, 99)}",
            f"{self.pick(V.TOWN)}", f"{self.pick(V.TOWN)} town centre", f"the {self.pick(V.STEM)} ward",
            f"{self.pick(V.STEM)} Ward", "Children's Services", "MARAC", "the IDVA", "a non-molestation order",
            f"{self.name()}", f"{self.name()}", f"DC {self.pick(V.SURNAME)}", f"PC {n(1000, 9999)}",
            f"{n(1, 9)} {r.choice(['bags', 'visits', 'calls', 'texts', 'nights', 'incidents'])}",
            f"exhibit {r.choice('ABCDEFGHJKLMNPRSTW')}{r.choice('ABCDEFGHJKLMNOPRSTW')}{n(1, 12)}",
            f"{n(1, 12)}. {r.choice(['Introduction', 'Background', 'Analysis', 'Recommendations', 'Chronology'])}",
            self.org(), self.org(), self.org(), f"Ofsted URN {n(100000, 999999)}",
            f"NHS {n(400, 499)} {n(100, 999)} {n(1000, 9999)}",
            f"0{n(1000, 1999)} {n(100000, 999999)}", f"07{n(700, 999)} {n(100000, 999999)}",
        ])

    def org(self) -> str:
        """An organisation or public place named without an address (a look-alike)."""
        r = self.r
        place = self.pick(V.TOWN + V.LOCALITY + V.STEM)
        name = r.choice([
            f"{place} Health Centre", f"{place} Medical Practice", f"{place} Surgery", f"{place} Police Station",
            f"{place} Family Court", f"{place} Magistrates' Court", f"{place} Crown Court", f"{place} Library",
            f"{place} Leisure Centre", f"{place} Children's Centre", f"{place} Family Hub", f"{place} Job Centre",
            f"{place} Community Centre", f"{place} Hospital", f"{place} General Hospital", f"{place} Academy",
            f"{place} High School", f"{place} Primary School", f"{place} College", f"{place} Housing Association",
            f"{place} Women's Aid", f"{place} Citizens Advice", f"{place} Civic Centre", f"{place} Town Hall",
            f"{place} Mosque", f"{place} Food Bank", f"the {place} Hub", f"{place} CAMHS", f"{place} MASH",
            f"{place} Probation Office", f"{place} Custody Suite", f"{place} Contact Centre",
            f"St {self.pick(['Mary', 'John', 'Anne', 'Luke', 'Peter', 'David', 'Patrick'])}'s "
            f"{r.choice(['Church', 'Hospice', 'Hospital', 'RC Primary'])}",
        ])
        return name.upper() if self.chance(0.1) else name

    POS = [
        "{N} has moved to {A} with the children.", "Ms {S} and the children now live at {A}.",
        "Current address: {A}", "Address: {A}", "New address - {A}", "Police attended {A} at {T} on {D}.",
        "She is staying at {A} until the refuge place is confirmed.",
        "The children are staying with their grandmother at {A}.",
        "{N} gave her address as {A} when she called on {D}.", "Home visit completed at {A} on {D}.",
        "{N} was placed in emergency accommodation at {A}.", "Mr {S} is believed to be living at {A}.",
        "Please send correspondence c/o the social worker, not to {A}.", "On {D} the family was rehoused to {A}.",
        "Her sister's address is {A}; she visits most weekends.", "A letter addressed to {A} was returned.",
        "The alleged perpetrator was seen outside {A} on {D}.", "The IDVA met {N} at {A}.",
        "{N} moved out of {A} after the incident on {D}.", "Previous address {A}", "Former address: {A}",
        "Safe address (do not disclose): {A}", "She said she would go to {A} if it happened again.",
        "Contact was arranged at {A} every Saturday.", "Mum lives at {A} with her partner.",
        "The tenancy at {A} ends on {D}.", "Referral received from a neighbour at {A}.",
        "{N} ({R}) is registered at {A}.", "Hospital discharge to {A} was agreed.",
        "He is on bail to reside at {A}.", "Bail address: {A}", "Last known address {A}.",
        "The children attend school near {A}.", "{N} of {A} made the 999 call.", "Lives at {A}",
        "Now at {A}", "moved to {A}", "staying with a friend at {A} for now", "Visit to {A} - no answer.",
        "The property at {A} has a panic alarm fitted.", "Sanctuary scheme works at {A} were completed on {D}.",
        "{N} wants to return to {A} but the risk is high.", "He turned up at {A} twice this week.",
        "Her workplace is not far from {A}.", "Keys for {A} were handed over on {D}.", "{A}",
    ]
    NEG = [
        "{N} was seen on {D} at {T}; {L} applies.", "The decision was made under {L} on {D}.",
        "Ref {L}. Review due {D}.", "{N} says he will apply for {L}.", "Discussed at {L} on {D}.",
        "{N} spent {L} on the fine; {L}.", "{N} is in {L} and doing well.", "They drove down {L} to the hospital.",
        "The meeting was in {L} at {T}.", "Police ({L}) attended the incident; {L}.", "{N} contacted {L} on {D}.",
        "{N} returned to {L} after the hearing.", "The case was heard at {L} ({L}).", "Mum wants to stay in {L}.",
        "{L} and {L} were both discussed.", "See {L}, {L}.", "{N} and {N} attended; {N} sent apologies.",
        "{N} will ring {L} tomorrow.", "Outcome: {L}.", "The family home was sold in {D}.",
        "{N} asked about {L} for the rent arrears of {L}.", "The hearing is listed for {D} at {T}.",
        "{N} works shifts and finishes at {T}.", "{N} was seen at {O} on {D}.", "Appointment at {O} at {T}.",
        "She attended {O} with {N}.", "Referred to {O} on {D}.", "Meeting held at {O}.", "{N} went to {O}.",
        "Seen at {O}", "Venue: {O}", "| {D} | {O} | {N} |", "{N} lives with {N} and works at {O}.",
        "The contact supervisor's notes are at {L}; see {L}.", "Statement of {N}, {L}, Exhibits {L}",
        "No further action; {L}.", "{N} lives with her children.",
        "She moved to a new area in {D}.", "He lives locally and works in {L}.", "Contact via {L} only.",
        "The perpetrator programme runs at {L} on Tuesdays.", "{N} visited {L} with {N}.",
    ]
    # Both: an address among look-alikes in one sentence.
    MIX = [
        "On {D} ({L}) police attended {A}.", "Under {L} she was housed at {A} on {D}.",
        "{N} moved from {L} to {A} in {D}.", "Ref {L}: {N}, {A}, seen {D} at {T}.",
        "{N} ({L}) now lives at {A}; next review {D}.", "Arrears of {L} at {A} were cleared by {L}.",
        "He drove along {L} to {A} at {T}.",
    ]

    def fill(self, template: str) -> list[Piece]:
        out: list[Piece] = []
        for chunk in re.split(r"(\{[A-Z]\})", template):
            if chunk == "{A}":
                out.append((self.address(), True))
            elif chunk == "{N}":
                out.append((self.name(), False))
            elif chunk == "{S}":
                out.append((self.pick(V.SURNAME), False))
            elif chunk == "{D}":
                out.append((self.date(), False))
            elif chunk == "{T}":
                out.append((f"{self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}", False))
            elif chunk == "{L}":
                out.append((self.lookalike(), False))
            elif chunk == "{O}":
                out.append((self.org(), False))
            elif chunk == "{R}":
                out.append((f"DOB {self.date()}", False))
            elif chunk:
                out.append((chunk, False))
        return out

    def block(self) -> list[Piece]:
        """An address written as a block: one part a line (a letter head, a form), or a table row."""
        r = self.r
        addr = self.address()
        if self.chance(0.5):
            lines = re.split(r",\s*", addr)
            if len(lines) > 1:
                addr = "\n".join(lines)
        if self.chance(0.5):
            label = r.choice(["Address", "Current address", "Home address", "Previous address", "Safe address",
                              "Placement", "Where living"])
            return [(f"| {label} | ", False), (addr.replace("\n", ", "), True), (f" | {self.date()} |", False)]
        head = r.choice([f"{self.name()}\n", "To:\n", "Address:\n", "", f"Dear {self.name()}\n\n"])
        return [(head, False), (addr, True), ("\n", False)]

    def doc(self) -> list[Piece]:
        r = self.r
        pieces: list[Piece] = []
        for i in range(r.choice([1, 1, 2, 2, 3])):
            kind = r.choices(["pos", "neg", "mix", "block"], weights=[44, 36, 10, 10])[0]
            tpl = {"pos": self.POS, "neg": self.NEG, "mix": self.MIX}.get(kind)
            sent = self.block() if tpl is None else self.fill(self.pick(tpl))
            if i:
                pieces.append((r.choice([" ", " ", "\n", "\n\n"]), False))
            pieces += sent
        if self.chance(0.05):
            pieces = [(t.upper(), a) for t, a in pieces]
        return pieces


def to_doc(nlp: spacy.language.Language, pieces: list[Piece]) -> Doc | None:
    text, spans, at = "", [], 0
    for t, is_addr in pieces:
        if is_addr:
            spans.append((at, at + len(t)))
        text += t
        at += len(t)
    doc = nlp.make_doc(text)
    ents = []
    for a, b in spans:
        span = doc.char_span(a, b, label="ADDRESS", alignment_mode="expand")
        if span is None:
            return None
        ents.append(span)
    try:
        doc.ents = ents
    except ValueError:
        return None
    return doc


def squeezed_find(text: str, phrase: str, occurrence: int) -> tuple[int, int] | None:
    """The phrase in text, any whitespace between its words (as evaluate.py matches labels)."""
    words = phrase.split()
    if not words:
        return None
    pattern = re.compile(r"\s*".join(re.escape(w) for w in words))
    hits = list(pattern.finditer(text))
    if len(hits) <= occurrence:
        return None
    return hits[occurrence].start(), hits[occurrence].end()


def tuned_docs(nlp: spacy.language.Language) -> list[Doc]:
    """ADDRESS labels of the tuned text documents, one doc per paragraph (never eval_independent/)."""
    out = []
    for labels_path in sorted((ROOT / "sample_docs").rglob("*.txt.labels.json")):
        text = labels_path.with_name(labels_path.name.removesuffix(".labels.json")).read_text("utf-8")
        labels = json.loads(labels_path.read_text("utf-8"))["labels"]
        spans = []
        for lab in labels:
            if lab["kind"] == "ADDRESS":
                hit = squeezed_find(text, lab["text"], lab.get("occurrence", 0))
                if hit:
                    spans.append(hit)
        spans.sort()
        for para in re.finditer(r"(?:.+\n?)+", text):
            a, b = para.start(), para.end()
            inside = [(s - a, e - a) for s, e in spans if s >= a and e <= b]
            pieces, at = [], 0
            for s, e in inside:
                if s < at:
                    continue
                pieces += [(para.group()[at:s], False), (para.group()[s:e], True)]
                at = e
            pieces.append((para.group()[at:], False))
            doc = to_doc(nlp, [p for p in pieces if p[0]])
            if doc is not None and len(doc):
                out.append(doc)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--train", type=int, default=10000)
    ap.add_argument("--dev", type=int, default=1500)
    ap.add_argument("--no-tuned", action="store_true", help="leave the tuned sample_docs out")
    args = ap.parse_args()
    nlp = spacy.blank("en")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, count, seed in (("train", args.train, args.seed), ("dev", args.dev, args.seed + 1000)):
        gen, bin_, made, ents = Gen(seed), DocBin(), 0, 0
        while made < count:
            doc = to_doc(nlp, gen.doc())
            if doc is not None:
                bin_.add(doc)
                made += 1
                ents += len(doc.ents)
        tuned = 0
        if name == "train" and not args.no_tuned:
            for doc in tuned_docs(nlp):
                bin_.add(doc)
                tuned += 1
                ents += len(doc.ents)
        bin_.to_disk(args.out / f"{name}.spacy")
        print(f"{name}: {made} generated docs + {tuned} tuned paragraphs, {ents} ADDRESS spans")


if __name__ == "__main__":
    main()
