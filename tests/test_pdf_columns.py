"""Pages set in two columns: also read column by column, so a detail that wraps inside a
column is found whole and removed, while the row-by-row reading keeps labels by values."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdfbuild import raw_text

from redactor import api
from redactor.casefile import load_case
from redactor.detect import find_in_segments
from redactor.documents import pdf as reader
from redactor.documents.pdf_columns import column_view, page_runs
from redactor.documents.pdf_text import page_text
from redactor.settings import Limits
from redactor.types import Segment

CASE = Path(__file__).parent / "data" / "spec_case.yaml"
LEFT = ("Claire now lives at 41 Wharf", "Street, Macclesfield and the", "children attend a local school.")
RIGHT = ("The review panel met in spring", "to discuss the safety plan and", "agreed the next steps for Mia.")


def two_columns(path: Path, left: tuple[str, ...] = LEFT, right: tuple[str, ...] = RIGHT) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    for n, (a, b) in enumerate(zip(left, right, strict=True)):
        page.insert_text((50, 100 + 13 * n), a, fontsize=10)
        page.insert_text((310, 100 + 13 * n), b, fontsize=10)
    doc.save(path)


def test_a_two_column_page_is_also_read_column_by_column(tmp_path: Path) -> None:
    two_columns(tmp_path / "in.pdf")
    page = page_text(pymupdf.open(tmp_path / "in.pdf")[0])
    assert "41 Wharf\nThe review" in page.text  # the row-by-row reading interleaves the columns
    view = column_view(page)
    assert view is not None
    assert view.text == "\n".join(LEFT + RIGHT)
    assert all(page.text[i] == c for c, i in zip(view.text, view.index, strict=True) if i >= 0)
    assert len(view.joins) == len(LEFT + RIGHT) - 1  # every line break is one the page text lacks


def test_each_run_maps_back_to_the_same_characters(tmp_path: Path) -> None:
    two_columns(tmp_path / "in.pdf")
    page = page_text(pymupdf.open(tmp_path / "in.pdf")[0])
    view = column_view(page)
    assert view is not None
    start = view.text.index("41 Wharf")
    end = view.text.index("Macclesfield") + len("Macclesfield")
    runs = page_runs(view, start, end)
    assert [page.text[a:b] for a, b in runs] == ["41 Wharf", "Street, Macclesfield"]


@pytest.mark.parametrize("right", [
    ("", "", ""),  # one column
    ("The review panel met in spring", "", ""),  # one line beside, not a column
])
def test_no_second_reading_without_columns(tmp_path: Path, right: tuple[str, ...]) -> None:
    two_columns(tmp_path / "in.pdf", right=right)
    assert column_view(page_text(pymupdf.open(tmp_path / "in.pdf")[0])) is None


def test_the_reader_adds_the_column_reading_after_the_pages(tmp_path: Path) -> None:
    two_columns(tmp_path / "in.pdf")
    doc = reader.read(tmp_path / "in.pdf", (tmp_path / "in.pdf").read_bytes(), Limits())
    assert [s.place for s in doc.segments[:2]] == ["page 1", "page 1 (read by column)"]
    assert doc.segments[1].joins


def test_only_findings_across_a_new_join_count_in_a_second_reading() -> None:
    case = load_case(CASE)
    text = "Gary Pickford lives at 41 Wharf\nStreet, Macclesfield"
    joined = Segment("page 1 (read by column)", text, joins=(text.index("\n"),))
    found = find_in_segments([joined], case)
    assert [f.text for f in found if f.kind == "ADDRESS"] == ["41 Wharf\nStreet, Macclesfield"]
    assert not [f for f in found if f.kind == "PERSON"]  # on one line: the page text has it


def test_an_address_wrapped_in_a_column_is_found_and_removed(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    two_columns(src)
    checked = api.check_file(src, CASE, "father")
    found = [f for f in checked.plan.to_remove if f.location.startswith("page 1 (read by column)")]
    assert [f.text for f in found] == ["41 Wharf\nStreet, Macclesfield"]
    api.redact_file(src, CASE, "father", out)
    text = "".join(page.get_text() for page in pymupdf.open(out))
    assert "Wharf" not in text and "Macclesfield" not in text and "Wharf" not in raw_text(out)
    assert "review panel met in spring" in text and "children attend a local school." in text


def test_three_columns_are_read_left_to_right_in_one_of_the_readings(tmp_path: Path) -> None:
    columns = (("a1 first column", "a2 first column", "a3 first column"),
               ("b1 second column", "b2 second column", "b3 second column"),
               ("c1 third column", "c2 third column", "c3 third column"))  # fmt: skip
    doc = pymupdf.open()
    page = doc.new_page()
    for x, lines in zip((40, 230, 420), columns, strict=True):
        for n, line in enumerate(lines):
            page.insert_text((x, 100 + 13 * n), line, fontsize=10)
    doc.save(tmp_path / "in.pdf")
    text = page_text(pymupdf.open(tmp_path / "in.pdf")[0])
    view = column_view(text)
    # MuPDF may already give each column a block of its own; then there is no second reading.
    readings = [text.text] + ([view.text] if view else [])
    assert "\n".join(line for lines in columns for line in lines) in readings
