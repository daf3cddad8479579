"""The independent DOCX re-reader: sees every place, flags what must be gone, shares nothing."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import docxbuild as b
import pytest

from redactor.types import Residue
from redactor.verify import docx as verify
from redactor.verify import docx_pictures as verify_pictures


def save(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "doc.docx"
    path.write_bytes(data)
    return path


def places_with(path: Path, value: str) -> list[str]:
    found = b.pattern(value)
    return [place for place, text in verify.read_back(path) if found.search(text)]


@pytest.mark.parametrize("case", b.CORPUS, ids=lambda c: c.name)
def test_every_place_of_the_corpus_is_seen(tmp_path: Path, case: b.Case) -> None:
    """The re-reader finds the value in every original, whichever place holds it."""
    path = save(tmp_path, case.build())
    assert any(places_with(path, value) for value in b.SECRETS)


def test_an_unreadable_file_is_flagged() -> None:
    path = Path(__file__)  # not a zip: nothing read, and structure says unreadable
    assert verify.read_back(path) == []
    assert verify.structure(path) == [Residue("package", "unreadable", "unreadable")]


def test_split_runs_comments_and_cdata_are_joined_in_the_raw_view(tmp_path: Path) -> None:
    path = save(tmp_path, b.body_split_runs())
    assert "raw word/document.xml" in places_with(path, b.ADDRESS)
    assert "word/document.xml" in places_with(path, b.ADDRESS)  # the paragraph view
    cdata = b.rebuild(
        b.to_bytes(b.base()), {"word/extra.xml": f"<x><![CDATA[{b.POSTCODE}]]><!-- {b.EMAIL} --></x>".encode()}
    )
    path = save(tmp_path, cdata)
    assert places_with(path, b.POSTCODE) and places_with(path, b.EMAIL)


def test_attributes_and_utf16_binaries_are_read(tmp_path: Path) -> None:
    path = save(tmp_path, b.picture())
    assert "word/document.xml attributes" in places_with(path, b.ADDRESS)
    emf = b"\x01\x00\x00\x00" + f"EMF {b.ADDRESS}".encode("utf-16-le")
    path = save(tmp_path, b.rebuild(b.to_bytes(b.base()), {"word/media/image9.emf": emf}))
    assert places_with(path, b.ADDRESS) == ["raw word/media/image9.emf utf-16"]


FLAGS = [
    (b.tracked_deletion, "tracked changes"),
    (b.tracked_insertion, "tracked changes"),
    (b.tracked_move, "tracked changes"),
    (b.style_revision, "tracked changes"),
    (b.hidden_text, "hidden text"),
    (b.comment, "comments"),
    (b.custom_xml, "custom xml"),
    (b.custom_properties, "custom properties"),
    (b.glossary, "glossary"),
    (b.document_variables, "document variables"),
    (b.core_properties, "properties:core"),
    (b.macros, "macros"),
    (b.embedded_object, "embedded object"),
]


@pytest.mark.parametrize(("build", "kind"), FLAGS, ids=[f[1] + ":" + f[0].__name__ for f in FLAGS])
def test_structure_flags_what_must_be_gone(tmp_path: Path, build: object, kind: str) -> None:
    residues = verify.structure(save(tmp_path, build()))  # type: ignore[operator]
    assert kind in {r.kind for r in residues}
    assert all(r.how == "structure" and not any(v in r.place for v in b.SECRETS) for r in residues)


def test_a_part_with_a_dtd_is_unreadable(tmp_path: Path) -> None:
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "v">]><x>&e;</x>'
    path = save(tmp_path, b.rebuild(b.to_bytes(b.base()), {"word/odd.xml": dtd}))
    assert Residue("word/odd.xml", "unreadable", "unreadable") in verify.structure(path)


def _imports(module: object) -> set[str]:
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    return {m for m in imported if m} | {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}


@pytest.mark.parametrize("module", [verify, verify_pictures])
def test_shares_nothing_with_the_reader_or_the_redactor(module: object) -> None:
    imported = _imports(module)
    ours = {m for m in imported if m.startswith("redactor")}
    assert ours <= {"redactor.types", "redactor.settings", "redactor.verify.docx_pictures"}
    assert "lxml" not in imported and "docx" not in imported and "pymupdf" not in imported


def _emf(*records: bytes) -> bytes:
    """A minimal EMF: a header record (" EMF" at byte 40), the given records, an end record."""
    import struct

    header = struct.pack("<II", 1, 88) + bytes(32) + b" EMF" + bytes(44)
    return header + b"".join(records) + struct.pack("<II", 14, 20) + bytes(12)


def _emf_plus_comment(*plus: bytes) -> bytes:
    import struct

    body = b"EMF+" + b"".join(plus)
    return struct.pack("<III", 70, 12 + len(body), len(body)) + body


def _plus_record(kind: int, flags: int, payload: bytes = b"") -> bytes:
    import struct

    return struct.pack("<HHII", kind, flags, 12 + len(payload), len(payload)) + payload


def test_an_emf_plus_drawing_without_an_image_is_read_as_the_reader_reads_it() -> None:
    """pandoc's image_vml_as_object.docx: EMF+ records of lines and text beside their EMF twin are no
    image; the verifier refusing them was a refusal of our own output."""
    from redactor.settings import Ocr
    from redactor.verify.docx_pictures import read_picture

    drawing = _emf(_emf_plus_comment(_plus_record(0x4001, 1, bytes(16)), _plus_record(0x4008, 1 << 8, bytes(300))))
    assert read_picture(drawing, Ocr()) is None  # no bitmap inside, nothing for OCR to read
    image = _emf(_emf_plus_comment(_plus_record(0x4008, 5 << 8, bytes(300))))
    with pytest.raises(ValueError, match="EMF\\+ image"):
        read_picture(image, Ocr())
