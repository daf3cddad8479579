"""The recipient check (issue 17): a letter addressed where it must not go is held.

Letters are built here in all three formats and several layouts (letterhead left or right, the
address block in a table, at the window-envelope position of a PDF page), each checked for a reader.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from cli_helpers import run
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from redactor.api import check_file
from redactor.types import Decision, Verdict

pytestmark = pytest.mark.slow

CASE = """
case_id: CS-2024-0317
flags: [domestic-abuse]
parties:
  - id: mother
    name: Claire Mottram
    aliases: [Ms Mottram]
    markers: [protected, confidential-address]
    details:
      address: ["Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP"]
      former_address: ["22 Mill Lane, Congleton, CW12 1QJ"]
  - id: father
    name: Gary Pickford
    aliases: [Mr Pickford]
    markers: [alleged-perpetrator]
    restricted_from: [mother, child]
    details:
      address: ["22 Mill Lane, Congleton, CW12 1QJ"]
  - id: child
    name: Mia Pickford
    markers: [protected]
  - id: grandmother
    name: Joan Mottram
    details:
      address: ["5 Oak Road, Buxton, SK17 6AB"]
allow:
  - Civic Centre, 1 Council Way, Crewe, CW1 2ZZ
"""
LETTERHEAD = ["Children's Services", "Civic Centre", "1 Council Way", "Crewe", "CW1 2ZZ"]
BODY = ["Date: 3 June 2024", "", "Dear {salutation},", "",
        "We write to invite you to the review meeting on 4 June 2024 at 10am.", "", "Yours sincerely",
        "Hannah Okafor, Social Worker"]  # fmt: skip
AT_FATHERS = ["22 Mill Lane", "Congleton", "CW12 1QJ"]
AT_MOTHERS = ["Flat 2, Ropewalk House", "41 Wharf Street", "Macclesfield", "SK11 6QP"]
ELSEWHERE = ["7 Elm Grove", "Leek", "ST13 5AB"]

# (name lines, address lines, salutation, reader, the rules expected: none for a rightly addressed letter)
LETTERS = {
    "father-at-home": (["Mr G Pickford"], AT_FATHERS, "Mr Pickford", "father", set()),
    "mother-at-home": (["Ms C Mottram"], AT_MOTHERS, "Ms Mottram", "mother", set()),
    "grandmother-at-home": (["Mrs J Mottram"], ["5 Oak Road", "Buxton", "SK17 6AB"], "Mrs Mottram", "grandmother",
                            set()),
    "mother-at-fathers": (["Ms C Mottram"], AT_FATHERS, "Ms Mottram", "mother", {"recipient.restricted-address"}),
    "father-named-mother": (["Ms C Mottram"], AT_FATHERS, "Ms Mottram", "father", {"recipient.name-not-reader"}),
    "father-at-mothers": (["Mr G Pickford"], AT_MOTHERS, "Mr Pickford", "father", {"recipient.protected-address"}),
    "both-parents": (["Mr G Pickford and Ms C Mottram"], AT_FATHERS, "Mr Pickford and Ms Mottram", "father",
                     {"recipient.protected-from-another"}),
    "father-elsewhere": (["Mr G Pickford"], ELSEWHERE, "Mr Pickford", "father", {"recipient.unknown-address"}),
}  # fmt: skip


def _lines(name: str) -> tuple[list[str], list[str], str]:
    names, address, salutation, _, _ = LETTERS[name]
    return [*names, *address], [line.format(salutation=salutation) for line in BODY], salutation


def write_txt(name: str, path: Path) -> None:
    block, body, _ = _lines(name)
    path.write_text("\n".join([*LETTERHEAD, "", *block, "", *body]) + "\n", "utf-8")


def write_docx(name: str, path: Path) -> None:
    """Letterhead right-aligned in paragraphs, the addressee block in a one-cell table."""
    block, body, _ = _lines(name)
    document = new_docx()
    for line in LETTERHEAD:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = block[0]
    for line in block[1:]:
        cell.add_paragraph(line)
    for line in body:
        document.add_paragraph(line)
    document.save(str(path))


def write_pdf(name: str, path: Path) -> None:
    """Letterhead at the top right, the addressee where a window envelope shows it."""
    block, body, _ = _lines(name)
    doc = pymupdf.open()
    page = doc.new_page()
    for n, line in enumerate(LETTERHEAD):
        page.insert_text((380, 60 + 14 * n), line, fontsize=10)
    for n, line in enumerate(block):
        page.insert_text((60, 150 + 14 * n), line, fontsize=11)
    for n, line in enumerate(body):
        page.insert_text((60, 260 + 16 * n), line, fontsize=11)
    doc.save(str(path))
    doc.close()


WRITERS: dict[str, Callable[[str, Path], None]] = {"txt": write_txt, "docx": write_docx, "pdf": write_pdf}


@pytest.fixture(scope="module")
def case_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("case") / "case.yaml"
    path.write_text(CASE, "utf-8")
    return path


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("name", sorted(LETTERS))
def test_each_letter_is_judged_against_the_case(name: str, fmt: str, case_path: Path, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.{fmt}"
    WRITERS[fmt](name, path)
    reader, expected = LETTERS[name][3], LETTERS[name][4]
    result = check_file(path, case_path, reader)
    held = [f for f in result.plan.findings if f.kind == "RECIPIENT"]
    assert {f.rule for f in held} == expected, [f.reason for f in held]
    assert all(f.decision == Decision.REVIEW for f in held)
    assert all(f not in result.plan.to_remove for f in held)  # judged, never cut out of the letter
    if expected:
        assert result.verdict != Verdict.CLEAR
        assert not any(part in f.reason for f in held for part in ("Mill Lane", "Wharf", "CW12", "SK11", "Elm"))
    else:
        assert result.verdict == Verdict.CLEAR, [(f.kind, f.text, f.reason) for f in result.plan.to_remove]


def test_the_cli_says_recipient_and_exits_one(case_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    write_docx("father-at-mothers", path)
    done = run("check", path, "--case", case_path, "--to", "father", "--format", "json",
               env={"REDACTOR_HOME": str(tmp_path / "home")})  # fmt: skip
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    recipient = [f for f in findings if f["kind"] == "RECIPIENT"]
    assert [f["decision"] for f in recipient] == ["review"]
    assert recipient[0]["reason"].startswith("recipient.protected-address:")


def test_a_rightly_addressed_letter_exits_zero(case_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    write_pdf("father-at-home", path)
    done = run("check", path, "--case", case_path, "--to", "father", env={"REDACTOR_HOME": str(tmp_path / "home")})
    assert done.returncode == 0, done.stdout + done.stderr


def test_several_address_blocks_one_protected_from_another(case_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "two.txt"
    blocks = ["Mr G Pickford", *AT_FATHERS, "", "Ms C Mottram", *AT_MOTHERS]
    path.write_text("\n".join([*LETTERHEAD, "", *blocks, "", "Dear Mr Pickford and Ms Mottram,", "", "Text."]), "utf-8")
    rules = {f.rule for f in check_file(path, case_path, "father").plan.findings if f.kind == "RECIPIENT"}
    assert "recipient.protected-from-another" in rules and "recipient.protected-address" in rules


def test_a_memo_to_line_names_its_recipients(case_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("MEMO\nTo: Mr G Pickford, Ms C Mottram\nFrom: Hannah Okafor\n\nThe review is on 4 June.\n", "utf-8")
    rules = {f.rule for f in check_file(path, case_path, "father").plan.findings if f.kind == "RECIPIENT"}
    assert rules == {"recipient.protected-from-another"}
    alone = tmp_path / "memo-alone.txt"
    alone.write_text("MEMO\nTo: Mr G Pickford\nFrom: Hannah Okafor\n\nThe review is on 4 June.\n", "utf-8")
    assert not [f for f in check_file(alone, case_path, "father").plan.findings if f.kind == "RECIPIENT"]


def test_a_report_that_is_not_a_letter_has_no_addressee(case_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Case note\n\nMr G Pickford attended. Ms C Mottram did not. Dear me, said the chair.\n", "utf-8")
    assert not [f for f in check_file(path, case_path, "father").plan.findings if f.kind == "RECIPIENT"]


def test_release_holds_a_misdirected_letter(case_path: Path, tmp_path: Path) -> None:
    env = {"REDACTOR_HOME": str(tmp_path / "home"), "REDACTOR_CONFIG": str(tmp_path / "settings.yaml")}
    (tmp_path / "settings.yaml").write_text("clerks: [k.patel]\n", "utf-8")
    assert run("case", "register", case_path, "--user", "sw.jones", env=env).returncode == 0
    path = tmp_path / "letter.txt"
    write_txt("father-named-mother", path)
    done = run("release", path, "--case", case_path, "--to", "father", "--user", "sw.jones", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "addressed where it must not go (recipient.name-not-reader)" in done.stdout + done.stderr
    assert not list((tmp_path / "home").rglob("outbox/*.txt"))
