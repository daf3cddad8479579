"""Opening the PDFs that viewers open: skipped object numbers, owner passwords, a banner before
the header, a cross-reference table rebuilt from a sound body; truly damaged files refused."""

from __future__ import annotations

import io
from pathlib import Path

import pdfbuild as build
import pymupdf
import pytest
from pdfbuild import SECRET
from pypdf import PdfReader

from redactor.documents import pdf as reader
from redactor.documents import read_document
from redactor.errors import BadInput
from redactor.redact import pdf as writer
from redactor.settings import Limits
from redactor.types import Cut, Document


def read(path: Path) -> Document:
    return reader.read(path, path.read_bytes(), Limits())


def codes(doc: Document) -> set[str]:
    return {p.code for p in doc.problems}


def places_with(doc: Document, value: str = SECRET) -> list[str]:
    return [s.place for s in doc.segments if value in s.text]


def cut_secret(doc: Document) -> list[Cut]:
    text = doc.segments[0].text
    start = text.index(SECRET)
    return [Cut(0, start, start + len(SECRET), "address withheld")]


def write(doc: Document, out: Path) -> tuple[str, ...]:
    return writer.write(doc, cut_secret(doc), out, Limits())


# --- object numbers the table skips ----------------------------------------------------------


@pytest.mark.parametrize("sections", [
    None,  # number 7 and 8 are free entries in one section: objects 1-6 and 9 are used
    [(0, 7), (9, 1)],  # numbers 7 and 8 are in no section at all
], ids=["free entries", "a gap between sections"])
def test_a_table_that_skips_numbers_is_read_whole(tmp_path: Path, sections: list[tuple[int, int]] | None) -> None:
    objects = build.form_objects() | {9: "<< /Producer (a council's printer) >>"}
    path = tmp_path / "skips.pdf"
    path.write_bytes(build.handmade(objects, sections=sections))
    assert pymupdf.open(path).xref_length() == 10  # MuPDF sees numbers 7 and 8, with no object behind
    doc = read(path)
    assert places_with(doc) == ["page 1", "form fields"]
    assert "rebuilt-xref" not in codes(doc)


def test_a_table_that_skips_numbers_is_redacted(tmp_path: Path) -> None:
    path, out = tmp_path / "skips.pdf", tmp_path / "out.pdf"
    path.write_bytes(build.handmade(build.form_objects() | {9: "<< >>"}, sections=[(0, 7), (9, 1)]))
    write(read(path), out)
    assert build.MARK not in build.raw_text(out)
    assert "Please call at" in build.raw_text(out)


# --- owner passwords -------------------------------------------------------------------------


def owner_locked(path: Path) -> None:
    build.save(build.new_pdf(), path, encryption=pymupdf.PDF_ENCRYPT_AES_128, owner_pw="owner", permissions=0)


