"""Pictures inside a Word report (a scanned letter pasted in): read by OCR, cleared in the
pixels, held when they cannot be read, and read again by the verifier.

The pictures are made here (tests/scanbuild.py): a text page rendered by PyMuPDF to a grey,
speckled 200 dpi JPEG or PNG, cut to its lines, put into a DOCX by python-docx. Our own
reading of an output (`_our_ocr`) opens every picture of the zip with Pillow and reads it
with Tesseract's default layout at 1.5x: neither the reader's nor the verifier's settings.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import scanbuild
from docx import Document as NewDocx

from redactor import api
from redactor.documents.ooxml_pictures import PictureRead, open_raster, read_picture, text_free
from redactor.documents.pdf_ocr import OcrPage, OcrWord
from redactor.documents.pdf_text import PageText
from redactor.errors import UnsafeOutput
from redactor.redact.docx_pictures import cleared, ensure_readable, word_boxes
from redactor.settings import Ocr
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
PICTURE = "word/media/image1.jpg"


def _docx(path: Path, *pictures: bytes) -> Path:
    document = NewDocx()
    document.add_paragraph("The letter from the housing office is copied below.")
    for picture in pictures:
        document.add_picture(io.BytesIO(picture))
    document.add_paragraph("End of the report.")
    document.save(str(path))
    return path


def _pictures(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {i.filename: package.read(i) for i in package.infolist() if "/media/" in f"/{i.filename}"}


def _our_ocr(data: bytes) -> str:
    import pytesseract
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("L")
    image = image.resize((image.width * 3 // 2, image.height * 3 // 2))
    return " ".join(pytesseract.image_to_string(image, config="--psm 3").split())


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _docx(tmp_path_factory.mktemp("pictures") / "report.docx", scanbuild.scan_picture(LINES))


@pytest.fixture(scope="module")
def redacted(report: Path, tmp_path_factory: pytest.TempPathFactory) -> RedactResult:
    from conftest import SPEC_CASE

    folder = tmp_path_factory.mktemp("out")
    case = folder / "case.yaml"
    case.write_text(SPEC_CASE, encoding="utf-8")
    return api.redact_file(report, case, "father", folder / "report-father.docx")


@pytest.mark.slow
def test_the_words_in_a_pasted_scan_are_checked_as_a_place_of_their_own(report: Path, spec_case_path: Path) -> None:
    result = api.check_file(report, spec_case_path, "father")
    place = f"picture text ({PICTURE})"
    found = {(f.kind, f.decision) for f in result.plan.findings if f.location.startswith(place)}
    assert ("ADDRESS", Decision.REDACT) in found and ("PHONE", Decision.REDACT) in found
    assert ("PHONE", Decision.KEEP) in found  # the duty line stays
    assert result.document.problems == ()
    assert _our_ocr(_pictures(report)[PICTURE]).count("Wharf Street") == 1  # our reading sees it before


@pytest.mark.slow
def test_our_own_ocr_of_every_picture_reads_no_removed_detail_and_the_kept_words(redacted: RedactResult) -> None:
    assert redacted.verification.clean
    pictures = _pictures(redacted.output)
    assert list(pictures) == [PICTURE]  # the one picture, no copy of the original beside it
    text = _our_ocr(pictures[PICTURE])
    assert [v for v in REMOVED if v.lower() in text.lower()] == []
    assert [k for k in KEPT if k not in text] == []
    assert any("words cleared in the pixels (1)" in note for note in redacted.notes)


@pytest.mark.slow
def test_the_picture_is_encoded_again_from_its_pixels(report: Path, redacted: RedactResult) -> None:
    from PIL import Image

    before, after = _pictures(report)[PICTURE], _pictures(redacted.output)[PICTURE]
    assert before != after and after.startswith(b"\xff\xd8")
    image = Image.open(io.BytesIO(after))
    assert image.format == "JPEG" and image.size == Image.open(io.BytesIO(before)).size
    assert not {"exif", "icc_profile", "comment", "xmp"} & set(image.info)
    with zipfile.ZipFile(redacted.output) as package:
        assert not any(before in package.read(i) for i in package.infolist())


@pytest.mark.slow
def test_a_picture_left_as_it_was_is_found_by_the_verifier(report: Path, spec_case_path: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from redactor.redact import docx_pictures

    monkeypatch.setattr(docx_pictures, "cleared", lambda data, boxes: data)
    with pytest.raises(UnsafeOutput, match=r"picture text \(word/media/image1\.jpg\)"):
        api.redact_file(report, spec_case_path, "father", tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.slow
def test_a_png_scan_is_cleared_and_stays_a_png(tmp_path: Path, spec_case_path: Path) -> None:
    source = _docx(tmp_path / "png.docx", scanbuild.scan_picture(LINES[2:5], kind="png"))
    done = api.redact_file(source, spec_case_path, "father", tmp_path / "out.docx")
    (name, data), = _pictures(done.output).items()
    assert data.startswith(b"\x89PNG") and b"tEXt" not in data
    text = _our_ocr(data)
    assert "Wharf" not in text and "07700" not in text and "Tuesday" in text


@pytest.mark.slow
def test_a_picture_ocr_cannot_trust_holds_the_document_naming_it(tmp_path: Path, spec_case_path: Path) -> None:
    source = _docx(tmp_path / "smudged.docx", scanbuild.scan_picture(LINES[:1]), scanbuild.smudged_picture(LINES))
    result = api.check_file(source, spec_case_path, "father")
    assert [(p.place, p.code) for p in result.document.problems] == [
        ("picture text (word/media/image2.png)", "picture-unreadable")]
    with pytest.raises(UnsafeOutput, match=r"^picture text \(word/media/image2\.png\): OCR read"):
        api.redact_file(source, spec_case_path, "father", tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.slow
def test_a_picture_in_which_ocr_reads_no_letters_is_text_free() -> None:
    """A photo's specks: fewer than four letters and digits read spell no detail (the verifier
    reads the picture again all the same)."""
    read = read_picture("word/media/photo.png", scanbuild.noise_picture(), Ocr())
    assert read.held == "" and read.ocr is not None and sum(c.isalnum() for c in read.ocr.text.text) < 4


@pytest.mark.slow
def test_a_low_confidence_setting_holds_a_clear_picture(report: Path, spec_case_path: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    settings = tmp_path / "settings.yaml"
    settings.write_text("ocr: {min_confidence: 99.9}\n", encoding="utf-8")
    monkeypatch.setenv("REDACTOR_CONFIG", str(settings))
    with pytest.raises(UnsafeOutput, match=r"image1\.jpg\): OCR read it with too little confidence"):
        api.redact_file(report, spec_case_path, "father", tmp_path / "out.docx")


def test_a_picture_that_does_not_decode_holds_the_document(tmp_path: Path, spec_case_path: Path) -> None:
    import docxbuild as b

    good = _docx(tmp_path / "in.docx", b.png()).read_bytes()
    broken = b.rebuild(good, {"word/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40})
    (tmp_path / "broken.docx").write_bytes(broken)
    with pytest.raises(UnsafeOutput, match=r"^picture text \(word/media/image1\.png\): is not a picture OCR can read"):
        api.redact_file(tmp_path / "broken.docx", spec_case_path, "father", tmp_path / "out.docx")


@pytest.mark.parametrize(("width", "height", "free"), [(1, 1, True), (31, 31, True), (400, 7, True),
                                                       (32, 32, False), (600, 40, False)])
def test_only_a_picture_too_small_for_a_word_is_text_free(width: int, height: int, free: bool) -> None:
    assert text_free(width, height) is free


def test_a_tiny_picture_is_passed_unread_and_garbage_is_held() -> None:
    import docxbuild as b

    assert read_picture("word/media/a.png", b.png(), Ocr()) == PictureRead("word/media/a.png", "PNG", None)
    held = read_picture("word/media/b.gif", b"GIF89a" + b"\x00" * 20, Ocr())
    assert held.ocr is None and held.held == "picture text (word/media/b.gif): is not a picture OCR can read; " \
        "the document is held"


def _emf_with_bitmap(picture: bytes) -> bytes:
    """An EMF of one string and one StretchDIBits record drawing `picture` (a BMP's DIB)."""
    import struct

    from test_docx_metafile import emf

    offset = struct.unpack_from("<I", picture, 10)[0]
    info, bits = picture[14:offset], picture[offset:]
    fields = struct.pack("<6i", 0, 0, 0, 0, 1, 1) + struct.pack("<4I", 80, len(info), 80 + len(info), len(bits))
    body = b"\x00" * 16 + fields + b"\x00" * 16 + info + bits
    record = struct.pack("<II", 81, 8 + len(body)) + body
    plain = emf("Genogram")
    return plain[:-20] + record + plain[-20:]  # before the EOF record


def _bmp(image: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format="BMP")  # type: ignore[attr-defined]
    return out.getvalue()


@pytest.mark.slow
def test_a_metafile_holding_a_bitmap_with_text_is_held_and_an_icon_is_not() -> None:
    from PIL import Image
    from test_docx_metafile import emf

    from redactor.verify.docx_pictures import read_picture as verifier_reads

    scan = Image.open(io.BytesIO(scanbuild.scan_picture(LINES[2:4], kind="png")))
    with_text = _emf_with_bitmap(_bmp(scan))
    icon = _emf_with_bitmap(_bmp(Image.new("RGB", (63, 55), (40, 90, 200))))
    assert read_picture("word/media/g.emf", emf("Genogram"), Ocr()).held == ""
    assert read_picture("word/media/i.emf", icon, Ocr()).held == ""
    held = read_picture("word/media/s.emf", with_text, Ocr()).held
    assert held == ("picture text (word/media/s.emf): is a metafile holding a bitmap with text in it, which cannot "
                    "be cleared there; the document is held")
    assert "07700 900461" in (verifier_reads(with_text, Ocr()) or "")  # the verifier reads inside it too
    truncated = with_text[:-200]
    assert "metafile holding a bitmap" in read_picture("word/media/t.emf", truncated, Ocr()).held


def test_cleared_paints_the_boxes_white_and_keeps_no_metadata() -> None:
    from PIL import Image

    source = Image.new("RGB", (100, 40), "black")
    exif = Image.Exif()
    exif[0x010E] = "41 Wharf Street"  # ImageDescription
    out = io.BytesIO()
    source.save(out, format="JPEG", exif=exif.tobytes(), comment=b"Ropewalk House")
    data = cleared(out.getvalue(), [(10.0, 10.0, 30.0, 30.0)])
    image = open_raster(data)
    assert image.convert("L").getpixel((20, 20)) > 250 and image.convert("L").getpixel((60, 20)) < 5
    assert b"Wharf" not in data and b"Ropewalk" not in data and "exif" not in image.info


def test_a_cut_touching_a_word_clears_the_whole_word_padded() -> None:
    words = (OcrWord(0, 5, (10.0, 10.0, 60.0, 30.0), 90.0), OcrWord(6, 12, (70.0, 10.0, 130.0, 30.0), 90.0))
    read = PictureRead("word/media/x.png", "PNG", OcrPage(PageText("07700 900461", ()), words, 90.0))
    assert word_boxes(read, [(2, 3, "phone")]) == [(6.0, 6.0, 64.0, 34.0)]
    assert word_boxes(read, []) == []
    with pytest.raises(UnsafeOutput, match="does not have"):
        word_boxes(PictureRead("word/media/x.png", "PNG", None), [(0, 1, "phone")])


def test_any_held_picture_stops_the_writer() -> None:
    ensure_readable({"a": PictureRead("a", "PNG", None)})
    with pytest.raises(UnsafeOutput, match="^why$"):
        ensure_readable({"a": PictureRead("a", "PNG", None), "b": PictureRead("b", "", None, "why")})


@pytest.mark.slow
def test_a_tilted_scan_pasted_as_a_picture_is_cleared(tmp_path: Path, spec_case_path: Path) -> None:
    from PIL import Image

    straight = Image.open(io.BytesIO(scanbuild.scan_picture(LINES)))
    tilted = io.BytesIO()
    straight.rotate(2.5, resample=Image.Resampling.BICUBIC, fillcolor=255).save(tilted, format="JPEG", quality=85)
    source = _docx(tmp_path / "tilted.docx", tilted.getvalue())
    assert [v for v in REMOVED if v in _our_ocr(_pictures(source)[PICTURE])] == list(REMOVED)
    done = api.redact_file(source, spec_case_path, "father", tmp_path / "out.docx")
    text = _our_ocr(_pictures(done.output)[PICTURE]).lower()
    assert [v for v in REMOVED if v.lower() in text] == []
    assert [k for k in KEPT if k.lower() not in text] == []


@pytest.mark.slow
def test_the_writer_clears_the_pictures_the_reader_read_without_reading_them_again(
    report: Path, spec_case_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's OCR of each picture reaches the writer in the page pass, not a module global."""
    from redactor.documents import ooxml_pictures

    calls: list[str] = []
    real = ooxml_pictures.read_picture

    def counted(name: str, data: bytes, settings: Ocr) -> PictureRead:
        calls.append(name)
        return real(name, data, settings)

    monkeypatch.setattr(ooxml_pictures, "read_picture", counted)
    done = api.redact_file(report, spec_case_path, "father", tmp_path / "out.docx")
    assert done.verification.clean
    assert calls == ["word/media/image1.jpg"]  # read once, by the reader; the verifier reads on its own
