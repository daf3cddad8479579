"""Reading DOCX: every place text lives is read, hostile packages are refused before parsing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import docxbuild as b
import pytest

from redactor.documents import docx as reader
from redactor.documents.ooxml_parts import kinds
from redactor.documents.ooxml_segments import build_segments, pictures_read
from redactor.documents.ooxml_zip import open_package
from redactor.errors import BadInput
from redactor.settings import Limits
from redactor.types import Document

LIMITS = Limits()


def read(data: bytes, limits: Limits = LIMITS) -> Document:
    return reader.read(Path("report.docx"), data, limits)


def places_with_secret(doc: Document) -> list[str]:
    return [s.place for s in doc.segments if any(b.pattern(v).search(s.text) for v in b.SECRETS)]


@pytest.mark.parametrize("case", [c for c in b.CORPUS if c.place], ids=lambda c: c.name)
def test_every_place_is_read(case: b.Case) -> None:
    """The value is found in the segment named for its place."""
    places = places_with_secret(read(case.build()))
    assert any(p.startswith(str(case.place)) for p in places), places


@pytest.mark.parametrize("case", [c for c in b.CORPUS if not c.place], ids=lambda c: c.name)
def test_unread_parts_are_problems(case: b.Case) -> None:
    doc = read(case.build())
    assert [p.code for p in doc.problems] == ["unknown-part"]
    assert not places_with_secret(doc)
    message = doc.problems[0].message
    assert not any(v in message for v in b.SECRETS) and "oleObject1" not in message


@pytest.mark.parametrize("case", b.CORPUS, ids=lambda c: c.name)
def test_pieces_map_back_to_the_xml(case: b.Case) -> None:
    """Every line's pieces hold exactly the line's characters (what makes cuts land right)."""
    path = Path("report.docx")
    pkg = open_package(path, case.build(), LIMITS)
    kind_map = kinds(pkg, path)
    for built in build_segments(pkg, kind_map, pictures_read(pkg, kind_map).by_name):
        for line in built.lines:
            for piece in line.pieces:
                shown = line.text[piece.start : piece.end]
                assert shown in (" ", "-") if piece.mark else shown == piece.value()


def test_place_names_never_carry_content() -> None:
    for case in b.CORPUS:
        for seg in read(case.build()).segments:
            assert not any(b.pattern(v).search(seg.place) for v in b.SECRETS), seg.place


def test_paragraphs_are_lines_and_tabs_are_spaces() -> None:
    document = docx.Document()
    document.add_paragraph("one\ttwo")
    document.add_paragraph("three")
    body = read(b.to_bytes(document)).segments[0]
    assert (body.place, body.text) == ("body", "one two\nthree")


def test_text_box_is_read_in_both_its_copies() -> None:
    body = read(b.text_box()).segments[0].text
    assert body.count(b.ADDRESS) == 2


def test_deleted_and_hidden_text_count_but_instructions_do_not() -> None:
    deleted = read(b.tracked_deletion()).segments[0].text
    assert "Moved from 41 Wharf Street to a new home." in deleted
    assert b.ADDRESS in read(b.hidden_text()).segments[0].text
    doc = read(b.hyperlink_field())
    assert "HYPERLINK" not in doc.segments[0].text and "email her" in doc.segments[0].text
    assert [s.place for s in doc.segments if "HYPERLINK" in s.text] == ["field codes"]


def test_headers_footers_of_every_kind_and_section() -> None:
    places = places_with_secret(read(b.headers_and_footers()))
    assert len([p for p in places if p.startswith("header (")]) == 3
    assert [p for p in places if p.startswith("footer (")] != []


def test_pages_estimated_from_words_not_a_stale_app_xml() -> None:
    document = docx.Document()
    for _ in range(40):
        document.add_paragraph("word " * 500)
    doc = read(b.to_bytes(document))
    assert doc.format == "docx" and doc.pages == 40 and len(doc.sha256) == 64


# --- hostile and damaged packages ------------------------------------------


def _zip_with(extra: dict[str, bytes], stored: bool = False) -> bytes:
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "a", method) as zf:
        for name, blob in b.entries(b.to_bytes(b.base())).items():
            zf.writestr(name, blob)
        for name, blob in extra.items():
            zf.writestr(name, blob)
    return out.getvalue()


def _document_xml(prolog: str, body_text: str) -> bytes:
    data = b.to_bytes(b.base())
    xml = b.entries(data)["word/document.xml"].decode()
    xml = xml.replace("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>", prolog, 1)
    xml = xml.replace(b.INTRO, body_text)
    return b.rebuild(data, {"word/document.xml": xml.encode()})


def _xxe(target: Path) -> bytes:
    return _document_xml(f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{target}">]>', "&x;")


def _laughs() -> bytes:
    ents = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {c} "&{p};&{p};&{p};&{p};">' for p, c in zip("abcde", "bcdef", strict=True)
    )
    return _document_xml(f'<?xml version="1.0"?><!DOCTYPE d [{ents}]>', "&f;")


def _utf16_dtd() -> bytes:
    data = _document_xml('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "y">]>', "&x;")
    xml = b.entries(data)["word/document.xml"].decode()
    return b.rebuild(data, {"word/document.xml": xml.encode("utf-16")})


def _duplicate() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, blob in b.entries(b.to_bytes(b.base())).items():
            zf.writestr(name, blob)
        with pytest.warns(UserWarning):
            zf.writestr("word/document.xml", b"<x/>")
    return out.getvalue()


def _corrupt_deflate() -> bytes:
    """The zip directory is intact; the main part's deflate stream is garbage."""
    data = bytearray(b.to_bytes(b.base()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for pos in range(start + 5, start + 25):
        data[pos] ^= 0xFF
    return bytes(data)


def _lying_size() -> bytes:
    """An entry whose headers declare 100 bytes over a 4 MB stream: read no further than declared."""
    raw = bytearray(_zip_with({"word/media/pad.bin": b"y" * (4 * 1024 * 1024)}))
    name = b"word/media/pad.bin"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = raw.find(signature)
        while pos >= 0:
            if raw[pos + name_at : pos + name_at + len(name)] == name:
                raw[pos + size_at : pos + size_at + 4] = (100).to_bytes(4, "little")
            pos = raw.find(signature, pos + 4)
    return bytes(raw)


BAD = [
    ("not a zip", lambda: b"PK\x03\x04 this is not a zip at all", "not a valid zip"),
    ("truncated zip", lambda: b.to_bytes(b.base())[:3000], "not a valid zip"),
    ("zip bomb", lambda: _zip_with({"word/media/big.bin": bytes(20 * 1024 * 1024)}), "zip bomb"),
    ("missing main part", lambda: b.rebuild(b.to_bytes(b.base()), {"word/document.xml": None}), "main part"),
    ("malformed XML", lambda: b.rebuild(b.to_bytes(b.base()), {"word/styles.xml": b"<w:styles"}), "well-formed"),
    ("billion laughs", _laughs, "DTD"),
    ("DTD in UTF-16", _utf16_dtd, "DTD"),
    ("duplicate entries", _duplicate, "duplicate"),
    ("corrupt deflate stream", _corrupt_deflate, "cannot be read"),
    ("lying declared size", _lying_size, "cannot be read"),
]


@pytest.mark.parametrize(("name", "build", "reason"), BAD, ids=[x[0] for x in BAD])
def test_bad_packages_are_refused(name: str, build: object, reason: str) -> None:
    with pytest.raises(BadInput) as err:
        read(build())  # type: ignore[operator]
    assert str(err.value).startswith("report.docx: ") and reason in str(err.value)


@pytest.mark.parametrize("target", ["secret", "/etc/hostname"])
def test_external_entities_are_refused_and_never_read(tmp_path: Path, target: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-FILE-CONTENT-7731")
    path = secret if target == "secret" else Path(target)
    with pytest.raises(BadInput, match="DTD") as err:
        read(_xxe(path))
    content = path.read_text().strip() if path.exists() else ""
    assert not content or content not in str(err.value)


def test_limits_on_entries_and_size() -> None:
    data = b.to_bytes(b.base())
    with pytest.raises(BadInput, match="entries"):
        read(data, Limits(max_zip_entries=5))
    big = _zip_with({"word/media/noise.bin": bytes(range(256)) * 8192}, stored=True)
    with pytest.raises(BadInput, match="MB unzipped"):
        read(big, Limits(max_unzipped_mb=1))
