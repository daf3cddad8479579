"""NER through Presidio: long texts are cut into pieces at line ends, offsets stay exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.detect.ner import chunks, scan_many


@given(st.text(alphabet="ab \n", max_size=400), st.integers(min_value=5, max_value=60))
@settings(max_examples=200, deadline=None)
def test_chunks_cover_the_text_exactly(text: str, size: int) -> None:
    pieces = chunks(text, size)
    assert "".join(p for _, p in pieces) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(len(piece) <= size for _, piece in pieces)


def test_entities_in_later_pieces_point_at_the_right_place() -> None:
    text = "The review was held at the office.\n" * 150 + "Claire Mottram spoke to Gary Pickford in Leeds.\n"
    assert len(chunks(text)) > 1
    found = scan_many([text])[0]
    assert {f.text for f in found} >= {"Claire Mottram", "Gary Pickford"}
    assert all(text[f.start : f.end] == f.text for f in found)
