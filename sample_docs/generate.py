"""Write the labelled synthetic corpus: documents (.txt, .docx, .pdf), labels and case files.

Run from the repository root:  .venv/bin/python sample_docs/generate.py

The prose lives in ``sample_docs/templates/*.tmpl``: a few ``key: value`` lines, ``---``,
then the body. In the body a blank line separates blocks, ``# `` starts a heading, a block
whose every line holds `` | `` is a table, and inline markup marks the ground truth:

    [[A|14 Acacia Avenue]]      a label (kind ADDRESS); ``[[A*|...]]`` a known detail
    [[keep|Claire Mottram]]     a phrase that must survive untouched
    [[look|s.47]]               a look-alike: must survive, and is counted as one

Each document gets ``<name>.labels.json`` beside it. A label's ``occurrence`` counts
earlier matches of its text with all whitespace removed (so PDF line wrapping and DOCX
paragraph breaks do not change it). The script checks its own output: every match of a
label's text lies inside some label, no keep phrase overlaps a label, and every phrase
is present. All data is synthetic (Ofcom drama numbers, example.org, made-up places).
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import docx
import pymupdf
import yaml
from docx.shared import Pt
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_cases import CASES  # noqa: E402
from corpus_generated import housing_history  # noqa: E402

ROOT = Path(__file__).resolve().parent
SEED = 20240317
KINDS = {
    "A": "ADDRESS", "PC": "POSTCODE", "PH": "PHONE", "EM": "EMAIL", "SCH": "SCHOOL",
    "WP": "WORKPLACE", "VR": "VEHICLE_REG", "NHS": "NHS_NUMBER", "NI": "NI_NUMBER",
    "DOB": "DATE_OF_BIRTH", "MK": "MARKER",
}
MARKUP = re.compile(r"\[\[(\w+)(\*?)\|(.*?)\]\]", re.DOTALL)
FIXED_TIME = datetime(2024, 3, 18, 9, 0, 0)


@dataclass(frozen=True)
class Mark:
    role: str  # "label" | "keep" | "look"
    kind: str
    known: bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "para" | "table"
    lines: tuple[str, ...]  # with markup


# ---------------------------------------------------------------- parsing

def parse_template(raw: str) -> tuple[dict[str, str], str]:
    head, _, body = raw.partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, body.strip("\n")


def blocks_of(body: str) -> list[Block]:
    out = []
    for chunk in re.split(r"\n\s*\n", body):
        lines = tuple(chunk.splitlines())
        if not lines:
            continue
        if lines[0].startswith("# "):
            out.append(Block("heading", (lines[0][2:],)))
            lines = lines[1:]
        if lines and all(" | " in ln for ln in lines):
            out.append(Block("table", lines))
        elif lines:
            out.append(Block("para", lines))
    return out


def markup_text(blocks: list[Block]) -> str:
    return "\n\n".join("\n".join(b.lines) for b in blocks) + "\n"


def plain(text: str) -> str:
    return MARKUP.sub(lambda m: m.group(3), text)


def parse_marks(text: str) -> tuple[str, list[Mark]]:
    out, marks, pos = [], [], 0
    for m in MARKUP.finditer(text):
        out.append(text[pos:m.start()])
        start = sum(len(p) for p in out)
        tag, star, inner = m.group(1), m.group(2), m.group(3)
        role = tag if tag in ("keep", "look") else "label"
        kind = KINDS[tag] if role == "label" else ""
        marks.append(Mark(role, kind, bool(star), start, start + len(inner), inner))
        out.append(inner)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), marks


# ---------------------------------------------------------------- occurrences

def squeeze(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, and the original offset of each kept character."""
    keep = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in keep), keep


def matches(hay: str, needle: str) -> list[int]:
    found, i = [], hay.find(needle)
    while i >= 0 and needle:
        found.append(i)
        i = hay.find(needle, i + 1)
    return found


def squeezed_span(index: list[int], start: int, end: int) -> tuple[int, int]:
    inside = [k for k, i in enumerate(index) if start <= i < end]
    return inside[0], inside[-1] + 1


