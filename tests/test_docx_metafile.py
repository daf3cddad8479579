"""Text drawn by metafile pictures (EMF, EMF+, WMF): read as a place of its own, and a
string a cut touches is blanked inside the picture while the rest of it is kept."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import docxbuild as b
import pytest

from redactor import api
from redactor.documents.ooxml_metafile import blanked, drawn_strings

CASE = Path(__file__).parent / "data" / "spec_case.yaml"
KEEP = "Genogram of the family"


def _record(kind: int, body: bytes) -> bytes:
    body += b"\0" * (-len(body) % 4)
    return struct.pack("<II", kind, 8 + len(body)) + body


def _text_out(text: str) -> bytes:
    # bounds, graphics mode, scales; EmrText: reference, chars, offString, options, rectangle, offDx
    chars = text.encode("utf-16-le")
    head = b"\0" * 16 + struct.pack("<Iff", 1, 1.0, 1.0)
    emr_text = struct.pack("<iiIII", 0, 0, len(text), 76, 0) + b"\0" * 16 + struct.pack("<I", 0)
    return _record(84, head + emr_text + chars)


def _draw_string(text: str) -> bytes:
    chars = text.encode("utf-16-le")
    plus = struct.pack("<HHII", 0x401C, 0, 40 + len(chars), 28 + len(chars))
    plus += struct.pack("<III", 0, 0, len(text)) + b"\0" * 16 + chars
    return _record(70, struct.pack("<I", 4 + len(plus)) + b"EMF+" + plus)


def emf(*texts: str, plus: str | None = None) -> bytes:
    body = b"".join(_text_out(t) for t in texts) + (_draw_string(plus) if plus else b"") + _record(14, b"\0" * 12)
    header = b"\0" * 32 + b" EMF" + struct.pack("<II", 0x10000, 0) + b"\0" * 40
    return _record(1, header) + body


def wmf(*texts: str) -> bytes:
    records = b""
    for text in texts:
        raw = text.encode("cp1252") + b"\0" * (len(text) % 2)
        params = struct.pack("<H", len(text)) + raw + struct.pack("<hh", 10, 10)
        records += struct.pack("<IH", (6 + len(params)) // 2, 0x0521) + params
    records += struct.pack("<IH", 3, 0)
    return struct.pack("<HHHIHIH", 1, 9, 0x300, 0, 0, 0, 0) + records


def test_every_string_is_read_in_order() -> None:
    data = emf(KEEP, b.ADDRESS, plus="Claire Mottram")
    assert [s.text(data) for s in drawn_strings(data)] == [KEEP, b.ADDRESS, "Claire Mottram"]
    assert [s.text(wmf(KEEP, b.ADDRESS)) for s in drawn_strings(wmf(KEEP, b.ADDRESS))] == [KEEP, b.ADDRESS]


def test_blanking_removes_the_string_and_keeps_the_rest() -> None:
    data = emf(KEEP, b.ADDRESS, plus=b.ADDRESS)
    strings = drawn_strings(data)
    out = blanked(data, [strings[1], strings[2]])
    assert len(out) == len(data)
    assert b.ADDRESS.encode("utf-16-le") not in out
    assert [s.text(out) for s in drawn_strings(out)] == [KEEP, " " * len(b.ADDRESS), " " * len(b.ADDRESS)]


@pytest.mark.parametrize("data", [b"", b.png(), b"\x01\0\0\0\xff\xff\xff\xff" * 9, emf(KEEP)[:60]])
def test_other_pictures_and_broken_headers_draw_nothing(data: bytes) -> None:
    assert drawn_strings(data) == []


@pytest.mark.parametrize("cut", [30, 60, 90, 120])
def test_a_truncated_metafile_never_points_past_its_end(cut: int) -> None:
    data = emf(KEEP, b.ADDRESS)[:-cut]
    assert all(s.offset + s.length <= len(data) for s in drawn_strings(data))
    assert all(s.text(data) in (KEEP, b.ADDRESS) for s in drawn_strings(data))


def docx_with_picture(picture: bytes) -> bytes:
    document = b.base()
    document.add_picture(io.BytesIO(b.png()))
    document.add_paragraph("After the picture.")
    return b.rebuild(b.to_bytes(document), {"word/media/image1.png": picture})


def test_an_address_drawn_in_a_picture_is_found_and_blanked_in_it(tmp_path: Path) -> None:
    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    src.write_bytes(docx_with_picture(emf(KEEP, "41 Wharf", "Street, Macclesfield", plus=b.ADDRESS)))
    checked = api.check_file(src, CASE, "father")
    places = {f.location.split(",")[0] for f in checked.plan.to_remove}
    assert places == {"picture text (word/media/image1.png)"}
    api.redact_file(src, CASE, "father", out)
    with zipfile.ZipFile(out) as package:
        picture = package.read("word/media/image1.png")
    assert "Wharf".encode("utf-16-le") not in picture and b"Wharf" not in picture
    assert [s.text(picture) for s in drawn_strings(picture)][0] == KEEP  # the rest of the picture stays
