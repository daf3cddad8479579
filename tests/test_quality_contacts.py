"""Phones, emails, vehicles, identity numbers, dates of birth, schools and workplaces; and the
case file's known details however they are written. Each row: (text, kind, span caught whole).
"""

from __future__ import annotations

import pytest
from quality_support import uncovered

CONTACTS = [
    # phones in every grouping, and split by a PDF line wrap
    ("Her mother's landline is 0113 496 0451. Agreed.", "PHONE", "0113 496 0451"),
    ("His mobile is 07700-900-527. His wife works", "PHONE", "07700-900-527"),
    ("Her landline is (0161) 496 0419 and her email", "PHONE", "(0161) 496 0419"),
    ("can be reached on +44 161 496 0745. The school nurse", "PHONE", "+44 161 496 0745"),
    ("IDVA | +44 (0)7700 900633", "PHONE", "+44 (0)7700 900633"),
    ("Claire Mottram | Mother | 0770 0900 461", "PHONE", "0770 0900 461"),
    ("can be reached on 01632 960 711. Ellie has a place", "PHONE", "01632 960 711"),
    ("Landline (staff office) | 0113 4960716", "PHONE", "0113 4960716"),
    ("by telephone on 0113\n496 0555, or by email", "PHONE", "0113\n496 0555"),
    ("my direct line is 0161 496\n0871 and I work", "PHONE", "0161 496\n0871"),
    ("phones most evenings from 01632 960\n402. Her sister", "PHONE", "01632 960\n402"),
    ("Mr Rahman phoned the old school from 0151 496 0270 asking", "PHONE", "0151 496 0270"),
    ("call 020 7946 0321 for the duty solicitor", "PHONE", "020 7946 0321"),
    # email, vehicles, identity numbers
    ("her email address is AISHA.RAHMAN@EXAMPLE.ORG.", "EMAIL", "AISHA.RAHMAN@EXAMPLE.ORG"),
    ("Email confirmation to t.ashworth@example.org.", "EMAIL", "t.ashworth@example.org"),
    ("a silver Toyota Yaris, BD51 SMR. Declined", "VEHICLE_REG", "BD51 SMR"),
    ("a van with the registration P738 KTF and may be watching", "VEHICLE_REG", "P738 KTF"),
    ("a grey van, registration MA68 TZV, on the street", "VEHICLE_REG", "MA68 TZV"),
    ("Maryam's NHS number is 999-016-6137.", "NHS_NUMBER", "999-016-6137"),
    ("Name | DOB | NHS number | Setting\nYusuf Rahman | 27/08/2015 | 9991590838 | school", "NHS_NUMBER", "9991590838"),
    ("Yusuf Rahman | 27/08/2015 | 999 159 0838 | school", "NHS_NUMBER", "999 159 0838"),
    ("her National Insurance number is jm730419d.", "NI_NUMBER", "jm730419d"),
    ("National Insurance number | JM 73 04 19 D", "NI_NUMBER", "JM 73 04 19 D"),
    # dates of birth in the forms used in reports
    ("Mrs Rahman's date of birth is 3 June 1991 and her", "DATE_OF_BIRTH", "3 June 1991"),
    ("Re: Mia Pickford (date of birth 14.02.2016)", "DATE_OF_BIRTH", "14.02.2016"),
    ("Date of birth: 09/11/1990", "DATE_OF_BIRTH", "09/11/1990"),
    ("Re: Mia Pickford (a girl, born 14 February 2016)", "DATE_OF_BIRTH", "14 February 2016"),
    ("Given by phone: born 27 August 2015, NHS number", "DATE_OF_BIRTH", "27 August 2015"),
    # schools and workplaces
    ("the nearest nursery is Bright Beginnings\nNursery.", "SCHOOL", "Bright Beginnings\nNursery"),
    ("The nearest primary school with places is Quarry Mount Primary School, and", "SCHOOL",
     "Quarry Mount Primary School"),
    ("their son is in Year 9 at Holmfield Academy.", "SCHOOL", "Holmfield Academy"),
    ("has a child who attends Westbrook High School. No further action", "SCHOOL", "Westbrook High School"),
    ("Maryam at Little Acorns Day Nursery. | School", "SCHOOL", "Little Acorns Day Nursery"),
    ("His employer is Northern Rail Engineering at the industrial estate.", "WORKPLACE",
     "Northern Rail Engineering"),
    ("his car is registered to his employer, Mersey Valley Couriers, at", "WORKPLACE", "Mersey Valley Couriers"),
    ("His wife works at Aldermoor Dental Practice and their son", "WORKPLACE", "Aldermoor Dental Practice"),
    ("her partner works at Greenfield Logistics Ltd.", "WORKPLACE", "Greenfield Logistics Ltd"),
    ("She works nights at Meadowbank Care Home while her sister", "WORKPLACE", "Meadowbank Care Home"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "span"), CONTACTS, ids=[c[2].replace("\n", "/") for c in CONTACTS])