def occurrence_of(text: str, mark: Mark) -> int:
    hay, index = squeeze(text)
    s, _ = squeezed_span(index, mark.start, mark.end)
    return sum(1 for i in matches(hay, squeeze(mark.text)[0]) if i < s)


def check_marks(name: str, text: str, marks: list[Mark]) -> None:
    hay, index = squeeze(text)
    labels = [squeezed_span(index, m.start, m.end) for m in marks if m.role == "label"]
    for mark in marks:
        needle = squeeze(mark.text)[0]
        for i in matches(hay, needle):
            j = i + len(needle)
            if mark.role == "label" and not any(a <= i and j <= b for a, b in labels):
                raise SystemExit(f"{name}: label text {mark.text!r} also occurs unlabelled")
            if mark.role != "label" and any(i < b and a < j for a, b in labels):
                raise SystemExit(f"{name}: keep phrase {mark.text!r} overlaps a label")


def labels_json(case: str, reader: str, text: str, marks: list[Mark],
                extra_look: list[str]) -> dict[str, object]:
    labels = []
    for m in marks:
        if m.role != "label":
            continue
        item: dict[str, object] = {"kind": m.kind, "text": m.text,
                                   "occurrence": occurrence_of(text, m),
                                   "line": text.count("\n", 0, m.start) + 1}
        if m.known:
            item["known"] = True
        labels.append(item)
    looks = unique([m.text for m in marks if m.role == "look"] + extra_look)
    keeps = unique([m.text for m in marks if m.role == "keep"] + looks)
    return {"case": case, "reader": reader, "labels": labels, "keep": keeps, "lookalikes": looks}


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------- writers

