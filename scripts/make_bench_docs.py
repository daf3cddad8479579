"""Build the benchmark documents: a 1-page and a 56-page assessment report, as DOCX and PDF.

    .venv/bin/python scripts/make_bench_docs.py [--out bench_docs] [--force]

The prose is synthetic but shaped like a real Child and Family Assessment: headings,
long narrative paragraphs, a chronology, a contacts table, addresses, phone numbers,
emails, dates, schools, vehicle registrations, and, now and then, the protected
details of the case file (the SPEC's example case, written beside the documents as
case.yaml). Output is deterministic (fixed seed); an existing set is reused when
it was built by this same version of the script (a stamp file records its hash).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "bench_docs"
SEED = 56
WORDS_PER_PAGE = 357  # 56 pages x 357 words ~ 20,000 words
SIZES = {"1page": 1, "56page": 56}
STAMP = ".stamp.json"

# The SPEC's example case, shared with the tests.
CASE_YAML = (Path(__file__).resolve().parent.parent / "tests" / "data" / "spec_case.yaml").read_text("utf-8")

FIRST = ["Sarah", "James", "Aisha", "Tom", "Priya", "Daniel", "Helen", "Mohammed", "Rachel",
         "Owen", "Katie", "Imran", "Joanne", "Lewis", "Bethany", "Sunil", "Megan", "Craig"]
LAST = ["Hughes", "Okafor", "Patel", "Whitfield", "Bramwell", "Khan", "Ashworth", "Doyle",
        "Fairclough", "Ng", "Rowlands", "Sutcliffe", "Barker", "Iqbal", "Lomax", "Tennant"]
ROLES = ["social worker", "health visitor", "school nurse", "family support worker",
         "designated safeguarding lead", "GP", "IDVA", "police constable", "housing officer",
         "team manager", "CAMHS practitioner", "early help coordinator"]
STREETS = ["Park Lane", "Victoria Road", "Chester Road", "Station Street", "Oak Avenue",
           "Beech Close", "Hollins Road", "London Road", "Market Street", "Nantwich Road",
           "Crewe Road", "Buxton Road", "Heath Road", "Church Walk", "Meadow Drive"]
TOWNS = [("Crewe", "CW1"), ("Crewe", "CW2"), ("Nantwich", "CW5"), ("Sandbach", "CW11"),
         ("Wilmslow", "SK9"), ("Knutsford", "WA16"), ("Poynton", "SK12"), ("Alsager", "ST7"),
         ("Middlewich", "CW10"), ("Macclesfield", "SK10")]
SCHOOLS = ["Wistaston Church Lane Academy", "St Anne's Catholic Primary School",
           "Underwood West Academy", "Sandbach High School", "Ruskin Community High School",
           "Gainsborough Primary School", "Pebble Brook Primary School"]
AGENCIES = ["Cheshire Police", "the health visiting service", "the GP practice", "Early Help",
            "the school", "CAMHS", "the housing association", "the IDVA service", "Children's Centre"]
PROTECTED = ["Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP",
             "07700 900461", "01632 960123", "claire.m@example.org", "Brookside Primary School",
             "Hollybank Garden Centre", "YX19 KLM", "Wharf Street", "SK116QP", "+44 7700 900461"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

NARRATIVE = [
    "{child} presented as a bright and chatty child who was keen to show {worker} her drawings "
    "of the family and of her friends at school.",
    "During the home visit on {date} {mother} spoke openly about the impact of the relationship on "
    "her confidence and on {child}'s sleep, and said that she had felt isolated for several years.",
    "{mother} described a pattern of controlling behaviour, including checking her phone, limiting "
    "her access to money and deciding who she could see.",
    "{worker} ({role}) reported that {child}'s attendance has been {pct} percent this term and "
    "that staff have noticed her becoming withdrawn on Mondays after contact weekends.",
    "The {role} confirmed that immunisations are up to date and that there are no outstanding "
    "health concerns, although {child} has been seen twice for recurring headaches.",
    "{father} was invited to take part in the assessment by letter dated {date} and by telephone; "
    "he attended one meeting at the Civic Centre, 1 Council Way, Crewe, CW1 2ZZ.",
    "Information from {agency} indicates {n} call-outs to the previous family home at "
    "{address} between {month} and {month2}, two of which resulted in an arrest.",
    "The family can contact the duty team on 0300 123 4567 outside of office hours, and "
    "{mother} has been given the number for the national helpline.",
    "{worker} can be reached on {phone} or by email at {email} should any professional "
    "need to share further information before the review.",
    "A referral was made to {agency} on {date}; the outcome of that referral is awaited and "
    "will be shared with the core group when it is known.",
    "{child} told {worker} that she likes living in the new flat because it is quiet and she "
    "has her own bedroom, which she has decorated with stars.",
    "The maternal grandmother, who lives at {address}, provides regular practical support and "
    "collects {child} from school on Tuesdays and Thursdays.",
    "It is the view of this assessment that {child}'s needs are currently being met by her "
    "mother, but that the risk of emotional harm remains significant while contact continues "
    "without supervision.",
    "{mother} has engaged well with the Freedom Programme and has attended {n} of the twelve "
    "sessions so far, and she reports feeling more confident about setting boundaries.",
    "{father} disputes the account given by {mother} and states that the police were called "
    "maliciously; he says he has not been to {town} since the separation.",
    "The core group met on {date} and agreed that the plan should be reviewed in six weeks, "
    "with {worker} as the lead professional.",
    "{child} attends {school}, where the designated safeguarding lead, {worker}, describes her "
    "as a well-liked pupil who enjoys reading and art.",
    "Housing records show a previous tenancy at {address}, which ended on {date} when the "
    "family moved following the incident described above.",
]
SENSITIVE = [
    "{mother} and {child} now live at {protected}, and this address must not be shared.",
    "{mother} asked that her new mobile number, {protected}, is not given to anyone.",
    "It was noted that {mother} now works at {protected} three days a week.",
    "{child} started at {protected} in September and has settled well.",
    "{mother}'s car, registration {protected}, was seen outside the school on {date}.",
    "Correspondence should be sent to {protected} and marked confidential.",
]
HEADINGS = ["Reason for the assessment", "Family composition", "The child's developmental needs",
            "Health", "Education", "Emotional and behavioural development", "Identity",
            "Family and social relationships", "Parenting capacity", "Basic care and safety",
            "Emotional warmth and stability", "Family history and functioning",
            "Housing, employment and income", "Information from other agencies",
            "The child's wishes and feelings", "Analysis of risk", "Plan and recommendations"]


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or table of the report."""

    kind: str  # "heading" | "para" | "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()

    @property
    def words(self) -> int:
        if self.kind == "table":
            return sum(len(cell.split()) for row in self.rows for cell in row)
        return len(self.text.split())

    def lines(self) -> list[str]:
        """The text as PDF lines (a table becomes one line per row)."""
        if self.kind == "table":
            return ["  |  ".join(row) for row in self.rows]
        return [self.text]


