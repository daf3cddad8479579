"""The independent PDF re-reader: it finds text in every place, and names what must not be there."""

from __future__ import annotations

import ast
from pathlib import Path

import pdfbuild as build
import pymupdf
import pytest
from pdfbuild import MARK

import redactor.verify.pdf as verify
from redactor.errors import UnsafeOutput
from redactor.types import Decision, Finding, Residue


def clean_pdf(path: Path) -> None:
    """What a redacted output looks like: pages only, no metadata, written whole."""
    doc = build.new_pdf()
    doc.set_metadata({})
    doc.del_xml_metadata()
    doc.save(path, garbage=4, deflate=True)
    doc.close()


def places_with(path: Path, value: str = MARK) -> set[str]:
    return {place for place, text in verify.read_back(path) if value in text}


@pytest.mark.parametrize(("place", "expected"), [
    ("page text", {"page 1", "raw objects"}),
    ("render mode 3", {"page 1", "raw objects"}),
    ("white text", {"page 1", "raw objects"}),
    ("outside the page", {"page 1", "raw objects"}),
    ("metadata", {"raw objects", "metadata"}),
    ("xmp", {"raw objects", "metadata"}),
    ("annotation", {"raw objects"}),
    ("attachment", {"raw objects"}),
    ("javascript", {"raw objects"}),
    ("earlier revision", {"raw objects"}),
])
def test_read_back_finds_the_value_in_every_place(tmp_path: Path, place: str, expected: set[str]) -> None:
    path = tmp_path / "in.pdf"
    build.PLACES[place](path)
    assert expected <= places_with(path)


def test_read_back_decodes_compressed_streams_of_objects_and_of_old_revisions(tmp_path: Path) -> None:
    path = tmp_path / "in.pdf"
    build.save(build.new_pdf(), path, deflate=True)
    doc = pymupdf.open(path)
    doc[0].clean_contents()
    doc.update_stream(doc[0].get_contents()[0], b"BT /helv 11 Tf 72 700 Td (Nothing here) Tj ET")
    doc.saveIncr()
    doc.close()
    assert MARK not in build.pdfminer_text(path)
    assert "raw objects" in places_with(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "latin-1"])
def test_read_back_reads_attached_text_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "in.pdf"
    doc = build.new_pdf(("Dear Ms Smith,",))
    doc.embfile_add("notes", build.NOTES.encode(encoding))
    build.save(doc, path, deflate=True)
    assert "raw objects" in places_with(path)


def test_read_back_of_an_unreadable_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.7\nnot a pdf at all")
    with pytest.raises(UnsafeOutput, match="cannot be read back"):
        verify.read_back(path)


def test_a_clean_output_has_no_structure_residue(tmp_path: Path) -> None:
    path = tmp_path / "clean.pdf"
    clean_pdf(path)
    assert verify.structure(path) == []


@pytest.mark.parametrize(("place", "expected"), [
    ("metadata", Residue("metadata", "document info", "structure")),
    ("xmp", Residue("document", "metadata (XMP)", "structure")),
    ("annotation", Residue("page 1", "annotations", "structure")),
    ("form field", Residue("document", "form fields", "structure")),
    ("link", Residue("page 1", "annotations", "structure")),
    ("attachment", Residue("document", "embedded files", "structure")),
    ("bookmark", Residue("document", "bookmarks", "structure")),
    ("page labels", Residue("document", "page labels", "structure")),
    ("javascript", Residue("document", "javascript", "structure")),
    ("earlier revision", Residue("document", "earlier revisions", "structure")),
])
def test_structure_names_what_must_not_be_in_an_output(tmp_path: Path, place: str, expected: Residue) -> None:
    path = tmp_path / "in.pdf"
    build.PLACES[place](path)
    assert expected in verify.structure(path)