def write_txt(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def add_runs(paragraph: Paragraph, text: str, rng: random.Random) -> None:
    # Word splits text over runs after edits; readers must join them.
    cuts = sorted(rng.sample(range(1, len(text)), k=min(2, len(text) - 1))) if len(text) > 3 else []
    for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
        paragraph.add_run(text[a:b])


def write_docx(path: Path, blocks: list[Block], meta: dict[str, str], rng: random.Random) -> None:
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    document.sections[0].header.paragraphs[0].text = f"OFFICIAL - SENSITIVE    Ref {meta['ref']}"
    for block in blocks:
        lines = plain_lines(block)
        if block.kind == "heading":
            document.add_heading(lines[0], level=2)
        elif block.kind == "table":
            rows = [ln.split(" | ") for ln in lines]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
        else:
            for line in lines:
                add_runs(document.add_paragraph(), line, rng)
    props = document.core_properties
    props.title, props.author, props.comments = meta.get("title", ""), "Children's Services", ""
    props.created = props.modified = props.last_printed = FIXED_TIME
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(stable_zip(buffer.getvalue()))


def stable_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so the output is byte-for-byte repeatable."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 18, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


PAGE_W, PAGE_H, MARGIN, LEAD = 595.0, 842.0, 60.0, 14.0


def wrap(text: str, font: str, size: float) -> list[str]:
    width = PAGE_W - 2 * MARGIN
    lines, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and pymupdf.get_text_length(trial, fontname=font, fontsize=size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current]


def plain_lines(block: Block) -> list[str]:
    # A label may span lines (an address block): strip the markup before splitting.
    return plain("\n".join(block.lines)).split("\n")


def pdf_lines(block: Block) -> list[tuple[str, str, float]]:
    lines = plain_lines(block)
    if block.kind == "heading":
        return [(ln, "hebo", 12.0) for ln in wrap(lines[0], "hebo", 12.0)]
    if block.kind == "table":
        rows = [ln.replace(" | ", "    ") for ln in lines]
        return [(w, "helv", 10.0) for row in rows for w in wrap(row, "helv", 10.0)]
    return [(w, "helv", 10.5) for ln in lines for w in wrap(ln, "helv", 10.5)]


def layout(blocks: list[Block]) -> list[list[tuple[float, str, str, float]]]:
    """Place lines on pages; a block that does not fit starts a new page."""
    pages: list[list[tuple[float, str, str, float]]] = [[]]
    y = MARGIN + 20
    for block in blocks:
        lines = pdf_lines(block)
        if y + LEAD * len(lines) > PAGE_H - MARGIN - 20:
            pages.append([])
            y = MARGIN + 20
        for text, font, size in lines:
            pages[-1].append((y, text, font, size))
            y += LEAD
        y += LEAD * 0.6
    return pages


def write_pdf(path: Path, blocks: list[Block], meta: dict[str, str]) -> list[str]:
    pages = layout(blocks)
    document = pymupdf.open()
    footers = [f"Page {n} of {len(pages)}" for n in range(1, len(pages) + 1)]
    for lines, footer in zip(pages, footers, strict=True):
        page = document.new_page(width=PAGE_W, height=PAGE_H)
        page.insert_text((MARGIN, MARGIN), "OFFICIAL - SENSITIVE", fontname="helv", fontsize=8)
        for y, text, font, size in lines:
            page.insert_text((MARGIN, y), text, fontname=font, fontsize=size)
        page.insert_text((MARGIN, PAGE_H - MARGIN + 20), footer, fontname="helv", fontsize=8)
    stamp = "D:20240318090000Z"
    document.set_metadata({"title": meta.get("title", ""), "author": "Children's Services",
                           "creationDate": stamp, "modDate": stamp, "producer": "", "creator": ""})
    document.save(path, garbage=4, deflate=True, no_new_id=True)
    return footers


# ---------------------------------------------------------------- driver

def build(name: str, raw: str, rng: random.Random) -> list[Path]:
    meta, body = parse_template(raw)
    blocks = blocks_of(body)
    text, marks = parse_marks(markup_text(blocks))
    check_marks(name, text, marks)
    meta["ref"] = CASES[meta["case"]]["case_id"]
    folder = ROOT / meta["folder"]
    folder.mkdir(exist_ok=True)
    written = []
    for fmt in meta.get("formats", "txt docx pdf").split():
        path = folder / f"{name}.{fmt}"
        extra: list[str] = []
        if fmt == "txt":
            write_txt(path, text)
        elif fmt == "docx":
            write_docx(path, blocks, meta, rng)
            extra = [meta["ref"]]
        else:
            extra = write_pdf(path, blocks, meta)
        labels = labels_json(meta["case"], meta["reader"], text, marks, extra)
        label_path = folder / f"{name}.{fmt}.labels.json"
        label_path.write_text(json.dumps(labels, indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written


def write_cases() -> None:
    folder = ROOT / "cases"
    folder.mkdir(exist_ok=True)
    for name, case in CASES.items():
        text = yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=120)
        (folder / name).write_text(text, encoding="utf-8")


ADDRESS_SLOT = "{{ADDRESS_SENTENCE}}"
ADDRESS_SENTENCE = "Mrs X and the children now live at [[A|8 Linnet Way, Sandbach, CW11 4FN]]. "


def templates() -> list[tuple[str, str]]:
    """Every template, the generated one, and a variant of the decision letter with an address."""
    found = []
    for path in sorted((ROOT / "templates").glob("*.tmpl")):
        raw = path.read_text("utf-8")
        found.append((path.stem, raw.replace(ADDRESS_SLOT, "")))
        if ADDRESS_SLOT in raw:
            found.append((f"{path.stem}_with_address", raw.replace(ADDRESS_SLOT, ADDRESS_SENTENCE)))
    return [*found, ("housing_history_mottram", housing_history(random.Random(SEED)))]


def summary() -> str:
    counts: dict[str, int] = {}
    for path in sorted(ROOT.glob("*/*.txt.labels.json")):
        data = json.loads(path.read_text("utf-8"))
        for label in data["labels"]:
            key = label["kind"] + (" (known)" if label.get("known") else "")
            counts[key] = counts.get(key, 0) + 1
        counts["look-alikes"] = counts.get("look-alikes", 0) + len(data["lookalikes"])
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))


def main() -> None:
    rng = random.Random(SEED)
    write_cases()
    written = [p for name, raw in templates() for p in build(name, raw, rng)]
    print(f"wrote {len(written)} documents and {len(CASES)} case files")
    print(f"labels in the .txt documents: {summary()}")


if __name__ == "__main__":
    main()
