"""Reading PDFs: every place text lives becomes a segment; bad files and unsafe pages are named."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pdfbuild as build
import pymupdf
import pytest
from pdfbuild import NOTES, SECRET

from redactor.documents import pdf as reader
from redactor.documents import sha256_bytes
from redactor.errors import BadInput
from redactor.settings import Limits
from redactor.types import Document


def read(path: Path, limits: Limits | None = None) -> Document:
    return reader.read(path, path.read_bytes(), limits or Limits())


def places_with(doc: Document, value: str = SECRET) -> list[str]:
    return [s.place for s in doc.segments if value in s.text]


def codes(doc: Document) -> list[tuple[str, str]]:
    return [(p.place, p.code) for p in doc.problems]


@pytest.mark.parametrize(("place", "expected"), [
    ("page text", ["page 1"]),
    ("white text", ["page 1"]),
    ("render mode 3", ["page 1"]),
    ("under an image", ["page 1"]),
    ("under a black box", ["page 1"]),
    ("outside the page", ["page 1"]),
    ("hidden layer", ["page 1"]),
    ("metadata", ["metadata:title", "metadata:subject", "metadata:keywords"]),
    ("xmp", ["metadata:xmp"]),
    ("annotation", ["page 1 annotations"]),
    ("form field", ["form fields"]),
    ("link", ["page 1 annotations"]),
    ("attachment", ["attachment 1", "attachment 2"]),
    ("bookmark", ["bookmarks"]),
    ("page labels", ["page labels"]),
    ("javascript", ["document javascript"]),
])
def test_the_value_is_read_wherever_it_is_placed(tmp_path: Path, place: str, expected: list[str]) -> None:
    path = tmp_path / "in.pdf"
    build.PLACES[place](path)
    doc = read(path)
    assert places_with(doc) == expected
    assert doc.format == "pdf" and doc.pages == 1
    assert doc.sha256 == sha256_bytes(path.read_bytes())


def test_pages_come_first_one_segment_each_even_when_empty(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    doc = build.new_pdf()
    doc.new_page()
    doc.new_page().insert_text((72, 72), "Third page", fontsize=11)
    build.save(doc, path)
    result = read(path)
    assert [s.place for s in result.segments[:3]] == ["page 1", "page 2", "page 3"]
    assert result.segments[1].text == "" and result.segments[2].text == "Third page"
    assert result.pages == 3 and result.problems == ()


def test_an_address_over_several_lines_reads_as_consecutive_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((350, 80), "Our ref: CS-2024-0317", fontsize=10)  # a block to the right, above
    address = ["Ms C Mottram", "Flat 2, Ropewalk House", SECRET, "Macclesfield", "SK11 6QP"]
    for n, line in enumerate(reversed(address)):  # written bottom line first
        page.insert_text((72, 100 + 14 * (len(address) - 1 - n)), line, fontsize=11)
    page.insert_text((72, 200), "Dear Ms Mottram,", fontsize=11)
    build.save(doc, path)
    text = read(path).segments[0].text
    assert "\n".join(address) in text
    assert text.index("Our ref") < text.index("Ms C Mottram") < text.index("Dear")


def test_words_split_across_styled_spans_read_as_one_line(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    writer = pymupdf.TextWriter(page.rect)
    writer.append((72, 100), "Call at 41 Wh", font=pymupdf.Font("helv"), fontsize=11)
    writer.append(writer.last_point, "arf Str", font=pymupdf.Font("tibo"), fontsize=12)
    writer.append(writer.last_point, "eet today", font=pymupdf.Font("cour"), fontsize=10)
    writer.write_text(page)
    build.save(doc, path)
    assert read(path).segments[0].text == f"Call at {SECRET} today"


def test_annotation_text_includes_author_subject_and_free_text(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    build.annotation(path)
    text = next(s.text for s in read(path).segments if s.place == "page 1 annotations")
    assert "A Worker" in text and f"Remember: {SECRET}" in text and NOTES in text


def test_names_of_fields_and_files_never_appear_in_places(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    doc = build.new_pdf()
    widget = pymupdf.Widget()
    widget.field_name = "Mottram_new_address"
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_COMBOBOX
    widget.rect = pymupdf.Rect(72, 300, 300, 320)
    widget.choice_values = ["Crewe", SECRET]
    widget.field_value = "Crewe"
    doc[0].add_widget(widget)
    doc.embfile_add("Mottram refuge.txt", b"plain", filename="Mottram refuge.txt")
    build.save(doc, path)
    result = read(path)
    assert all("Mottram" not in s.place for s in result.segments)
    assert SECRET in next(s.text for s in result.segments if s.place == "form fields")
    assert "Mottram refuge.txt" in next(s.text for s in result.segments if s.place == "attachment 1")


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("Moved to 41 Wh")
    paragraph.add_run("arf Street").bold = True  # a word split over runs
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(text: str) -> bytes:
    inner = pymupdf.open()
    inner.new_page().insert_text((72, 72), text, fontsize=11)
    return inner.tobytes()


@pytest.mark.parametrize(("content", "found", "problem"), [
    (NOTES.encode("utf-8"), SECRET, False),
    (NOTES.encode("utf-16"), SECRET, False),
    (NOTES.encode("latin-1") + b"\xa3", SECRET, False),
    (_pdf_bytes(NOTES), SECRET, False),
    (_docx_bytes("More notes"), SECRET, False),
    (bytes(range(256)) * 8, None, True),
])
def test_attachment_content_is_read_as_text_or_named_a_problem(
    tmp_path: Path, content: bytes, found: str | None, problem: bool
) -> None:
    path = tmp_path / "in.pdf"
    doc = build.new_pdf()
    doc.embfile_add("a", content, filename="a.bin")
    build.save(doc, path)
    result = read(path)
    text = next(s.text for s in result.segments if s.place == "attachment 1")
    assert found is None or found in text
    assert (("attachment 1", "attachment-unreadable") in codes(result)) is problem


def test_metadata_xmp_and_custom_info_are_read(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    build.metadata(path)
    doc = pymupdf.open(path)
    info = doc.get_new_xref()
    doc.update_object(info, f"<</Title(Visit)/CaseNote({SECRET} again)>>")
    doc.xref_set_key(-1, "Info", f"{info} 0 R")
    doc.save(tmp_path / "custom.pdf")
    assert places_with(read(tmp_path / "custom.pdf"), f"{SECRET} again") == ["metadata:other"]
    assert "metadata:author" in [s.place for s in read(path).segments]


def test_a_pdf_that_needs_a_password_to_open_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    build.save(build.new_pdf(), path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="secret")
    with pytest.raises(BadInput, match=r"^locked.pdf: encrypted PDF: remove the password first$"):
        read(path)


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    """No password to open: nothing the user could remove (see test_pdf_open.py)."""
    path = tmp_path / "locked.pdf"
    build.save(build.new_pdf(), path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="")
    assert places_with(read(path)) == ["page 1"]


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],
    lambda data: data[:-40],
    lambda data: b"%PDF-1.7\n" + b"\x00garbage" * 50,
])
def test_a_damaged_pdf_is_bad_input(tmp_path: Path, damage: object) -> None:
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    build.save(build.new_pdf(), good)
    bad.write_bytes(damage(good.read_bytes()))  # type: ignore[operator]
    with pytest.raises(BadInput, match=r"^bad.pdf: damaged PDF"):
        read(bad)


def test_more_pages_than_the_limit_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    doc = pymupdf.open()
    for _ in range(3):
        doc.new_page()
    build.save(doc, path)
    with pytest.raises(BadInput, match="3 pages, more than the limit of 2"):
        read(path, Limits(max_pages=2))


def _image_page(page: pymupdf.Page) -> None:
    page.insert_image(pymupdf.Rect(50, 50, 550, 750), pixmap=build.solid_image(), keep_proportion=False)


def _scan_with_header(page: pymupdf.Page) -> None:
    page.insert_text((72, 30), "Page 2", fontsize=9)
    page.insert_image(pymupdf.Rect(50, 50, 550, 750), pixmap=build.solid_image(), keep_proportion=False)


@pytest.mark.parametrize(("draw", "problem"), [
    (_image_page, True),
    (lambda page: page.draw_line((72, 72), (300, 72)), True),
    (_scan_with_header, True),
    (lambda page: None, False),
    (lambda page: page.insert_image(pymupdf.Rect(72, 72, 172, 122), pixmap=build.solid_image()), True),
])
def test_a_page_without_a_text_layer_is_a_problem(tmp_path: Path, draw: object, problem: bool) -> None:
    path = tmp_path / "in.pdf"
    doc = build.new_pdf()
    draw(doc.new_page())  # type: ignore[operator]
    build.save(doc, path)
    found = codes(read(path))
    assert (("page 2", "no-text-layer") in found) is problem
    assert ("page 1", "no-text-layer") not in found


def test_text_without_a_character_map_cannot_be_checked(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    build.no_character_map(path)
    assert ("page 1", "unreadable-text") in codes(read(path))


def test_a_scanned_page_with_an_ocr_layer_is_readable(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    _image_page(page)
    page.insert_text((72, 100), build.LINE, fontsize=11, render_mode=3)
    build.save(doc, path)
    result = read(path)
    assert result.problems == () and SECRET in result.segments[0].text


def _box_after_text(page: pymupdf.Page) -> None:
    page.draw_rect(build.line_rect(page, SECRET), color=None, fill=(0, 0, 0))


def _white_box_after_text(page: pymupdf.Page) -> None:
    page.draw_rect(build.line_rect(page, SECRET), color=None, fill=(1, 1, 1))


def _image_after_text(page: pymupdf.Page) -> None:
    page.insert_image(build.line_rect(page, SECRET), pixmap=build.solid_image(), keep_proportion=False)


def _square_annotation(page: pymupdf.Page) -> None:
    square = page.add_rect_annot(build.line_rect(page, SECRET))
    square.set_colors(stroke=(0, 0, 0), fill=(0, 0, 0))
    square.update()


def _free_text_without_background(page: pymupdf.Page) -> None:
    page.add_freetext_annot(build.line_rect(page, SECRET), "see note").update()


def _highlight(page: pymupdf.Page) -> None:
    page.add_highlight_annot(build.line_rect(page, SECRET))


def _translucent_box(page: pymupdf.Page) -> None:
    page.draw_rect(build.line_rect(page, SECRET), color=None, fill=(1, 1, 0), fill_opacity=0.3)


def _frame_around_text(page: pymupdf.Page) -> None:
    outer = build.line_rect(page, SECRET) + (-6, -6, 6, 6)
    shape = page.new_shape()
    shape.draw_rect(outer)
    shape.draw_rect(outer + (3, 3, -3, -3))
    shape.finish(fill=(0, 0, 0), color=None, even_odd=True)
    shape.commit()


@pytest.mark.parametrize(("cover", "flagged"), [
    (_box_after_text, True),
    (_white_box_after_text, True),
    (_image_after_text, True),
    (_square_annotation, True),
    (_highlight, False),
    (_free_text_without_background, False),
    (_translucent_box, False),
    (_frame_around_text, False),
])
def test_a_box_drawn_over_live_text_is_flagged(tmp_path: Path, cover: object, flagged: bool) -> None:
    path = tmp_path / "in.pdf"
    doc = build.new_pdf()
    cover(doc[0])  # type: ignore[operator]
    build.save(doc, path)
    assert (("page 1", "covered-text") in codes(read(path))) is flagged


def test_a_box_drawn_under_text_is_not_flagged(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(60, 80, 400, 120), color=None, fill=(0, 0, 0))
    page.insert_text((72, 104), build.LINE, fontsize=11, color=(1, 1, 1))
    build.save(doc, path)
    assert read(path).problems == ()


def test_javascript_is_a_problem_without_content_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    build.javascript(path)
    problems = read(path).problems
    assert [(p.place, p.code) for p in problems] == [("document", "javascript")]
    assert SECRET not in problems[0].message
