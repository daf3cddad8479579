"""PDF redaction: the value is gone from every place, kept words stay, unsafe inputs are held."""

from __future__ import annotations

from pathlib import Path

import pdfbuild as build
import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfbuild import AFTER, BEFORE, MARK, SECRET

from redactor.documents import pdf as reader
from redactor.errors import UnsafeOutput
from redactor.redact.pdf import write
from redactor.redact.pdf_label import QUANTUM
from redactor.settings import Limits
from redactor.types import Cut, Document
from redactor.verify.pdf import read_back, structure


def read(path: Path) -> Document:
    return reader.read(path, path.read_bytes(), Limits())


def cuts_for(doc: Document, value: str = SECRET) -> list[Cut]:
    """A cut on every occurrence of `value` in every segment."""
    cuts = []
    for n, segment in enumerate(doc.segments):
        start = segment.text.find(value)
        while start != -1:
            cuts.append(Cut(n, start, start + len(value), "address withheld"))
            start = segment.text.find(value, start + 1)
    return cuts


def redact(src: Path, out: Path, value: str = SECRET) -> tuple[str, ...]:
    doc = read(src)
    return write(doc, cuts_for(doc, value), out, Limits())


@pytest.mark.parametrize("place", list(build.PLACES))
def test_value_is_gone_from_every_reading_of_the_output(tmp_path: Path, place: str) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    build.PLACES[place](src)
    assert any(MARK in text for _, text in read_back(src)), "the builder must put the value in the file"
    notes = redact(src, out)
    assert not [p for p, text in read_back(out) if MARK in text]
    assert MARK not in build.raw_text(out)
    assert structure(out) == []
    assert not any(MARK in note for note in notes)


@pytest.mark.parametrize("font", ["helv", "tiro", "cour", "hebo"])
@pytest.mark.parametrize("line", [
    f"{BEFORE} {SECRET} {AFTER}",
    f"{BEFORE}:{SECRET}, {AFTER}",
    f"({SECRET})",
])
def test_words_beside_a_cut_survive_whole(tmp_path: Path, font: str, line: str) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), line, fontsize=11, fontname=font)
    build.save(doc, src)
    redact(src, out)
    text = build.pdfminer_text(out)
    kept = line.replace(SECRET, "\x00").split("\x00")
    assert MARK not in text and "41" not in text
    for piece in kept:
        assert piece.strip() in text


def test_kept_words_stay_in_place_or_the_writer_says_they_moved(tmp_path: Path) -> None:
    """PyMuPDF 2.0 shifts the rest of a line left after a removed run (1.27 does not):
    either the glyphs stay where they were, or the notes say so."""
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    build.page_text(src)
    before = pymupdf.open(src)[0].search_for(AFTER)[0]
    notes = redact(src, out)
    after = pymupdf.open(out)[0].search_for(AFTER)[0]
    moved = any("moved sideways" in note for note in notes)
    assert moved == (abs(after.x0 - before.x0) > 0.5)
    assert abs(after.y0 - before.y0) < 0.5


