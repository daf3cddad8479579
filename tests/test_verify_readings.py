"""Where the check's reading and the verifier's reading of the same output part ways.

Each test reproduces one cause of redact refusing its own output (found on the real-world
corpus), with files built here:
- rule converge in the verifier's reading copied a value the check had seen and kept (a
  workplace pattern against a kept place name) onto another page, where the check never
  saw it judged;
- OCR read an email with a space before the @, and the redactor's email pattern missed it,
  while the verifier's reading (without the space) found it;
- a number abroad ("+43 732 38 77 330") was no phone to the detectors, and the sparse OCR
  reading joined it to the next column's line ("330" then "Erste Bank": a numbered street);
- a finding that joins two lines and that a layout reading does not confirm still has its
  lines searched again one by one (what each holds alone counts).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import scanbuild

from redactor import api
from redactor.casefile import CaseFile
from redactor.detect import find_in_segments
from redactor.ner import NoNer
from redactor.ruleset import load_rules
from redactor.types import Assessment, Decision, Finding, Plan, Segment
from redactor.verify import _detector_findings, _in_order, _not_kept

# --- rule converge in the verifier's reading --------------------------------------

ELIGIBLE = "Each new employee must be legally eligible to work in the Quenby Marsh\n"
PARCELS = "Parcels are sent through Quenby Marsh on Fridays.\n"


def _plan(findings: tuple[Finding, ...]) -> Plan:
    return Plan("CS-2024-0317", "father", Assessment(True, ("case flag domestic-abuse",), ("mother",)), findings)


def _kept_place_name() -> Finding:
    """What the check saw on page 3 and kept: a place name (NER), not a workplace."""
    start = ELIGIBLE.index("the Quenby Marsh")
    end = start + len("the Quenby Marsh")
    return Finding("LOCATION", ELIGIBLE[start:end], 0, start, end, "ner", "ner/location", 0.85, "NER: LOCATION",
                   location="page 3, line 1", decision=Decision.KEEP, reason="keep: LOCATION")  # fmt: skip


def _residues(pages: dict[str, str], plan: Plan, case: CaseFile, removed: frozenset[str] = frozenset()) -> list[str]:
    """What the verifier counts in these pages of an output (its own reading), by place."""
    segments = [Segment(place, text) for place, text in pages.items()]
    found = _detector_findings(segments, case, "father", load_rules(), set(removed))
    return sorted(f"{segments[f.segment].place} {f.kind}" for f in _not_kept(found, segments, plan, set(removed)))


PAGES = {"page 3": ELIGIBLE, "page 6": PARCELS}


def test_the_verifiers_reading_copies_the_workplace_to_another_page(spec_case: CaseFile) -> None:
    segments = [Segment(place, text) for place, text in PAGES.items()]
    found = _detector_findings(segments, spec_case, "father", load_rules(), set())
    assert sorted((segments[f.segment].place, f.detector) for f in found if f.kind == "WORKPLACE") == [
        ("page 3", "pattern"), ("page 6", "converge")]


def test_a_converge_copy_of_a_value_the_check_kept_is_no_residue(spec_case: CaseFile) -> None:
    assert _residues(PAGES, _plan((_kept_place_name(),)), spec_case) == []


def test_a_value_the_check_never_kept_still_counts_with_its_copies(spec_case: CaseFile) -> None:
    assert _residues(PAGES, _plan(()), spec_case) == ["page 3 WORKPLACE", "page 6 WORKPLACE"]


def test_a_copy_counts_when_the_value_is_also_found_where_the_check_did_not_keep_it(spec_case: CaseFile) -> None:
    pages = PAGES | {"page 9": "Her brother works at Quenby Marsh.\n"}
    assert _residues(pages, _plan((_kept_place_name(),)), spec_case) == ["page 6 WORKPLACE", "page 9 WORKPLACE"]


def test_a_copy_counts_when_the_check_removed_that_value(spec_case: CaseFile) -> None:
    plan = _plan((_kept_place_name(),))
    assert _residues(PAGES, plan, spec_case, frozenset({"quenbymarsh"})) == ["page 6 WORKPLACE"]


def test_redact_writes_the_output_of_a_text_the_two_readings_agree_on(tmp_path: Path, spec_case_path: Path) -> None:
    source = tmp_path / "note.txt"
    source.write_text(ELIGIBLE + PARCELS, encoding="utf-8")
    done = api.redact_file(source, spec_case_path, "father", tmp_path / "note-father.txt")
    assert done.verification.clean


# --- detectors: what OCR and writers do to emails and phones -----------------------


def _kinds(text: str, case: CaseFile) -> dict[str, str]:
    found = find_in_segments([Segment("page 1 (OCR)", text)], case, load_rules(), ner=NoNer())
    return {f.text: f.kind for f in found}


@pytest.mark.parametrize("written", ["office @lark-mail.co.uk", "office@ lark-mail.co.uk", "office @ lark-mail.co.uk"])
def test_an_email_with_a_space_beside_the_at_sign_is_an_email(written: str, spec_case: CaseFile) -> None:
    assert _kinds(f"Write to {written} today", spec_case).get(written) == "EMAIL"


@pytest.mark.parametrize("written", ["+43 732 38 77 330", "+1 (202) 555-0143", "+33 1 42 68 53 00"])
def test_a_number_abroad_with_its_country_code_is_a_phone(written: str, spec_case: CaseFile) -> None:
    assert _kinds(f"Tel {written}\nErste Bank", spec_case).get(written) == "PHONE"


def test_an_invalid_number_with_a_plus_is_no_phone(spec_case: CaseFile) -> None:
    assert "PHONE" not in _kinds("Werksgarantie Plus +3 Jahre in einer Hohe von 1450", spec_case).values()


# --- a joined finding that no layout reading confirms ----------------------------


def test_the_lines_of_an_unconfirmed_joined_finding_are_searched_again(spec_case: CaseFile) -> None:
    text = "Autowelt GmbH\nFlat 2, 41 Wharf Street\nErste Bank UID\nSeite 1"
    segments = [Segment("page 1 (OCR)", text)]
    joined = [f for f in _detector_findings(segments, spec_case, "father", load_rules(), set()) if "\n" in f.text]
    assert joined, "the detectors join the two lines into one address"
    # A layout reading of the place puts the lines apart: the joined finding is not confirmed ...
    standing, again = _in_order(joined, segments, lambda places: {
        p: "Flat 2, 41 Wharf Street Sparkasse\nErste Bank" for p in places})
    assert standing == []
    # ... and each of its lines is searched again on its own: the street alone still counts.
    assert [s.text for s in again] == ["Flat 2, 41 Wharf Street", "Erste Bank UID"]
    assert {s.place for s in again} == {"page 1 (OCR)"}
    alone = _detector_findings(again, spec_case, "father", load_rules(), set())
    assert {(again[f.segment].text, f.kind) for f in alone} == {("Flat 2, 41 Wharf Street", "ADDRESS")}


# --- scans built here, through redact -------------------------------------------------

FOOTER = (
    "Invoice for the council's vehicle pool",
    "The car was delivered on Tuesday.",
    "Write to office @lark-mail.co.uk about the invoice.",
    "Tel +43 732 38 77 330",
)


@pytest.mark.slow
def test_a_scanned_email_with_a_space_before_the_at_sign_is_removed(tmp_path: Path, spec_case_path: Path) -> None:
    import pytesseract

    scan = scanbuild.scanned_pdf(tmp_path / "invoice.pdf", FOOTER)
    out = tmp_path / "invoice-father.pdf"
    done = api.redact_file(scan, spec_case_path, "father", out)
    removed = {f.kind for f in done.plan.to_remove}
    assert {"EMAIL", "PHONE"} <= removed
    assert done.verification.clean
    import pymupdf
    from PIL import Image

    with pymupdf.open(out) as doc:
        pix = doc[0].get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    read = " ".join(pytesseract.image_to_string(Image.frombytes("L", (pix.width, pix.height), pix.samples)).split())
    assert "Tuesday" in read
    assert "lark-mail" not in read and "732" not in read


@pytest.mark.slow
def test_ocr_places_are_read_again_in_layout_order(tmp_path: Path) -> None:
    from redactor.verify.pdf import in_page_order

    scan = scanbuild.scanned_pdf(tmp_path / "letter.pdf", ("Child and Family Assessment", "The children were well."))
    read = in_page_order(scan, {"page 1 (OCR)", "page 1 (OCR), image 1", "page 3 (OCR)"})
    assert "Family Assessment" in read["page 1 (OCR)"]
    assert "children were well" in read["page 1 (OCR), image 1"]
    assert "page 3 (OCR)" not in read  # no such page: not confirmed, its findings stand