def test_structure_names_encryption(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    build.save(build.new_pdf(), path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    assert verify.structure(path) == [Residue("document", "encryption", "structure")]


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\ngarbage\n%%EOF", b"not a pdf"])
def test_an_unparseable_file_is_an_unreadable_residue(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    assert verify.structure(path) == [Residue("document", "unreadable", "unreadable")]


@pytest.mark.parametrize("module", ["pdf.py", "pdf_ocr.py"])
def test_the_reader_shares_nothing_with_the_redactor(module: str) -> None:
    tree = ast.parse((Path(verify.__file__).parent / module).read_text("utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {m for m in imported if m.split(".")[0] in ("pymupdf", "fitz")}
    # Settings only for the OCR reading's own resolution, mode and time limit.
    allowed = {"redactor.errors", "redactor.types", "redactor.settings", "redactor.verify.pdf_ocr"}
    assert {m for m in imported if m.startswith("redactor")} <= allowed


def stream_order_pdf(path: Path, lines: list[tuple[float, str]]) -> None:
    """Lines written in the order given (the content stream's order) at the heights given."""
    doc = pymupdf.open()
    page = doc.new_page()
    for y, text in lines:
        page.insert_text((72, y), text, fontsize=11)
    build.save(doc, path)


def detector_residues(path: Path, spec_case, kept: tuple[Finding, ...] = ()) -> list[Residue]:  # type: ignore[no-untyped-def]
    from redactor.ruleset import load_rules
    from redactor.types import Assessment, Plan
    from redactor.verify import verify as verify_output

    plan = Plan("CS-2024-0317", "father", Assessment(True, ("test",), ("mother",)), kept)
    found = verify_output(path, "pdf", plan, spec_case, load_rules())
    return [r for r in found.residues if r.how == "detector"]


def test_lines_the_stream_puts_together_but_the_page_shows_apart_are_no_residue(tmp_path: Path, spec_case) -> None:  # type: ignore[no-untyped-def]
    """A form's label "radio button 3" drawn low on the page, then a heading at the top: pypdf's
    stream order joins them into "3\\nThick green ...", a numbered street; the page does not."""
    path = tmp_path / "form.pdf"
    stream_order_pdf(path, [(500, "radio button 3"), (100, "Thick Green Lane surrounds the page.")])
    assert "radio button 3\nThick Green" in verify.read_back(path)[0][1]
    assert verify.in_page_order(path)["page 1"].splitlines()[0].startswith("Thick Green")
    assert detector_residues(path, spec_case) == []


def test_an_address_over_two_lines_in_page_order_is_still_a_residue(tmp_path: Path, spec_case) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "letter.pdf"
    stream_order_pdf(path, [(100, "radio button 3"), (114, "Thick Green Lane surrounds the page.")])
    assert [r.kind for r in detector_residues(path, spec_case)] == ["ADDRESS"]


def kept_place(text: str, place: str = "page 1") -> Finding:
    return Finding("LOCATION", text, 0, 0, len(text), "ner", "ner/location", 0.85, "test",
                   location=f"{place}, line 2", decision=Decision.KEEP, reason="location.keep")


@pytest.mark.parametrize(("kept", "residues"), [
    ((), ["WORKPLACE"]),  # nothing the check decided: the verifier's finding stands
    ((kept_place("the United States"),), []),  # the check read this text here and kept it
    ((kept_place("the United States", place="page 2"),), ["WORKPLACE"]),  # kept elsewhere only
])
def test_text_the_check_kept_at_that_place_is_no_residue(tmp_path: Path, spec_case, kept, residues) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "guide.pdf"
    stream_order_pdf(path, [(100, "Each new employee must be eligible to work in the United States.")])
    assert [r.kind for r in detector_residues(path, spec_case, kept)] == residues


def test_the_output_is_read_and_parsed_once_for_every_reading(tmp_path: Path, spec_case,  # type: ignore[no-untyped-def]
                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The text, the objects, the structure and the page order (asked for here: a finding joins two
    lines) all read the one parse of the output that the verifier opened."""
    path = tmp_path / "form.pdf"
    stream_order_pdf(path, [(500, "radio button 3"), (100, "Thick Green Lane surrounds the page.")])
    parsed, ordered = [], []
    real_reader, real_order = verify.PdfReader, verify._in_page_order

    def counting_reader(*args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(1)
        return real_reader(*args, **kwargs)

    def counting_order(*args, **kwargs):  # type: ignore[no-untyped-def]
        ordered.append(1)
        return real_order(*args, **kwargs)

    monkeypatch.setattr(verify, "PdfReader", counting_reader)
    monkeypatch.setattr(verify, "_in_page_order", counting_order)
    assert detector_residues(path, spec_case) == []
    assert (len(parsed), len(ordered)) == (1, 1)