def test_a_span_over_two_lines_is_removed_from_both(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    build.save(build.new_pdf(("Dear Ms Smith,", "She lives at Flat 2, Ropewalk House,", "41 Wharf Street now.")), src)
    doc = read(src)
    text = doc.segments[0].text
    start, end = text.index("Flat 2"), text.index("Street") + len("Street")
    assert "\n" in text[start:end]
    write(doc, [Cut(0, start, end, "address withheld")], out, Limits())
    result = build.pdfminer_text(out)
    for gone in ("Flat", "Ropewalk", "House", "Wharf", "Street"):
        assert gone not in result
    for kept in ("She lives at", "now.", "Dear Ms Smith,"):
        assert kept in result


def test_text_under_a_box_is_removed_without_a_cut_and_the_box_stays(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    build.under_box(src)
    notes = write(read(src), [], out, Limits())
    assert MARK not in build.pdfminer_text(out)
    assert BEFORE in build.pdfminer_text(out)
    assert any("hidden under a box" in note for note in notes)
    fills = [d for d in pymupdf.open(out)[0].get_drawings() if d.get("fill") == (0.0, 0.0, 0.0)]
    assert fills, "the box drawn over the text is part of the page and stays"


@pytest.mark.parametrize("build_page", [
    lambda page: page.insert_image(pymupdf.Rect(50, 50, 500, 700), pixmap=build.solid_image()),
    lambda page: page.draw_line((72, 72), (300, 72)),
])
def test_a_page_without_text_is_held_and_nothing_is_written(tmp_path: Path, build_page: object) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    doc = build.new_pdf()
    build_page(doc.new_page())  # type: ignore[operator]
    build.save(doc, src)
    with pytest.raises(UnsafeOutput, match="page 2 has no text layer"):
        write(read(src), [], out, Limits())
    assert not out.exists()


def test_text_without_a_character_map_is_held(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    build.no_character_map(src)
    with pytest.raises(UnsafeOutput, match="page 1 has text without character codes"):
        write(read(src), [], out, Limits())
    assert not out.exists()


def test_a_source_changed_since_it_was_read_is_refused(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    build.page_text(src)
    doc = read(src)
    build.save(build.new_pdf(("Something else",)), src)
    with pytest.raises(UnsafeOutput, match="changed"):
        write(doc, cuts_for(doc), out, Limits())
    assert not out.exists()


@pytest.mark.parametrize("cut", [Cut(0, 5, 500, "x"), Cut(0, 9, 3, "x"), Cut(99, 0, 1, "x")])
def test_a_cut_that_does_not_fit_the_document_is_refused(tmp_path: Path, cut: Cut) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    build.page_text(src)
    with pytest.raises(UnsafeOutput):
        write(read(src), [cut], out, Limits())
    assert not out.exists()


def test_the_label_box_is_padded_and_never_covers_kept_words(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), f"Near {SECRET}", fontsize=11)
    build.save(doc, src)
    source = read(src)
    removed = pymupdf.open(src)[0].search_for(SECRET)[0]
    write(source, cuts_for(source), out, Limits())
    page = pymupdf.open(out)[0]
    boxes = [d["rect"] for d in page.get_drawings() if d.get("fill") == (0.0, 0.0, 0.0)]
    assert len(boxes) == 1
    box = boxes[0]
    assert box.width == pytest.approx(round(box.width / QUANTUM) * QUANTUM, abs=0.01)
    assert box.width > removed.width
    kept = page.search_for("Near")[0]
    assert kept.x1 <= box.x0
    assert "address withheld" in page.get_text()


def test_a_tight_neighbour_clips_the_box_instead_of_being_covered(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), f"At {SECRET}, Macclesfield SK11", fontsize=11)
    build.save(doc, src)
    redact(src, out)
    page = pymupdf.open(out)[0]
    box = next(d["rect"] for d in page.get_drawings() if d.get("fill") == (0.0, 0.0, 0.0))
    for word in ("At", ",", "Macclesfield"):
        for found in page.search_for(word):
            assert not found.intersects(box + (0.5, 0.5, -0.5, -0.5)), word


def test_pixels_of_an_image_under_a_cut_are_blanked_in_the_image_itself(tmp_path: Path) -> None:
    """A scan with an OCR layer: the words are invisible text over an image of them."""
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(50, 80, 550, 120), pixmap=build.solid_image(500, 40), keep_proportion=False)
    page.insert_text((72, 104), build.LINE, fontsize=11, render_mode=3)
    build.save(doc, src)
    redact(src, out)
    result = pymupdf.open(out)
    assert MARK not in build.pdfminer_text(out)
    xref = result[0].get_images()[0][0]
    pix = pymupdf.Pixmap(result, xref)
    cut = pymupdf.open(src)[0].search_for(SECRET)[0]
    x, y = int((cut.x0 + cut.x1) / 2 - 50), int((cut.y0 + cut.y1) / 2 - 80)
    assert pix.pixel(x, y) != (200, 20, 20)
    assert pix.pixel(5, 5) == (200, 20, 20)


def test_a_rotated_page_is_redacted_where_the_text_is(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    doc = build.new_pdf()
    doc[0].set_rotation(90)
    build.save(doc, src)
    redact(src, out)
    assert MARK not in "".join(build.pdfminer_text(out).split())
    page = pymupdf.open(out)[0]  # pdfminer jumbles turned text: read the kept words with MuPDF
    assert BEFORE in page.get_text() and AFTER in page.get_text()
    assert page.rotation == 90


def test_notes_name_what_was_removed_without_content(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    build.annotation(src)
    notes = redact(src, out)
    assert "removed 2 annotations" in notes
    assert "cleared document information and XMP metadata" in notes


_FONTS = ["helv", "tiro", "cour", "hebo", "tibo"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    splits=st.lists(st.integers(min_value=1, max_value=len(build.LINE) - 1), max_size=6, unique=True),
    fonts=st.lists(st.sampled_from(_FONTS), min_size=7, max_size=7),
    sizes=st.lists(st.sampled_from([9.0, 11.0, 12.5]), min_size=7, max_size=7),
)
def test_no_split_of_a_line_into_styled_spans_leaves_the_value(
    tmp_path: Path, splits: list[int], fonts: list[str], sizes: list[float]
) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    writer = pymupdf.TextWriter(page.rect)
    x = 72.0
    bounds = [0, *sorted(splits), len(build.LINE)]
    for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        font = pymupdf.Font(fonts[n])
        writer.append((x, 100), build.LINE[a:b], font=font, fontsize=sizes[n])
        x = writer.last_point.x
    writer.write_text(page, color=(0.1 * (len(splits) % 3), 0, 0))
    build.save(doc, src)
    source = read(src)
    assert SECRET in source.segments[0].text
    write(source, cuts_for(source), out, Limits())
    text = "".join(build.pdfminer_text(out).split())  # pdfminer spaces mixed sizes its own way
    assert MARK not in text and MARK not in build.raw_text(out)
    assert "".join(BEFORE.split()) in text and "".join(AFTER.split()) in text


@pytest.mark.parametrize("builder", [build.under_box, lambda p: build.PLACES[next(iter(build.PLACES))](p)])
def test_the_writer_reading_pages_afresh_matches_reusing_the_readers_pass(tmp_path: Path, builder: object) -> None:
    # Redacting right after a check reuses the reader's pass over each page (same bytes), handed
    # to the writer as an argument; a writer not given it must read them itself, to the same result.
    src = tmp_path / "in.pdf"
    builder(src)  # type: ignore[operator]
    reading = reader.reading(src, src.read_bytes(), Limits())
    doc = reading.document
    assert reading.page_pass is not None and len(reading.page_pass.pages) == doc.pages
    reused = write(doc, cuts_for(doc), tmp_path / "reused.pdf", Limits(), reading.page_pass)
    fresh = write(doc, cuts_for(doc), tmp_path / "fresh.pdf", Limits())
    assert reused == fresh
    texts = [[page.get_text() for page in pymupdf.open(tmp_path / name)] for name in ("reused.pdf", "fresh.pdf")]
    assert texts[0] == texts[1]
    assert not any(MARK in t for t in texts[0])


def test_a_page_without_text_is_held_when_read_afresh_too(tmp_path: Path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    doc = build.new_pdf()
    doc.new_page().insert_image(pymupdf.Rect(50, 50, 500, 700), pixmap=build.solid_image())
    build.save(doc, src)
    checked = read(src)  # no page pass given to the writer: it reads every page afresh
    with pytest.raises(UnsafeOutput, match="page 2 has no text layer"):
        write(checked, [], out, Limits())
    assert not out.exists()


def test_the_writer_refuses_the_page_pass_of_another_document(tmp_path: Path) -> None:
    src, other = tmp_path / "in.pdf", tmp_path / "other.pdf"
    build.under_box(src)
    build.PLACES[next(iter(build.PLACES))](other)
    doc = read(src)
    passed = reader.reading(other, other.read_bytes(), Limits()).page_pass
    with pytest.raises(UnsafeOutput, match="page pass given is of another document"):
        write(doc, cuts_for(doc), tmp_path / "out.pdf", Limits(), passed)
    assert not (tmp_path / "out.pdf").exists()


def test_redacting_right_after_the_check_reads_no_page_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `api.redact_file` hands the reader's page pass to the writer: the writer reads no page itself.
    from redactor import api
    from redactor.ner import FakeNer
    from redactor.redact import pdf as pdf_writer
    from redactor.testing import FAKE_CASE

    def read_again(page: pymupdf.Page) -> None:
        raise AssertionError(f"page {page.number + 1} was read twice")

    src, case, out = tmp_path / "in.pdf", tmp_path / "case.yaml", tmp_path / "out.pdf"
    build.page_text(src)
    case.write_text(FAKE_CASE)
    monkeypatch.setattr(pdf_writer, "read_page", read_again)
    done = api.redact_file(src, case, "father", out, ner=FakeNer())
    assert done.verification.clean and done.cuts
    assert MARK not in "".join(page.get_text() for page in pymupdf.open(out))