class Writer:
    """Random but reproducible report prose."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def address(self) -> str:
        town, outward = self.rng.choice(TOWNS)
        number, street = self.rng.randint(2, 180), self.rng.choice(STREETS)
        inward = f"{self.rng.randint(1, 9)}{self.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}" \
                 f"{self.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        return f"{number} {street}, {town}, {outward} {inward}"

    def phone(self) -> str:
        return self.rng.choice([f"07700 900{self.rng.randint(100, 999)}",
                                f"01625 {self.rng.randint(100000, 999999)}",
                                f"01270 {self.rng.randint(100000, 999999)}"])

    def date(self) -> str:
        return f"{self.rng.randint(1, 28)} {self.rng.choice(MONTHS)} 2024"

    def fill(self, template: str) -> str:
        worker = self.person()
        values = {
            "child": self.rng.choice(["Mia", "Mia Pickford", "C"]),
            "mother": self.rng.choice(["Claire Mottram", "Ms Mottram", "Miss Y", "Claire"]),
            "father": self.rng.choice(["Gary Pickford", "Mr Pickford"]),
            "worker": worker, "role": self.rng.choice(ROLES), "date": self.date(),
            "pct": self.rng.randint(82, 99), "agency": self.rng.choice(AGENCIES),
            "n": self.rng.randint(2, 9), "address": self.address(),
            "month": self.rng.choice(MONTHS), "month2": self.rng.choice(MONTHS),
            "phone": self.phone(), "town": self.rng.choice(TOWNS)[0],
            "email": worker.lower().replace(" ", ".") + "@cheshireeast.example.gov.uk",
            "school": self.rng.choice(SCHOOLS), "protected": self.rng.choice(PROTECTED),
        }
        return template.format(**values)

    def paragraph(self, sensitive: bool) -> str:
        count = self.rng.randint(3, 6)
        sentences = [self.fill(self.rng.choice(NARRATIVE)) for _ in range(count)]
        if sensitive:
            sentences.insert(self.rng.randint(0, count), self.fill(self.rng.choice(SENSITIVE)))
        return " ".join(sentences)

    def contacts(self) -> Block:
        rows = [("Name", "Role", "Telephone", "Address")]
        rows += [(self.person(), self.rng.choice(ROLES).capitalize(), self.phone(), self.address())
                 for _ in range(5)]
        return Block("table", rows=tuple(rows))

    def chronology(self) -> Block:
        entry = self.fill(self.rng.choice(NARRATIVE))
        return Block("para", f"{self.date()}: {entry}")


def blocks(words: int, seed: int = SEED) -> list[Block]:
    """Report blocks adding up to at least `words` words, in the order they are read."""
    writer = Writer(seed)
    out = [Block("heading", "Child and Family Assessment (CS-2024-0317): OFFICIAL-SENSITIVE")]
    total, index = out[0].words, 0
    while total < words:
        out.append(Block("heading", HEADINGS[index % len(HEADINGS)]))
        section = [Block("para", writer.paragraph(sensitive=index % 3 == 1)) for _ in range(3)]
        if index % 4 == 2:
            section.append(writer.contacts())
        if index % 5 == 3:
            section += [writer.chronology() for _ in range(4)]
        out += section
        total += sum(b.words for b in out[-len(section) - 1 :])
        index += 1
    return out


def paginate(report: list[Block]) -> list[list[Block]]:
    """Blocks cut into pages of about WORDS_PER_PAGE words, at block boundaries."""
    result: list[list[Block]] = [[]]
    count = 0
    for block in report:
        # Break where the block would end nearer the next page than this one.
        if count and count + block.words / 2 > WORDS_PER_PAGE:
            result.append([])
            count = 0
        result[-1].append(block)
        count += block.words
    return result


def write_docx(pages: list[list[Block]], path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL-SENSITIVE - Children's Services"
    section.footer.paragraphs[0].text = "Child and Family Assessment - do not copy"
    for number, page in enumerate(pages):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for block in page:
            _docx_block(document, block)
    document.core_properties.title = "Child and Family Assessment"
    document.save(str(path))


def _docx_block(document: object, block: Block) -> None:
    if block.kind == "heading":
        document.add_heading(block.text, level=2)  # type: ignore[attr-defined]
    elif block.kind == "para":
        document.add_paragraph(block.text)  # type: ignore[attr-defined]
    else:
        table = document.add_table(rows=0, cols=len(block.rows[0]))  # type: ignore[attr-defined]
        for row in block.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value


def write_pdf(pages: list[list[Block]], path: Path) -> None:
    import pymupdf

    pdf = pymupdf.open()
    for page_blocks in pages:
        text = "\n\n".join(line for b in page_blocks for line in b.lines())
        _pdf_page(pdf, text)
    pdf.set_metadata({"title": "Child and Family Assessment", "author": "Children's Services"})
    pdf.save(str(path), garbage=3, deflate=True)


def _pdf_page(pdf: object, text: str) -> None:
    import pymupdf

    for size in (10.0, 9.0, 8.0, 7.0, 6.0):
        page = pdf.new_page(width=595, height=842)  # type: ignore[attr-defined]
        page.insert_text((50, 30), "OFFICIAL-SENSITIVE - Children's Services", fontsize=8)
        if page.insert_textbox(pymupdf.Rect(50, 50, 545, 800), text, fontsize=size) >= 0:
            return
        pdf.delete_page(-1)  # type: ignore[attr-defined]
    raise RuntimeError("bench page text does not fit even at 6 pt")


def _source_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _stamp_ok(out: Path) -> bool:
    try:
        stamp = json.loads((out / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    names = [f"{size}.{ext}" for size in SIZES for ext in ("docx", "pdf")] + ["case.yaml"]
    return stamp.get("source") == _source_hash() and all((out / n).is_file() for n in names)


def documents(out: Path) -> Iterator[tuple[str, str, Path]]:
    """(size, format, path) of every benchmark document in `out`."""
    for size in SIZES:
        for fmt in ("pdf", "docx"):
            yield size, fmt, out / f"{size}.{fmt}"


def build(out: Path = DEFAULT_OUT, force: bool = False) -> dict[str, dict[str, int]]:
    """Write (or reuse) the documents; return {size: {"pages": n, "words": n}}."""
    out.mkdir(parents=True, exist_ok=True)
    if not force and _stamp_ok(out):
        return dict(json.loads((out / STAMP).read_text("utf-8"))["sizes"])
    sizes: dict[str, dict[str, int]] = {}
    laid_out = paginate(blocks(int(WORDS_PER_PAGE * max(SIZES.values()) * 1.1)))
    for size, pages in SIZES.items():
        laid = laid_out[:pages]
        words = sum(b.words for page in laid for b in page)
        sizes[size] = {"pages": len(laid), "words": words}
        for writer, ext in ((write_docx, "docx"), (write_pdf, "pdf")):
            writer(laid, out / f"{size}.{ext}")
    (out / "case.yaml").write_text(CASE_YAML, encoding="utf-8")
    (out / STAMP).write_text(json.dumps({"source": _source_hash(), "sizes": sizes}), "utf-8")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the documents")
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(argv)
    for size, info in build(args.out, args.force).items():
        print(f"{size}: {info['pages']} pages, {info['words']} words")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