def test_contact_caught_whole(text: str, kind: str, span: str) -> None:
    assert uncovered(text, span, kind) == ""


MOTTRAM = """\
case_id: CS-2024-0317
flags: [domestic-abuse]
parties:
  - id: mother
    name: Claire Mottram
    markers: [protected]
    details:
      address: ["Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP"]
      phone: ["07700 900461", "01632 960123", "07700 900312"]
      email: [claire.m@example.org]
      school: [Brookside Primary School]
      workplace: [Hollybank Garden Centre]
      vehicle: [YX19 KLM]
      date_of_birth: ["14/02/2016"]
      nhs_number: ["999 526 0182"]
  - id: father
    name: Gary Pickford
    restricted_from: [mother]
"""

KNOWN = [
    ("Home visit to Flat 2 Ropewalk House, 41 Wharf St, Macclesfield SK11 6QP. Mia", "ADDRESS",
     "Flat 2 Ropewalk House, 41 Wharf St, Macclesfield SK11 6QP"),
    ("a second set of keys for 41 Wharf\nStreet so that", "ADDRESS", "41 Wharf\nStreet"),
    ("Mr Pickford drove past Wharf Street twice", "ADDRESS", "Wharf Street"),
    ("the grey van near Wharf St on 20 March", "ADDRESS", "Wharf St"),
    ("a two-bedroom flat in Ropewalk House, a short walk", "ADDRESS", "Ropewalk House"),
    ("A panic alarm has been fitted at Flat 2, Ropewalk House. The police", "ADDRESS", "Flat 2, Ropewalk House"),
    ("Ms C Mottram\nFlat 2, Ropewalk House\n41 Wharf Street\nMacclesfield\nSK11 6QP\n\nDear", "ADDRESS",
     "Flat 2, Ropewalk House\n41 Wharf Street\nMacclesfield\nSK11 6QP"),
    ("The form asks for the postcode only: SK116QP.", "POSTCODE", "SK116QP"),
    ("the postcode sk11 6qp without the flat number", "POSTCODE", "sk11 6qp"),
    ("Telephone call to Ms Mottram on 07700900461. She", "PHONE", "07700900461"),
    ("School to phone Ms Mottram on 0770 090 0461 if", "PHONE", "0770 090 0461"),
    ("Text from Ms Mottram on +447700900461: she saw", "PHONE", "+447700900461"),
    ("Ms Mottram rang from work on +44 1632 960123. She", "PHONE", "+44 1632 960123"),
    ("her new number, 0 7 7 0 0 9 0 0 3 1 2, was read out", "PHONE", "0 7 7 0 0 9 0 0 3 1 2"),
    ("her landline (01632) 960123, and by email", "PHONE", "(01632) 960123"),
    ("Email received from Ms Mottram at Claire.M@Example.ORG asking", "EMAIL", "Claire.M@Example.ORG"),
    ("Ms Mottram's car (yx19 klm) is now parked", "VEHICLE_REG", "yx19 klm"),
    ("Ms Mottram's car (YX19KLM) has been added", "VEHICLE_REG", "YX19KLM"),
    ("Met the designated safeguarding lead at brookside primary school.", "SCHOOL", "brookside primary school"),
    ("Her manager at HOLLYBANK GARDEN CENTRE has agreed", "WORKPLACE", "HOLLYBANK GARDEN CENTRE"),
    ("Re: Mia Pickford (date of birth 14.02.2016)", "DATE_OF_BIRTH", "14.02.2016"),
    ("Mia Pickford (a girl, born 14 February 2016)", "DATE_OF_BIRTH", "14 February 2016"),
    ("NHS number: 9995260182", "NHS_NUMBER", "9995260182"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "span"), KNOWN, ids=[k[2].replace("\n", "/") for k in KNOWN])
def test_known_detail_caught_whole_however_written(text: str, kind: str, span: str) -> None:
    assert uncovered(text, span, kind, MOTTRAM) == ""
