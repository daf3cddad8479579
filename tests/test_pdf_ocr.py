"""Scanned PDF pages: read by OCR, redacted in the image's own pixels, verified by a second OCR.

The scans are made here: a text page rendered by PyMuPDF to a grey, speckled 200 dpi JPEG
and put back into a PDF as an image-only page (tests/scanbuild.py). OCR is slow on two
cores, so the tests share one scan and one redacted output.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
import scanbuild

from redactor import api
from redactor.documents.pdf_ocr import assemble
from redactor.errors import UnsafeOutput
from redactor.types import Decision, RedactResult

LINES = (
    "Child and Family Assessment",
    "Ms Mottram now lives at Flat 2, Ropewalk House,",
    "41 Wharf Street, Macclesfield, SK11 6QP.",
    "She can be reached on 07700 900461.",
    "The family support worker visited on Tuesday and the children were well.",
    "Contact the duty line on 0300 123 4567.",
)
REMOVED = ("Wharf Street", "Ropewalk House", "SK11 6QP", "07700 900461")
KEPT = ("Child and Family Assessment", "support worker", "Tuesday", "children", "0300 123 4567")


def test_words_become_lines_in_reading_order_with_a_box_per_character() -> None:
    raw = [("Flat", 90.0, (1, 1, 1), (0.0, 0.0, 40.0, 10.0)), ("2,", 95.0, (1, 1, 1), (50.0, 0.0, 60.0, 10.0)),
           ("SK11", 80.0, (1, 1, 2), (0.0, 20.0, 40.0, 30.0))]
    page = assemble(raw, pymupdf.Matrix(0.5, 0.5))
    assert page.text.text == "Flat 2,\nSK11"
    assert page.text.boxes[4] is None and page.text.boxes[7] is None
    assert page.text.boxes[0] == (0.0, 0.0, 5.0, 5.0)
    assert [page.text.text[w.start:w.end] for w in page.words] == ["Flat", "2,", "SK11"]
    assert page.confidence == pytest.approx((90 * 4 + 95 * 2 + 80 * 4) / 10)



@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scanbuild.scanned_pdf(tmp_path_factory.mktemp("scan") / "letter.pdf", LINES)


@pytest.fixture(scope="module")
def redacted(scan: Path, tmp_path_factory: pytest.TempPathFactory) -> RedactResult:
    from conftest import SPEC_CASE

    folder = tmp_path_factory.mktemp("out")
    case = folder / "case.yaml"
    case.write_text(SPEC_CASE, encoding="utf-8")
    return api.redact_file(scan, case, "father", folder / "letter-father.pdf")


def _ocr(path: Path) -> str:
    """Our own reading of an output: a 300 dpi render by MuPDF, Tesseract's default layout."""
    import pytesseract
    from PIL import Image

    with pymupdf.open(path) as doc:
        pix = doc[0].get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    return " ".join(pytesseract.image_to_string(Image.frombytes("L", (pix.width, pix.height), pix.samples)).split())


def _image(path: Path) -> pymupdf.Pixmap:
    with pymupdf.open(path) as doc:
        images = doc[0].get_images(full=True)
        assert len(images) == 1  # no copy of the original image is left beside the cleared one
        return pymupdf.Pixmap(doc, images[0][0])


@pytest.mark.slow
def test_check_finds_the_protected_detail_on_the_page_read_by_ocr(scan: Path, spec_case_path: Path) -> None:
    result = api.check_file(scan, spec_case_path, "father")
    found = {(f.kind, f.decision) for f in result.plan.findings if f.location.startswith("page 1 (OCR)")}
    assert ("ADDRESS", Decision.REDACT) in found and ("PHONE", Decision.REDACT) in found
    assert not [p for p in result.document.problems if p.place == "page 1"]
    assert result.verdict == "redact"


@pytest.mark.slow
def test_redacted_scan_no_longer_reads_the_detail_and_keeps_the_rest(redacted: RedactResult) -> None:
    assert redacted.verification.clean
    text = _ocr(redacted.output)
    assert [v for v in REMOVED if v.lower() in text.lower()] == []
    assert [k for k in KEPT if k not in text] == []
    with pymupdf.open(redacted.output) as doc:
        assert not any(v in doc[0].get_text() for v in REMOVED)  # no OCR text layer of removed words


