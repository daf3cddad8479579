"""The case file's known details are found however they are written."""

from __future__ import annotations

import pytest

from redactor.casefile import CaseFile
from redactor.detect import find_in_segments
from redactor.ner import NoNer
from redactor.types import Segment

FORMS = [
    ("she lives at 41 wharf street, MACCLESFIELD", "41 wharf street, MACCLESFIELD"),
    ("address: Flat 2 Ropewalk House 41 Wharf Street Macclesfield SK11 6QP.",
     "Flat 2 Ropewalk House 41 Wharf Street Macclesfield SK11 6QP"),
    ("Flat 2,\nRopewalk House,\n41 Wharf Street,\nMacclesfield\nSK11 6QP",
     "Flat 2,\nRopewalk House,\n41 Wharf Street,\nMacclesfield\nSK11 6QP"),
    ("postcode SK116QP on the form", "SK116QP"),
    ("postcode sk11  6qp on the form", "sk11  6qp"),
    ("he drove past Wharf Street twice", "Wharf Street"),
    ("he drove down Wharf St. twice", "Wharf St"),
    ("the Ropewalk House flats", "Ropewalk House"),
    ("ring 07700900461 now", "07700900461"),
    ("ring 077 009 004 61 now", "077 009 004 61"),
    ("ring +44 7700 900461 now", "44 7700 900461"),
    ("ring (01632) 960 123 now", "01632) 960 123"),
    ("mail CLAIRE.M@EXAMPLE.ORG now", "CLAIRE.M@EXAMPLE.ORG"),
    ("car yx19klm seen", "yx19klm"),
    ("Mia goes to Brookside Primary School", "Brookside Primary School"),
    ("Mia goes to Brookside", "Brookside"),
    ("she works at hollybank garden centre", "hollybank garden centre"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span"), FORMS, ids=[f[1] for f in FORMS])
def test_every_written_form_is_found(spec_case: CaseFile, text: str, span: str) -> None:
    found = find_in_segments([Segment("text", text)], spec_case, ner=NoNer())
    known = [f for f in found if f.detector == "known"]
    assert any(span in f.text or f.text in span and len(f.text) >= len(span) - 2 for f in known), known
    assert all(f.party in ("mother", "child") for f in known)


@pytest.mark.parametrize("text", ["the wharf was busy", "Street party", "Hollyhocks grow", "07700 900462",
                                  "SK11 6QR", "Brooksides"])  # fmt: skip
def test_near_misses_are_not_known_details(spec_case: CaseFile, text: str) -> None:
    found = find_in_segments([Segment("text", text)], spec_case, ner=NoNer())
    assert [f for f in found if f.detector == "known"] == []


def test_full_width_forms_are_the_same_value(spec_case: CaseFile) -> None:
    text = "Phone ０７７００ ９００４６１, postcode ＳＫ１１ ６ＱＰ, road Ｗｈａｒｆ Ｓｔｒｅｅｔ."
    found = find_in_segments([Segment("text", text)], spec_case, ner=NoNer())
    texts = {f.text for f in found if f.detector == "known"}
    assert {"０７７００ ９００４６１", "ＳＫ１１ ６ＱＰ", "Ｗｈａｒｆ Ｓｔｒｅｅｔ"} <= texts
