"""The rule recognizers as a flat table: (text, kind, exact span found) and negatives.

A positive finds its span at its place and nothing else in the text (bar what `ALSO` names);
a negative finds nothing at all (NER is off: every finding here comes from a rule)."""

from __future__ import annotations

import pytest

from redactor.casefile import parse_case
from redactor.detect import find_in_segments
from redactor.types import Finding, Segment

CASE = parse_case(b"case_id: T-1\nparties:\n  - id: reader\n    name: Sam Reader\n")


def findings(text: str) -> list[Finding]:
    return list(find_in_segments([Segment("text", text)], CASE, use_ner=False))


POSITIVES = [
    # postcodes, every valid form
    ("She is at SK11 6QP now.", "POSTCODE", "SK11 6QP"),
    ("postcode sk116qp (no space)", "POSTCODE", "sk116qp"),
    ("London EC1A 1BB office", "ADDRESS", "London EC1A 1BB"),
    ("near W1A 0AX", "POSTCODE", "W1A 0AX"),
    ("M1 1AE is central", "POSTCODE", "M1 1AE"),
    # phones
    ("call 07700 900461 today", "PHONE", "07700 900461"),
    ("call 07700900461 today", "PHONE", "07700900461"),
    ("ring +44 7700 900461 now", "PHONE", "+44 7700 900461"),
    ("ring +44 (0)1632 960123 now", "PHONE", "+44 (0)1632 960123"),
    ("landline (01632) 960123.", "PHONE", "(01632) 960123"),
    ("or 0113 496 0001 at work", "PHONE", "0113 496 0001"),
    ("or 0113-496-0001 at work", "PHONE", "0113-496-0001"),
    # email, vehicle, ids
    ("mail Jo.Bloggs+x@example.org.uk please", "EMAIL", "Jo.Bloggs+x@example.org.uk"),
    ("She drives YX19 KLM daily", "VEHICLE_REG", "YX19 KLM"),
    ("reg no AB12CDE seen", "VEHICLE_REG", "AB12CDE"),
    ("her car, P123 ABC, was parked", "VEHICLE_REG", "P123 ABC"),
    ("NHS number 943 476 5919.", "NHS_NUMBER", "943 476 5919"),
    ("NI number AB 12 34 56 C.", "NI_NUMBER", "AB 12 34 56 C"),
    ("date of birth: 12/03/2015.", "DATE_OF_BIRTH", "12/03/2015"),
    ("Mia (DOB 4th March 2015) attends", "DATE_OF_BIRTH", "4th March 2015"),
    ("born on 4 March 2015 in", "DATE_OF_BIRTH", "4 March 2015"),
    ("Name | Date of birth | School\nAnn | 04/03/2015 | Oak", "DATE_OF_BIRTH", "04/03/2015"),
    ("Name\nDate of birth\nAnn Lee\n04/03/2015\n", "DATE_OF_BIRTH", "04/03/2015"),
    ("Name Relationship Date of birth\nAnn Lee Mother 04/03/1990 and more", "DATE_OF_BIRTH", "04/03/1990"),
    # addresses in the forms people write
    ("lives at 14 Bramble Road with", "ADDRESS", "14 Bramble Road"),
    ("at 14 Bramble Road, Stockport, SK4 2AB.", "ADDRESS", "14 Bramble Road, Stockport, SK4 2AB"),
    ("Apartment 4b, 19 Quay Street, Manchester M3 3JE", "ADDRESS", "Apartment 4b, 19 Quay Street, Manchester M3 3JE"),
    ("Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP",
     "ADDRESS", "Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP"),
    ("Rose Cottage, 3 Mill Lane, Buxton SK17 6XX", "ADDRESS", "Rose Cottage, 3 Mill Lane, Buxton SK17 6XX"),
    ("Dear Ms Smith\nUnit 7\nRiverside House\n12a St John's Road\nLeek\nST13 5AB\n\nThank you",
     "ADDRESS", "Unit 7\nRiverside House\n12a St John's Road\nLeek\nST13 5AB"),
    ("write to PO Box 123, Crewe", "ADDRESS", "PO Box 123, Crewe"),
    ("send it c/o Jane Doe, 5 The Crescent, Sale", "ADDRESS", "c/o Jane Doe, 5 The Crescent, Sale"),
    ("Room 12, 3-5 High St, Hyde SK14 1AA", "ADDRESS", "Room 12, 3-5 High St, Hyde SK14 1AA"),
    ("he drove past Wharf Street twice", "ADDRESS", "Wharf Street"),
    ("she now lives in Buxton with", "LOCATION", "Buxton"),
    ("She moved to The Grange in May", "ADDRESS", "The Grange"),
    ("moved to a refuge in Stockport last", "LOCATION", "Stockport"),
    # schools and workplaces
    ("Mia attends St Mary's C of E Primary School daily", "SCHOOL", "St Mary's C of E Primary School"),
    ("He moved to Oakwood Academy in May", "SCHOOL", "Oakwood Academy"),
    ("she works at Hollybank Garden Centre.", "WORKPLACE", "Hollybank Garden Centre"),
    ("She is employed by Acme Widgets Ltd as", "WORKPLACE", "Acme Widgets Ltd"),
    ("a marker: confidential address applies", "MARKER", "confidential address"),
    ("see the MARAC minutes", "MARKER", "MARAC"),
    ("a non-molestation\norder is in force", "MARKER", "non-molestation\norder"),
    # addresses by their shape (issue 11): mistyped postcodes, streets outside the old suffix list,
    # Welsh and Gaelic forms, house names with no number, what stands before the number
    ("postcode is WS11 4OC now", "POSTCODE", "WS11 4OC"),
    ("typed as 0L9 8QT on the form", "POSTCODE", "0L9 8QT"),
    ("lives at 14 Northway, Leek ST13 5QP.", "ADDRESS", "14 Northway, Leek ST13 5QP"),
    ("has moved to 8 Ringway, Sale for now", "ADDRESS", "8 Ringway, Sale"),
    ("at 3 Orchard Vennel, Dumfries DG1 2QJ today", "ADDRESS", "3 Orchard Vennel, Dumfries DG1 2QJ"),
    ("letter from THE OLD RECTORY, CHURCH LANE, ASTBURY, CW12 4RQ.", "ADDRESS",
     "THE OLD RECTORY, CHURCH LANE, ASTBURY, CW12 4RQ"),
    ("home is Bryn Awel, Heol y Parc, Llandeilo SA19 6BW; the", "ADDRESS",
     "Bryn Awel, Heol y Parc, Llandeilo SA19 6BW"),
    ("cousin at 2 Sràid na h-Eaglais, Stornoway HS1 2QN.", "ADDRESS", "2 Sràid na h-Eaglais, Stornoway HS1 2QN"),
    ("a friend on Stryd Fawr, Bala LL23 7AA.", "ADDRESS", "Stryd Fawr, Bala LL23 7AA"),
    ("She is staying at Rose Cottage with friends", "ADDRESS", "Rose Cottage"),
    ("sister lives at Flat 2F1, 14 Marchmont Loan, Edinburgh EH9 1KX and", "ADDRESS",
     "Flat 2F1, 14 Marchmont Loan, Edinburgh EH9 1KX"),
    ("aunt at 0/2, 31 Kelvin Wynd, Glasgow G12 8QB.", "ADDRESS", "0/2, 31 Kelvin Wynd, Glasgow G12 8QB"),
    ("offer for No. 7 Spinney Tye, Alsager ST7 2UK, and", "ADDRESS", "No. 7 Spinney Tye, Alsager ST7 2UK"),
    ("is at Pitch 23, Meadowbank Caravan Park, Rudyard ST13 8RT.", "ADDRESS",
     "Pitch 23, Meadowbank Caravan Park, Rudyard ST13 8RT"),
    ("wrote to c/o Mrs Joan Tait, 4 Goosetrey Chase, Holmes Chapel CW4 7DD.", "ADDRESS",
     "c/o Mrs Joan Tait, 4 Goosetrey Chase, Holmes Chapel CW4 7DD"),
    ("Address given: Flat above 18 Market Cross, Congleton CW12 1ET. It", "ADDRESS",
     "Flat above 18 Market Cross, Congleton CW12 1ET"),
    ("typed as 14 church st, bollington sk10 5pl. I", "ADDRESS", "14 church st, bollington sk10 5pl"),
    ("was at 17 Canal Quay, Burnley BB11 15A today", "ADDRESS", "17 Canal Quay, Burnley BB11 15A"),
    ("moved to No.12 Millbrook Pastures, Oadby LE2 4NB.", "ADDRESS", "No.12 Millbrook Pastures, Oadby LE2 4NB"),
    ("works on Tuesday Market Yard, King's Lynn PE30 1JQ now", "ADDRESS", "Tuesday Market Yard, King's Lynn PE30 1JQ"),
    ("She moved to The Old Forge, Station Row, Great Dunmow, Essex CM6 1BT.", "ADDRESS",
     "The Old Forge, Station Row, Great Dunmow, Essex CM6 1BT"),
    ("typed flat 2/1, 77 shore loan, leith, edinburgh eh6 6qx as", "ADDRESS",
     "flat 2/1, 77 shore loan, leith, edinburgh eh6 6qx"),
    ("she works as a care assistant at Elmfield Lodge now", "WORKPLACE", "Elmfield Lodge"),
    ("Mia attends Ysgol Gynradd Bryn y Môr now", "SCHOOL", "Ysgol Gynradd Bryn y Môr"),
    ("He goes to St Anne's CE Primary on", "SCHOOL", "St Anne's CE Primary"),
]  # fmt: skip


