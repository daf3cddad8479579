"""Unregistered UK addresses and postcodes, in the forms people write: each must be caught whole.

A flat table of (text, kind, span): the findings of locating kinds must cover every
letter and digit of the span, and one of them must be of the kind named. Many rows are
the forms sample_docs/ showed to be hard: line breaks from PDF wrapping, capitals,
postcodes without their space, floors and blocks, named buildings before the number.
"""

from __future__ import annotations

import pytest
from quality_support import uncovered

ADDRESSES = [
    # number and street, with or without town and postcode
    ("Her friend Dawn lives at 23 Beech Road and has offered", "23 Beech Road"),
    ("She lives at 31 Gladstone St, Crewe and has a child", "31 Gladstone St, Crewe"),
    ("her brother at 62 Park Ave, Batley. Both have been asked", "62 Park Ave, Batley"),
    ("lives at 7-9 King Street, Knutsford WA16 6DW above the shop", "7-9 King Street, Knutsford WA16 6DW"),
    ("the grandmother lives at 14a Victoria Terrace, Buxton SK17 6QD and", "14a Victoria Terrace, Buxton SK17 6QD"),
    ("a spare room at 121 Manchester Road, Stockport, SK4 1TQ and said", "121 Manchester Road, Stockport, SK4 1TQ"),
    ("his cousin's house at 15 Sycamore Grove Nantwich CW5 6LT.", "15 Sycamore Grove Nantwich CW5 6LT"),
    ("The tenancy at 70 Hatherton Ave Leeds LS93NJ ended in March", "70 Hatherton Ave Leeds LS93NJ"),
    ("Ms Mottram lived at 110 RADNOR RISE, BUXTON SK17 3FA from August", "110 RADNOR RISE, BUXTON SK17 3FA"),
    ("they rented 11 PRIMROSE HILL, MACCLESFIELD SK10 3BG and later", "11 PRIMROSE HILL, MACCLESFIELD SK10 3BG"),
    ("and later 2 Orchard Mews, Bollington. The grandparents", "2 Orchard Mews, Bollington"),
    ("Address given to the GP in June 2020:\n34 Larchwood Way Salford M63HH\n\nNext", "34 Larchwood Way Salford M63HH"),
    # flats, apartments, units, rooms, floors, blocks
    ("The tenancy at Flat 4, 9 Marbury Road, Knutsford ended in 2008", "Flat 4, 9 Marbury Road, Knutsford"),
    ("the old flat at Flat C, 91 Princess Road, Northwich CW9 5DL, which",
     "Flat C, 91 Princess Road, Northwich CW9 5DL"),
    ("Her sister's flat is at Flat 2/1, 40 Dumbarton Road, Glasgow G11 6PX; she",
     "Flat 2/1, 40 Dumbarton Road, Glasgow G11 6PX"),
    ("Her sister lives at Basement Flat, 8 Albion Place, Leeds LS1 6JL and",
     "Basement Flat, 8 Albion Place, Leeds LS1 6JL"),
    ("outside Flat 12 Hawthorn Court, Bexton Road, Knutsford; believed",
     "Flat 12 Hawthorn Court, Bexton Road, Knutsford"),
    ("a flat at Apartment 21, The Wharf, 3 Canal Street, Leeds LS11 5QW as temporary",
     "Apartment 21, The Wharf, 3 Canal Street, Leeds LS11 5QW"),
    ("based at Flat 6, Block B, Kingsley House, Weston Road, Crewe (the health centre",
     "Flat 6, Block B, Kingsley House, Weston Road, Crewe"),
    ("The school nurse works from Room 14, Holly House, 5 Station Approach, Crewe CW1 3PL.",
     "Room 14, Holly House, 5 Station Approach, Crewe CW1 3PL"),
    ("His employer is at Unit 3B, Radnor Park Industrial Estate, Back Lane, Congleton CW12 4XJ.",
     "Unit 3B, Radnor Park Industrial Estate, Back Lane, Congleton CW12 4XJ"),
    ("collect the keys from Ground Floor, Kingsway Lofts, 40 Wellington Street, Leeds LS1 4JX.",
     "Ground Floor, Kingsway Lofts, 40 Wellington Street, Leeds LS1 4JX"),
    ("cc: Hartley and Co Solicitors, 3rd Floor, Minerva House, 29 East Parade, Leeds LS1 5PS",
     "3rd Floor, Minerva House, 29 East Parade, Leeds LS1 5PS"),
    # named houses and buildings, c/o, PO boxes
    ("staying with a friend at Rose Cottage, 3 Mill Lane, Little Budworth, Tarporley CW6 9EZ.",
     "Rose Cottage, 3 Mill Lane, Little Budworth, Tarporley CW6 9EZ"),
    ("His parents live at The Old Forge, Church Lane, Great Budworth, CW9 6HG and his car",
     "The Old Forge, Church Lane, Great Budworth, CW9 6HG"),
    ("Her sister lives at Ivy House Farm, Back Lane, Brereton CW11 1RN and can be reached",
     "Ivy House Farm, Back Lane, Brereton CW11 1RN"),
    ("The paternal grandparents live at Hillside, Buxton Road, Bosley SK11 0PA and the father",
     "Hillside, Buxton Road, Bosley SK11 0PA"),
    ("were previously at Cottage 2, Higher Barn, Pexhill Road, Henbury; they moved",
     "Cottage 2, Higher Barn, Pexhill Road, Henbury"),
    ("contact took place at Hope Centre, 15 Park Lane, Macclesfield SK11 6TJ, from 10:00",
     "Hope Centre, 15 Park Lane, Macclesfield SK11 6TJ"),
    ("an incident outside The Red Lion, 4 Market Place, Knutsford WA16 6BX. They concluded",
     "The Red Lion, 4 Market Place, Knutsford WA16 6BX"),
    ("the after-school club at St Paul's Church Hall, 7 Brook Street, Macclesfield SK11 7AW on",
     "St Paul's Church Hall, 7 Brook Street, Macclesfield SK11 7AW"),
    ("She stayed at c/o Mrs N Ali, 12 Elm Grove, Stockport SK3 8BQ, before a place was found",
     "c/o Mrs N Ali, 12 Elm Grove, Stockport SK3 8BQ"),
    ("registered to his employer at PO Box 210, Crewe CW1 9AA.", "PO Box 210, Crewe CW1 9AA"),
    ("A letter was wrongly posted to P.O. Box 4471. The court has been asked", "P.O. Box 4471"),
    # laid out over lines: a letter's address block, and PDF line wrapping inside a value
    ("Housing Options Service\nQuarry Hill House\n4 St Peter's Street\nLeeds\nLS2 7UJ\n\nMrs A Rahman",
     "Quarry Hill House\n4 St Peter's Street\nLeeds\nLS2 7UJ"),
    ("Miss L Carter\n26 Waverley Drive\nCongleton\nCheshire\nCW12 4TT\n\nDear Miss Carter",
     "26 Waverley Drive\nCongleton\nCheshire\nCW12 4TT"),
    ("arrears from the previous tenancy at 5\nLaburnum Close, Alsager, ST7 2XU are being repaid",
     "5\nLaburnum Close, Alsager, ST7 2XU"),
    ("a two-bedroom flat at Apartment 21, The Wharf, 3 Canal Street, Leeds LS11\n5QW as temporary",
     "Apartment 21, The Wharf, 3 Canal Street, Leeds LS11\n5QW"),
    ("Her solicitor is at 18 St John's\nWalk, Chester CH4 7DQ, phone", "18 St John's\nWalk, Chester CH4 7DQ"),
    ("registered to his employer at PO\nBox 210, Crewe CW1 9AA.", "PO\nBox 210, Crewe CW1 9AA"),
    ("her cousin's house at 15\nSycamore Grove Nantwich CW5 6LT.", "15\nSycamore Grove Nantwich CW5 6LT"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span"), ADDRESSES, ids=[a[1].replace("\n", "/") for a in ADDRESSES])
def test_address_caught_whole(text: str, span: str) -> None:
    assert uncovered(text, span, "ADDRESS") == ""


POSTCODES = [
    ("Her mother lives in Bradford, postcode BD7 2QX, and phones", "BD7 2QX"),
    ("a new-build house with the postcode sk10 3ng. Mrs Rahman", "sk10 3ng"),
    ("the postcode of the family home, LS11 6AW. Not told", "LS11 6AW"),
    ("The new GP surgery has the postcode CW2 8NR.", "CW2 8NR"),
    ("The taxi firm has the postcode CW72QF on its account", "CW72QF"),
    ("postcode in capitals without a space: M146QW.", "M146QW"),
    ("a London postcode EC2V 7HH was given", "EC2V 7HH"),
    ("the shelter in N1C 4AG closed", "N1C 4AG"),
    ("the form gave the postcode as l8 7ss", "l8 7ss"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span"), POSTCODES, ids=[p[1] for p in POSTCODES])
def test_postcode_caught_whole(text: str, span: str) -> None:
    assert uncovered(text, span, "POSTCODE") == ""