@pytest.mark.slow
def test_the_image_pixels_under_the_detail_are_cleared(scan: Path, redacted: RedactResult) -> None:
    seen = api.read_safely(scan, api.settings().limits)
    ocr = next(s for s in seen.segments if s.place == "page 1 (OCR)").text
    start = ocr.index("07700")
    before, after = _image(scan), _image(redacted.output)
    with pymupdf.open(scan) as doc:
        from redactor.documents.pdf_ocr import ocr_page, words_touched

        word = words_touched(ocr_page(doc[0], api.settings().ocr), start, start + 5)[0]
    scale = before.width / scanbuild.A4[0]
    clip = pymupdf.IRect(*(round(v * scale) for v in word.box))
    assert _darkest(before, clip) < 100  # ink in the scan
    assert _darkest(after, clip) > 200  # paper in the output: the pixels themselves changed


def _darkest(pix: pymupdf.Pixmap, clip: pymupdf.IRect) -> int:
    grey = pymupdf.Pixmap(pymupdf.csGRAY, pix) if pix.n > 1 else pix
    return min(grey.pixel(x, y)[0] for x in range(clip.x0, clip.x1, 2) for y in range(clip.y0, clip.y1, 2))


@pytest.mark.slow
def test_a_blank_scanned_page_is_held_naming_the_page(tmp_path: Path, spec_case_path: Path) -> None:
    scan = scanbuild.image_pdf(tmp_path / "blank.pdf", [scanbuild.scan_image(LINES[:1]), scanbuild.blank_image()])
    result = api.check_file(scan, spec_case_path, "father")
    held = [(p.place, p.code) for p in result.document.problems]
    assert held in ([("page 2", "no-text-layer")], [("page 2", "ocr-low-confidence")])
    with pytest.raises(UnsafeOutput, match="page 2 has no text layer"):
        api.redact_file(scan, spec_case_path, "father", tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.slow
def test_a_page_read_with_low_confidence_is_held(scan: Path, spec_case_path: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    settings = tmp_path / "settings.yaml"
    settings.write_text("ocr: {min_confidence: 99.9}\n", encoding="utf-8")
    monkeypatch.setenv("REDACTOR_CONFIG", str(settings))
    result = api.check_file(scan, spec_case_path, "father")
    problem = next(p for p in result.document.problems if p.code == "ocr-low-confidence")
    assert problem.place == "page 1" and "too little confidence" in problem.message
    with pytest.raises(UnsafeOutput, match="page 1 has no text layer and OCR read it with too little confidence"):
        api.redact_file(scan, spec_case_path, "father", tmp_path / "out.pdf")


@pytest.mark.slow
def test_an_ocr_failure_holds_the_document(scan: Path, spec_case_path: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    result = api.check_file(scan, spec_case_path, "father")
    assert [(p.place, p.code) for p in result.document.problems] == [("page 1", "ocr-failed")]
    with pytest.raises(UnsafeOutput, match="Tesseract is not installed"):
        api.redact_file(scan, spec_case_path, "father", tmp_path / "out.pdf")


@pytest.mark.slow
def test_pixels_left_in_place_are_found_by_the_second_reading(scan: Path, spec_case_path: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from redactor.redact import pdf_page

    monkeypatch.setattr(pdf_page, "_clear_ocr", lambda page, targets: None)
    with pytest.raises(UnsafeOutput, match=r"in page 1 \(OCR\)"):
        api.redact_file(scan, spec_case_path, "father", tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.slow
def test_a_mixed_text_and_scanned_pdf_is_redacted_on_both_pages(tmp_path: Path, spec_case_path: Path) -> None:
    source = scanbuild.image_pdf(tmp_path / "mixed.pdf", [scanbuild.scan_image(LINES[2:5])])
    with pymupdf.open(source) as doc:
        page = doc.new_page(0, width=scanbuild.A4[0], height=scanbuild.A4[1])
        page.insert_text((60, 80), "Her school is Brookside Primary School; see the letter overleaf.", fontsize=11)
        doc.save(tmp_path / "both.pdf", garbage=4)
    done = api.redact_file(tmp_path / "both.pdf", spec_case_path, "father", tmp_path / "out.pdf")
    assert {c.segment for c in done.cuts} >= {0}  # the text page is cut as text
    with pymupdf.open(done.output) as doc:
        assert "Brookside" not in doc[0].get_text() and "overleaf" in doc[0].get_text()
        doc.select([1])
        doc.save(tmp_path / "scan-page.pdf")
    text = _ocr(tmp_path / "scan-page.pdf")
    assert "Wharf" not in text and "07700" not in text and "Tuesday" in text


def _searchable_scan(path: Path) -> Path:
    """A scan with a copier's invisible OCR layer that garbled the address and the phone number."""
    scanbuild.scanned_pdf(path.with_suffix(".image.pdf"), LINES)
    with pymupdf.open(path.with_suffix(".image.pdf")) as doc:
        page = doc[0]
        y = 80.0
        for line in ("Child and Family Assessment", "Ms Mottram now lives at Flat 2, Rcpewa1k H0use,",
                     "4l Wharl Streel, Macc1esfie1d, SKl1 6OP.", "She can be reached on O77OO 9OO46l."):
            page.insert_text((72, y), line, fontsize=11, render_mode=3)  # invisible, as a copier's layer is
            y += 16
        doc.save(path)
    return path


@pytest.mark.slow
def test_a_searchable_scan_is_read_by_its_pixels_not_only_its_invisible_layer(
        tmp_path: Path, spec_case_path: Path) -> None:  # fmt: skip
    scan = _searchable_scan(tmp_path / "searchable.pdf")
    result = api.check_file(scan, spec_case_path, "father")
    found = {(f.kind, f.decision) for f in result.plan.findings if f.location.startswith("page 1 (OCR)")}
    assert ("ADDRESS", Decision.REDACT) in found and ("PHONE", Decision.REDACT) in found
    out = api.redact_file(scan, spec_case_path, "father", tmp_path / "out.pdf")
    assert out.verification.clean
    text = _ocr(out.output)
    assert [v for v in REMOVED if v.lower() in text.lower()] == []
    assert "support worker" in text


@pytest.mark.slow
@pytest.mark.parametrize("tilt", [-3.0, 1.5])
def test_a_slightly_tilted_low_resolution_scan_is_read_and_redacted(tilt: float, tmp_path: Path,
                                                                    spec_case_path: Path) -> None:  # fmt: skip
    """A sheet fed crooked, scanned at 150 dpi: rendered at 300 dpi, Tesseract's own line finding
    follows the slope (no deskew of our own is needed for 1-3 degrees)."""
    scan = scanbuild.image_pdf(tmp_path / "tilted.pdf", [scanbuild.scan_image(LINES, dpi=150, tilt=tilt)])
    assert [v for v in REMOVED if v in _ocr(scan)] == list(REMOVED)  # all readable before
    done = api.redact_file(scan, spec_case_path, "father", tmp_path / "out.pdf")
    text = _ocr(done.output).lower()
    assert [v for v in REMOVED if v.lower() in text] == []
    assert [k for k in KEPT if k.lower() not in text] == []


@pytest.mark.slow
def test_the_redacted_scan_stays_searchable_by_its_kept_words_only(redacted: RedactResult) -> None:
    with pymupdf.open(redacted.output) as doc:
        layer = " ".join(doc[0].get_text().split())
        traces = doc[0].get_texttrace()
    kept = ("Child", "Family", "Assessment", "support", "worker", "Tuesday", "children", "0300")
    assert [k for k in kept if k not in layer] == []
    assert [v for v in ("Wharf", "Ropewalk", "SK11", "6QP", "07700", "900461") if v in layer] == []
    assert traces and all(t["type"] == 3 for t in traces)  # invisible (render mode 3): the scan is what shows
    assert any("invisible text layer" in note for note in redacted.notes)


@pytest.mark.slow
def test_a_layer_holding_a_removed_word_is_found_by_the_verifier(scan: Path, spec_case_path: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from redactor.redact import pdf_ocr_layer

    monkeypatch.setattr(pdf_ocr_layer, "kept_words", lambda ocr, cuts: list(ocr.words))  # every word, removed too
    with pytest.raises(UnsafeOutput, match="page 1"):
        api.redact_file(scan, spec_case_path, "father", tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()