# What else a positive's text holds, found as well: {span: [(kind, text)]}.
ALSO = {"Stockport": [("MARKER", "refuge")]}


def placed(text: str, kind: str, span: str) -> tuple[str, int, int]:
    assert text.count(span) == 1, span  # the table names one place
    start = text.index(span)
    return kind, start, start + len(span)


def where(found: list[Finding]) -> list[tuple[str, int, int]]:
    return sorted((f.kind, f.start, f.end) for f in found)


@pytest.mark.parametrize(("text", "kind", "span"), POSITIVES, ids=[p[2] for p in POSITIVES])
def test_found_whole_at_its_place_and_nothing_else(text: str, kind: str, span: str) -> None:
    found = findings(text)
    expected = sorted([placed(text, kind, span)] + [placed(text, k, v) for k, v in ALSO.get(span, [])])
    assert where(found) == expected, [(f.kind, f.text) for f in found]
    assert [f.text for f in found] == [text[f.start:f.end] for f in found]  # the text is what stands there
    assert {f.segment for f in found} == {0}


NEGATIVES = [
    "Section 17 of the Children Act 1989 applies.",
    "under s.47 of the Act, and s.20 accommodation",
    "The meeting was on 12 March 2024 at 10:30.",
    "The fee was £1,250.00 and then £75.",
    "Product code XK-4471-B and order 88213.",
    "Reference CS-2024-0317, page 3 of 12.",
    "Paragraph 4.2 of the Working Together 2018 guidance.",
    "The Family Court at Crewe made an order.",
    "Sarah Hill and Tom Green attended.",
    "Mr Lane said the school was helpful.",
    "the school reported good attendance",
    "She scored 1632 points in 2019.",
    "Case reference 1234567890 is not a number we redact.",
    # look-alikes of the shapes above
    "She is in Year 4, Oak Class, at the same school.",
    "under section 47, Children Act 1989 the duty applies",
    "the postcode of the family home was not given",
    "Dear Ms Smith\nThank you for your letter of 3 May.",
    "The order number 4505871237 was paid.",
    "Call the US office on 212-555-0182 or 4155550142.",
    "The Initial Child Protection Conference met on 3 June 2024.",
    "Primary care services and the Primary Care Trust were told.",
    "The hearing at Preston Magistrates' Court was adjourned to 4 March.",
    "she lives at the family home in a small town; postcode not known",

]