def test_an_owner_password_alone_is_opened_and_named(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    owner_locked(path)
    doc = read(path)
    assert places_with(doc) == ["page 1"]
    owner = [p for p in doc.problems if p.code == "owner-password"]
    assert len(owner) == 1 and "without the restriction" in owner[0].message


def test_the_output_of_an_owner_locked_pdf_carries_no_restriction(tmp_path: Path) -> None:
    path, out = tmp_path / "locked.pdf", tmp_path / "out.pdf"
    owner_locked(path)
    write(read(path), out)
    assert not PdfReader(io.BytesIO(out.read_bytes())).is_encrypted
    assert pymupdf.open(out).metadata["encryption"] is None
    assert build.MARK not in build.raw_text(out)


def test_a_password_to_open_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    build.save(build.new_pdf(), path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    with pytest.raises(BadInput, match=r"^locked.pdf: encrypted PDF: remove the password first$"):
        read(path)


# --- a banner before the header ----------------------------------------------------------------

BANNER = b"GPL Ghostscript 10.02.0 (2023-09-13)\nCopyright (C) 2023 Artifex Software, Inc.\n"


def test_a_header_after_a_banner_is_read_from_the_header(tmp_path: Path) -> None:
    good, path, out = tmp_path / "good.pdf", tmp_path / "banner.pdf", tmp_path / "out.pdf"
    build.save(build.new_pdf(), good)
    path.write_bytes(BANNER * 4 + good.read_bytes())  # offsets count from the header, as viewers read them
    doc = read_document(path)
    assert places_with(doc) == ["page 1"]
    assert "rebuilt-xref" not in codes(doc)  # the offsets were right from the header: nothing rebuilt
    write(doc, out)
    assert out.read_bytes().startswith(b"%PDF-") and build.MARK not in build.raw_text(out)


def test_a_header_past_the_first_1024_bytes_is_not_a_pdf(tmp_path: Path) -> None:
    good, path = tmp_path / "good.pdf", tmp_path / "late.pdf"
    build.save(build.new_pdf(), good)
    path.write_bytes(b"x" * 1024 + good.read_bytes())
    with pytest.raises(BadInput, match=r"^late.pdf: not a PDF"):
        read_document(path)


# --- a table rebuilt from the body -------------------------------------------------------------


def wrong_startxref(data: bytes) -> bytes:
    head, _, _ = data.rpartition(b"startxref")
    return head + b"startxref\n9\n%%EOF\n"


def test_a_wrong_table_offset_is_rebuilt_read_and_named(tmp_path: Path) -> None:
    path, out = tmp_path / "offsets.pdf", tmp_path / "out.pdf"
    path.write_bytes(wrong_startxref(build.handmade(build.form_objects())))
    assert pymupdf.open(path).is_repaired
    doc = read(path)
    assert places_with(doc) == ["page 1", "form fields"]
    assert "rebuilt-xref" in codes(doc)
    write(doc, out)
    assert not pymupdf.open(out).is_repaired and build.MARK not in build.raw_text(out)


def test_a_table_offset_a_few_bytes_late_is_rebuilt(tmp_path: Path) -> None:
    """A writer that counted two bytes too many (qpdf reads the file; MuPDF rebuilds the table)."""
    data = build.handmade(build.form_objects())
    head, _, tail = data.rpartition(b"startxref\n")
    offset = int(tail.split()[0])
    path = tmp_path / "late.pdf"
    path.write_bytes(head + f"startxref\n{offset + 2}\n%%EOF\n".encode())
    doc = read(path)
    assert "rebuilt-xref" in codes(doc) and places_with(doc) == ["page 1", "form fields"]


def two_revisions(path: Path) -> None:
    build.save(build.new_pdf(), path)
    doc = pymupdf.open(path)
    doc[0].insert_text((72, 300), "A later line.", fontsize=11)
    doc.saveIncr()
    doc.close()


@pytest.mark.parametrize(("damage", "why"), [
    (lambda data: data[:-40], "the end of the file is missing"),
    (lambda data: data[: len(data) // 2], "half of the file is missing"),
    (lambda data: wrong_startxref(build.handmade(build.form_objects(contents=9))).replace(b"9 0 obj", b"9 0 xxx"),
     "the page names a content stream the body lacks"),
], ids=["truncated end", "truncated half", "dangling reference"])
def test_a_rebuild_that_would_guess_is_refused(tmp_path: Path, damage: object, why: str) -> None:
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(build.handmade(build.form_objects()))
    bad.write_bytes(damage(good.read_bytes()))  # type: ignore[operator]
    with pytest.raises(BadInput, match=r"^bad.pdf: damaged PDF"):
        read(bad)


def test_a_rebuild_over_two_revisions_is_refused(tmp_path: Path) -> None:
    """Each revision defines the page again: a scan cannot tell which copy the file meant."""
    path = tmp_path / "revised.pdf"
    two_revisions(path)
    path.write_bytes(wrong_startxref(path.read_bytes()))
    with pytest.raises(BadInput, match=r"^revised.pdf: damaged PDF \(the parser had to repair it\)"):
        read(path)