@pytest.mark.parametrize("text", NEGATIVES)
def test_look_alikes_left_alone(text: str) -> None:
    found = findings(text)
    assert found == [], [(f.kind, f.text) for f in found]


OTHER_DATES = [
    # (text, the birth date, another date near it)
    ("Date of birth: 14/02/2016\nAssessment completed: 14 March 2024", "14/02/2016", "14 March 2024"),
    ("Name | Date of birth | Seen on\nAnn | 04/03/2015 | 12/05/2024", "04/03/2015", "12/05/2024"),
    ("Re: Mia (date of birth 14.02.2016)\nThe meeting on Tuesday 9 April 2024 is at the school, about the plan.",
     "14.02.2016", "9 April 2024"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "birth", "date"), OTHER_DATES, ids=[d[2] for d in OTHER_DATES])
def test_dates_near_a_birth_date_are_not_births(text: str, birth: str, date: str) -> None:
    assert date in text
    assert where(findings(text)) == [placed(text, "DATE_OF_BIRTH", birth)]  # the birth date only, not the other


@pytest.mark.parametrize("text", [
    "Claire now lives at The review panel met on",  # a column break after "at"
    "she moved to this area in May",
    "the family lives in their own flat",
])
def test_a_residence_is_never_a_lone_article_or_pronoun(text: str) -> None:
    assert findings(text) == []
