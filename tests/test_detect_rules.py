"""The rule recognizers as a flat table: (text, kind, exact span found) and negatives.

A positive finds its span at its place and nothing else in the text (bar what `ALSO` names);
a negative finds nothing at all (NER is off: every finding here comes from a rule)."""

from __future__ import annotations

import pytest

from redactor.casefile import parse_case
from redactor.detect import find_in_segments
from redactor.ner import NoNer
from redactor.types import Finding, Segment

CASE = parse_case(b"case_id: T-1\nparties:\n  - id: reader\n    name: Sam Reader\n")


def findings(text: str) -> list[Finding]:
    return list(find_in_segments([Segment("text", text)], CASE, ner=NoNer()))


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
    # workplaces as case notes name them (issue 11, tuned: sample_docs/written/work_school_note_jan2026.txt)
    ("Ms Dunmore is a nurse at Royal Preston Hospital.", "WORKPLACE", "Royal Preston Hospital"),
    ("He is a forklift driver for Leyland Trucks.", "WORKPLACE", "Leyland Trucks"),
    ("She is a care worker with Helping Hands now.", "WORKPLACE", "Helping Hands"),
    ("Her manager at Booths has agreed flexible hours.", "WORKPLACE", "Booths"),
    ("He does shifts at the Amazon warehouse in Chorley.", "WORKPLACE", "the Amazon warehouse in Chorley"),
    ("She works in the call centre at Shared Services, Leyland.", "WORKPLACE", "Shared Services, Leyland"),
    ("He works two days a week at Booths in Garstang.", "WORKPLACE", "Booths in Garstang"),
    ("She works at Tesco in Leyland on the tills.", "WORKPLACE", "Tesco in Leyland"),
    ("She works at Tesco on Saturdays.", "WORKPLACE", "Tesco"),
    ("He works shifts at Barclays Bank now.", "WORKPLACE", "Barclays Bank"),
    ("He works for Dunmore & Sons, Leyland.", "WORKPLACE", "Dunmore & Sons, Leyland"),
    ("a van from Preston Roofing and Sons was outside", "WORKPLACE", "Preston Roofing and Sons"),
    ("She now works at the Ribble Distribution Centre.", "WORKPLACE", "the Ribble Distribution Centre"),
    # schools by their short names, after a cue, in lower case, Scottish, Gaelic and Welsh forms
    ("She moved to Broughton High in Year 8.", "SCHOOL", "Broughton High"),
    ("Sam is in the sixth form at Hutton Grammar.", "SCHOOL", "Hutton Grammar"),
    ("He attends Grange Park Junior.", "SCHOOL", "Grange Park Junior"),
    ("Jack is at Penwortham Girls' High.", "SCHOOL", "Penwortham Girls' High"),
    ("He goes to Kids Planet nursery on Garstang Road.", "SCHOOL", "Kids Planet nursery"),
    ("Jack attends Fulwood and Cadley Primary.", "SCHOOL", "Fulwood and Cadley Primary"),
    ("He is on roll at Larches House PRU.", "SCHOOL", "Larches House PRU"),
    ("He goes to Runshaw College Sixth Form.", "SCHOOL", "Runshaw College Sixth Form"),
    ("Leah is in Year 5 at Moor Nook.", "SCHOOL", "Moor Nook"),
    ("She attends nursery at Tiny Tots three days a week.", "SCHOOL", "Tiny Tots"),
    ("She is in P4 at Hillhead.", "SCHOOL", "Hillhead"),
    ("I spoke to the DSL at Moor Nook on Monday.", "SCHOOL", "Moor Nook"),
    ("Mrs Patel, Headteacher at St Bede's, confirmed.", "SCHOOL", "St Bede's"),
    ("Leah's school, Moor Nook, has been told.", "SCHOOL", "Moor Nook"),
    ("The nursery (Tiny Tots) has the plan.", "SCHOOL", "Tiny Tots"),
    ("Sam attends moor nook primary school.", "SCHOOL", "moor nook primary school"),
    ("He attends St Clare's R.C. Primary School.", "SCHOOL", "St Clare's R.C. Primary School"),
    ("He is at St Patrick's PS.", "SCHOOL", "St Patrick's PS"),
    ("He attends Bun-sgoil Ghàidhlig Inbhir Nis.", "SCHOOL", "Bun-sgoil Ghàidhlig Inbhir Nis"),
    ("She goes to Cylch Meithrin Llanbedr.", "SCHOOL", "Cylch Meithrin Llanbedr"),
    # written4's forms (issue 11): lower-case streets in messages, a postcode said with an O for a zero,
    # "no. 29", a home called by its place's name, a locating phrase, a building with its street, a county line
    ("im sorry babe come home to ermine cl and well sort it", "ADDRESS", "ermine cl"),
    ("u can come to mine hun, 12 sutton on sea rd but hes mates", "ADDRESS", "12 sutton on sea rd"),
    ("postcode is nr21 ohu i think", "POSTCODE", "nr21 ohu"),
    ("Neighbour at no. 29 said Kerry had gone.", "ADDRESS", "no. 29"),
    ("She went back to the Derrytrasna house on Friday.", "ADDRESS", "the Derrytrasna house"),
    ("He waited outside the flat above the bookies on London Road.", "ADDRESS",
     "the flat above the bookies on London Road"),
    ("Her mother lives in the house on Brook Lane.", "ADDRESS", "the house on Brook Lane"),
    ("upstairs flat, 47 North Church Street, S1 2DH", "ADDRESS", "upstairs flat, 47 North Church Street, S1 2DH"),
    ("She is registered at Brayford Medical Practice, Wigford Way.", "ADDRESS",
     "Brayford Medical Practice, Wigford Way"),
    ("She is staying at Tullyroan House, Tullyroan, Moy, Co. Tyrone.", "ADDRESS",
     "Tullyroan House, Tullyroan, Moy, Co. Tyrone"),
    ("Plot 6, Eagle Lane Travellers Site, Ecclesfield", "ADDRESS", "Plot 6, Eagle Lane Travellers Site, Ecclesfield"),
    ("Her workplace is Moy Park, Seagoe Industrial Estate, Portadown.", "WORKPLACE",
     "Moy Park, Seagoe Industrial Estate, Portadown"),
    ("The care of her mother at Lough Shore Cottage was agreed.", "ADDRESS",
     "care of her mother at Lough Shore Cottage"),
    ("She is at East Newhall Steading, by Kinghorn.", "ADDRESS", "East Newhall Steading, by Kinghorn"),
    # kinds from UK practice the issue does not list: an Eircode across the border, BFPO, a half number,
    # a hospital ward, an island town
    ("She has gone to her sister at 4 Main Street, Lifford, Co. Donegal F93 X2Y4.", "ADDRESS",
     "4 Main Street, Lifford, Co. Donegal F93 X2Y4"),
    ("Married quarters: 12 Drake Close, BFPO 12", "ADDRESS", "12 Drake Close, BFPO 12"),
    ("She lives at 12½ High Street, Presteigne.", "ADDRESS", "12½ High Street, Presteigne"),
    ("She is on Ward 7, Raigmore Hospital, Inverness IV2 3UJ.", "ADDRESS",
     "Ward 7, Raigmore Hospital, Inverness IV2 3UJ"),
    ("She moved to 3 Lon na Mara, Stornoway, Isle of Lewis HS1 2AB.", "ADDRESS",
     "3 Lon na Mara, Stornoway, Isle of Lewis HS1 2AB"),
    # a school or employer with its town after a comma, and a second employer after "and at"
    ("Niamh transferred to St Patrick's PS, Mayobridge; Caolán attends", "SCHOOL", "St Patrick's PS, Mayobridge"),
    ("He followed her from her job at Asda, Owlcotes, Pudsey to the bus", "WORKPLACE", "Asda, Owlcotes, Pudsey"),
    # written5's forms: Welsh "d/o" and "Fflat", abbreviated house words, a site, "by" a town, Gaelic towns,
    # a building whose word comes first, a quoted house name, a pub with its street, a place after the street
    ("Ysgrifennwch at: d/o Fflat 2, Maes-y-Deri, Heol Glyn, Aberpennar CF45 3RZ", "ADDRESS",
     "d/o Fflat 2, Maes-y-Deri, Heol Glyn, Aberpennar CF45 3RZ"),
    ("She lives at Flat 2 Cornwallis Hse, Shepway.", "ADDRESS", "Flat 2 Cornwallis Hse, Shepway"),
    ("They have a static at Crimond Caravan Park, Crimond, nr Fraserburgh.", "ADDRESS",
     "Crimond Caravan Park, Crimond, nr Fraserburgh"),
    ("Her gran is at Croft of Rora, Rora, by Peterhead AB42 4JL.", "ADDRESS",
     "Croft of Rora, Rora, by Peterhead AB42 4JL"),
    ("Taigh a' Bhàigh, Àird Bhreacais, An t-Eilean Sgitheanach IV42 8PY", "ADDRESS",
     "Taigh a' Bhàigh, Àird Bhreacais, An t-Eilean Sgitheanach IV42 8PY"),
    ("She is at Llys Cynon, Heol Gadlys, Aberdâr.", "ADDRESS", "Llys Cynon, Heol Gadlys, Aberdâr"),
    ('She is staying at "Hollyhocks" Pilgrims Lane Detling.', "ADDRESS", '"Hollyhocks" Pilgrims Lane Detling'),
    ("He drinks in the Palm Tree pub, Haverfield Road, Bow.", "ADDRESS", "the Palm Tree pub, Haverfield Road, Bow"),
    ("She lives at 31 Loughborough Road by the big Sikh temple.", "ADDRESS",
     "31 Loughborough Road by the big Sikh temple"),
    ("She now lives at Bwthyn Rhosyn, Llanharan.", "ADDRESS", "Bwthyn Rhosyn, Llanharan"),
    ("She told the call handler she was at seven Burghmuir Circle, Inverurie.", "ADDRESS",
     "seven Burghmuir Circle, Inverurie"),
    ("He went to the basement flat at no. 212 twice.", "ADDRESS", "the basement flat at no. 212"),
    ("Address: 14 Whetley Ln, Bradford BD8", "ADDRESS", "14 Whetley Ln, Bradford BD8"),
    ("Her mother: ul. Długa 14/3, 80-827 Gdańsk, Poland", "ADDRESS", "ul. Długa 14/3, 80-827 Gdańsk, Poland"),
    ("Village: Kazir Gaon, PO: Biswanath, Dist: Sylhet, Bangladesh", "ADDRESS",
     "Village: Kazir Gaon, PO: Biswanath, Dist: Sylhet, Bangladesh"),
    ("She stays at Maes-y-Deri, Aberpennar.", "ADDRESS", "Maes-y-Deri, Aberpennar"),
    ("c/o Lloches Eryri, Blwch Post 58, Caernarfon LL55 9ZZ", "ADDRESS",
     "c/o Lloches Eryri, Blwch Post 58, Caernarfon LL55 9ZZ"),
    ("The children are staying with their grandmother at Sunnyside, Church Lane, Wymondham.", "ADDRESS",
     "Sunnyside, Church Lane, Wymondham"),
    ("Mr X was seen loitering outside 88 Tennyson Avenue.", "ADDRESS", "88 Tennyson Avenue"),  # not the full stop
    ("She moved to 21B Baker St (top flat) last week.", "ADDRESS", "21B Baker St (top flat)"),
    ("He has a room at Room 9, St Mungo's hostel, 3 Kings Cross Road.", "ADDRESS",
     "Room 9, St Mungo's hostel, 3 Kings Cross Road"),
    ("She rents 9 Y Glyn, Llanberis.", "ADDRESS", "9 Y Glyn, Llanberis"),
    ("They live at Flat 5 Clos Caer Went, Newport.", "ADDRESS", "Flat 5 Clos Caer Went, Newport"),
    # addresses: a town after its street with no comma, mistyped postcodes, "lives on", where people sleep
    ("He has been sleeping at 2 Bow Lane Preston.", "ADDRESS", "2 Bow Lane Preston"),
    ("He was seen at 14 Cop Lane Penwortham on Friday.", "ADDRESS", "14 Cop Lane Penwortham"),
    ("The address is 14 Orchard Croft Whittingham Preston", "ADDRESS", "14 Orchard Croft Whittingham Preston"),
    ("She lives at 9 Moor Road Newcastle upon Tyne.", "ADDRESS", "9 Moor Road Newcastle upon Tyne"),
    ("She is at 14 Marsh Road, Preston PR1-4XY.", "ADDRESS", "14 Marsh Road, Preston PR1-4XY"),
    ("She is at 14 Marsh Road, Preston PRl 4XY.", "ADDRESS", "14 Marsh Road, Preston PRl 4XY"),
    ("She is at 14 Marsh Road, Preston, PR1 4X.", "ADDRESS", "14 Marsh Road, Preston, PR1 4X"),
    ("She is at 14 Marsh Road, Preston, PR1 4XYZ.", "ADDRESS", "14 Marsh Road, Preston, PR1 4XYZ"),
    ("She is at 14 Marsh Road, Preston, PR14 XY.", "ADDRESS", "14 Marsh Road, Preston, PR14 XY"),
    ("She is at 14 Marsh Road, Preston PR1 4 XY.", "ADDRESS", "14 Marsh Road, Preston PR1 4 XY"),
    ("He lives on Brookside, Penwortham.", "ADDRESS", "Brookside, Penwortham"),
    ("She lives on the Moor Nook estate with the children.", "ADDRESS", "the Moor Nook estate"),
    ("He is on a site at Ashworth Travellers Site, Darwen.", "ADDRESS", "Ashworth Travellers Site, Darwen"),
    ("Their home: Beech House, Goosnargh.", "ADDRESS", "Beech House, Goosnargh"),
    ("He is sleeping at Windy Ridge, Longridge.", "ADDRESS", "Windy Ridge, Longridge"),
    ("He is moored at Tithebarn Marina, Garstang.", "ADDRESS", "Tithebarn Marina, Garstang"),
    ("She is at 3 (1F) Spottiswoode Street, Edinburgh EH9 1EP.", "ADDRESS",
     "3 (1F) Spottiswoode Street, Edinburgh EH9 1EP"),
    ("She lives at Glan Môr, Y Felinheli LL56 4JA.", "ADDRESS", "Glan Môr, Y Felinheli LL56 4JA"),
    ("She lives at 8 Cnoc an t-Sìthein, Stornoway HS1 2QX.", "ADDRESS", "8 Cnoc an t-Sìthein, Stornoway HS1 2QX"),
    ("His last address was KINGSWAY HOUSE, KINGSWAY, PRESTON.", "ADDRESS", "KINGSWAY HOUSE, KINGSWAY, PRESTON"),
    ("She is at The Maltings, Lancaster.", "ADDRESS", "The Maltings, Lancaster"),
    ("The car was seen on CHURCH BROW, WALTON-LE-DALE last night.", "ADDRESS", "CHURCH BROW, WALTON-LE-DALE"),
    ("She is at rose cottage, mill lane, wray la2 8qj.", "ADDRESS", "rose cottage, mill lane, wray la2 8qj"),
    ("He is at the old rectory, church lane, wray la2 8qj.", "ADDRESS", "the old rectory, church lane, wray la2 8qj"),
    ("She lives in one of the new houses on Cottam Way, Cottam.", "ADDRESS", "the new houses on Cottam Way, Cottam"),
    # dates of birth in lists, tables read cell by cell, and at the end of a sentence
    ("Dates of birth of children: Leah 12/06/2016, Sam 01/02/2019", "DATE_OF_BIRTH", "01/02/2019"),
    ("Name\nDOB\nAnn\n04/03/2015\nBob\n05/05/2017", "DATE_OF_BIRTH", "05/05/2017"),
    ("Name Relationship DOB\nAnn Lee Mother 04/03/1990.", "DATE_OF_BIRTH", "04/03/1990"),
    # (sample_docs/written2) a postcode district after its street, junctions, joined towns, rooms in hostels
    ("The car was seen in Westmoreland Street, G42. She left.", "ADDRESS", "Westmoreland Street, G42"),
    ("She moved to 58 Coppermill Lane E17 last week.", "ADDRESS", "58 Coppermill Lane E17"),
    ("They drink at the corner of Victoria Road and Allison Street most nights.", "ADDRESS",
     "Victoria Road and Allison Street"),
    ("Her mother has a caravan at Marsh Lane, Cley next the Sea.", "ADDRESS", "Marsh Lane, Cley next the Sea"),
    ("- 2024: Room 6 at the Salvation Army hostel, 12 Booth Street, London E1 7QD", "ADDRESS",
     "Room 6 at the Salvation Army hostel, 12 Booth Street, London E1 7QD"),
    ("A cousin is on a narrowboat, nb Kingfisher, Springfield Marina, Upper Clapton E5 9BG.", "ADDRESS",
     "narrowboat, nb Kingfisher, Springfield Marina, Upper Clapton E5 9BG"),
    ("He stays with a mate in Lisnagade, Scarva.", "LOCATION", "Lisnagade, Scarva"),
    ("He was at his grandmother's, Mullaghbane, Forkhill, South Armagh, and then left.", "LOCATION",
     "Mullaghbane, Forkhill, South Armagh"),
    ("The neighbour has moved to the Rathcoole estate and still calls.", "LOCATION", "Rathcoole estate"),
    ("Tegan said it's called Rose Cottage and there are chickens.", "ADDRESS", "Rose Cottage"),
    # Northern Irish and suffix-format registrations, beside a vehicle word
    ("Mr Magill's van (KXZ 4821) was parked there.", "VEHICLE_REG", "KXZ 4821"),
    ("He drove an old Ford, ABC 123D, to the house.", "VEHICLE_REG", "ABC 123D"),
    # schools in capitals and early-years settings; workplaces by how people leave or drive for them
    ("ST JUST PRIMARY SCHOOL - SAFEGUARDING LOG", "SCHOOL", "ST JUST PRIMARY SCHOOL"),
    ("Rory will go to Pollokshields Early Years Centre from August.", "SCHOOL", "Pollokshields Early Years Centre"),
    ("Ellie goes to after-school club at Langside Out of School Care.", "SCHOOL", "Langside Out of School Care"),
    ("Mr Magill has been laid off from Harland & Wolff.", "WORKPLACE", "Harland & Wolff"),
    ("He has started driving for McCulla Transport in Lisburn.", "WORKPLACE", "McCulla Transport in Lisburn"),
    ("She is on maternity leave from Glasgow City Council Home Care.", "WORKPLACE", "Glasgow City Council Home Care"),
    ("She also works Saturdays at the Sainsbury's Local on Hoe Street.", "WORKPLACE",
     "the Sainsbury's Local on Hoe Street"),
    ("Mum's cousin works at the Principality Stadium and lives nearby.", "WORKPLACE", "the Principality Stadium"),
    ("They are on the Brook Farm travellers' site, Canterbury CT3 4AB.", "ADDRESS",
     "the Brook Farm travellers' site, Canterbury CT3 4AB"),
    ("Her parents are at Lower Trewen Farm, Laneast, Launceston.", "ADDRESS", "Lower Trewen Farm, Laneast, Launceston"),
    ("Employer: Tesco, Hedge End\nDate: none", "WORKPLACE", "Tesco, Hedge End"),
    # (sample_docs/written3) a table cell or a form label starts the address; abbreviated streets alone
    ("06/2024 | 09/2025 | 12 Cotswold Rd, Windmill Hill, Bristol BS3 4NX (joint)", "ADDRESS",
     "12 Cotswold Rd, Windmill Hill, Bristol BS3 4NX"),
    ("Addresses:\n  2021-2023: 40 Sladefield Rd, Ward End B8 3PE", "ADDRESS", "40 Sladefield Rd, Ward End B8 3PE"),
    ("He was seen on Richardson Rd at night.", "ADDRESS", "Richardson Rd"),
    ("He drove to Chapel Ln, Farsley.", "ADDRESS", "Chapel Ln, Farsley"),
    ("She lives at 5 Maes y Coed, Caernarfon.", "ADDRESS", "5 Maes y Coed, Caernarfon"),
    ("Aisha attends Nansen Primary School, Alum Rock.", "SCHOOL", "Nansen Primary School, Alum Rock"),
    ("Rory is in Saltley Academy nursery class.", "SCHOOL", "Saltley Academy nursery class"),
    ("She lives at Unit 3, Bridge Industrial Estate, Widnes.", "ADDRESS", "Unit 3, Bridge Industrial Estate, Widnes"),
    ("The children are with foster carers in Frodsham for now.", "LOCATION", "Frodsham"),
    ("Date of Birth 2016-04-03", "DATE_OF_BIRTH", "2016-04-03"),
    ("Her NI number is QQ 12 34 56 C.", "NI_NUMBER", "QQ 12 34 56 C"),
    ("His van, WX 66 ABC, was outside.", "VEHICLE_REG", "WX 66 ABC"),
    ("Mr Smith was seen on Ashby Walk on Tuesday.", "ADDRESS", "Ashby Walk"),
    ("His car was parked at the end of Kelby Chase all night.", "ADDRESS", "Kelby Chase"),
    ("They took her to the cottage behind the Bell at Ulcombe.", "ADDRESS",
     "the cottage behind the Bell at Ulcombe"),
    ("She rents one of the big green flats by the docks in Methil now.", "ADDRESS",
     "the big green flats by the docks in Methil"),
    ("He knows the cottage down the lane from Derrytrasna chapel.", "ADDRESS",
     "the cottage down the lane from Derrytrasna chapel"),
    ("She is staying at her sister's in Richhill for now.", "LOCATION", "sister's in Richhill"),
    ("They went to his parents' place at Tullyroan.", "LOCATION", "parents' place at Tullyroan"),
    ("She is registered at the Globe Town surgery now.", "ADDRESS", "the Globe Town surgery"),
    ("GP: FELLVIEW MEDICAL PRACTICE.", "ADDRESS", "FELLVIEW MEDICAL PRACTICE"),
    ("Registered with Meddygfa Tanyfron.", "ADDRESS", "Meddygfa Tanyfron"),
    ("Placed in Rm 418 Premier Stay Hotel tonight.", "ADDRESS", "Rm 418 Premier Stay Hotel"),
    ("Now on the 3rd floor, Netherfield Heights.", "ADDRESS", "3rd floor, Netherfield Heights"),
    ("He sleeps on nb Kingfisher most nights.", "ADDRESS", "nb Kingfisher"),
    ("moved to ferryside berth 14 tonight", "ADDRESS", "ferryside berth 14"),
    ("they stay at Mossway number 9 now", "ADDRESS", "Mossway number 9"),
    ("His mother lives at Calle Los Naranjos 14 in Spain.", "ADDRESS", "Calle Los Naranjos 14"),
    ("Top Right (3/2), 9 Whitevale Place is hers.", "ADDRESS", "Top Right (3/2), 9 Whitevale Place"),
    ("She has the main door flat, 22 Marchfield Terrace.", "ADDRESS", "main door flat, 22 Marchfield Terrace"),
    ("Seen at 22 Marchfield Ter (main door) twice.", "ADDRESS", "22 Marchfield Ter (main door)"),
    ("hes at 27 gurney row again", "ADDRESS", "27 gurney row"),
    ("He stores stuff in the jigger behind 12 Elwy Terrace.", "ADDRESS", "the jigger behind 12 Elwy Terrace"),
    ("at his mate's flat over the Chinese takeaway on Caister High St now", "ADDRESS",
     "mate's flat over the Chinese takeaway on Caister High St"),
    ("She was above the barbers on Laird Street.", "ADDRESS", "above the barbers on Laird Street"),
    ("He is at number 6 Nansen Grove, off Breeze Hill.", "ADDRESS", "number 6 Nansen Grove, off Breeze Hill"),
    ("the last bungalow on Marsh Lane past the church was hers", "ADDRESS",
     "the last bungalow on Marsh Lane past the church"),
    ("ADDRESS: DRUMBRUGHAS DERRYLIN ENNISKILLEN BT 92 9XQ", "ADDRESS", "DRUMBRUGHAS DERRYLIN ENNISKILLEN BT 92 9XQ"),
    ("Flat 5 2 Baxters Cl EH1 lTQ", "ADDRESS", "Flat 5 2 Baxters Cl EH1 lTQ"),
    ("Mae hi yn Neuadd Glanrafon Bloc C.", "ADDRESS", "Neuadd Glanrafon Bloc C"),
    ("Her mobile is 07700 9OO 654 now.", "PHONE", "07700 9OO 654"),  # an O typed (or read) for a zero
    ("DOB: O4/1O/2O21", "DATE_OF_BIRTH", "O4/1O/2O21"),
    ("The car was SJ7O KXE again.", "VEHICLE_REG", "SJ7O KXE"),
    ("DOB 26 05 1993", "DATE_OF_BIRTH", "26 05 1993"),
    ("The postcode, S Y two three, one A R, she said.", "POSTCODE", "S Y two three, one A R"),
    ("Employment: scaffolder, Mersey Access Scaffolding, Brunswick Dock", "WORKPLACE",
     "Mersey Access Scaffolding, Brunswick Dock"),
    ("EMPLOYMENT: PART TIME AT SAINSBURYS BLACKHALL RD", "WORKPLACE", "SAINSBURYS BLACKHALL RD"),
    ("He is held at HMP Low Moss now.", "ADDRESS", "HMP Low Moss"),
    ("She is on Ward 32, Cumberland Infirmary this week.", "ADDRESS", "Ward 32, Cumberland Infirmary"),
    ("He was at 41 KIRKGATE last night.", "ADDRESS", "41 KIRKGATE"),
    ("He lives aboard MFV Lowenna now.", "ADDRESS", "MFV Lowenna"),
    ("HIS MAW'S IN GOVAN", "LOCATION", "MAW'S IN GOVAN"),
    ("They moved to 2 Bro Derwen last year.", "ADDRESS", "2 Bro Derwen"),
    ("They gave her the married quarters at Culdrose, 7 Anson Close from May.", "ADDRESS",
     "the married quarters at Culdrose, 7 Anson Close"),
    ("She rents the last van on the left at Sandhills Holiday Park now.", "ADDRESS",
     "the last van on the left at Sandhills Holiday Park"),
]  # fmt: skip


# What else a positive's text holds, found as well: {span: [(kind, text)]}.
ALSO = {
    "Stockport": [("MARKER", "refuge")],
    "Kids Planet nursery": [("ADDRESS", "Garstang Road")],
    "01/02/2019": [("DATE_OF_BIRTH", "12/06/2016")],  # a list of births: both are
    "05/05/2017": [("DATE_OF_BIRTH", "04/03/2015")],
}


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
    "Name: UDDIN, Jamal   CRN X418207   PNC 09/551873K",  # a case reference is no Eircode
    "She had two Family Court hearings.",
    "She was housed there 2019-2026 Children Act reviews.",  # a span of years is no house number
    "She's in Leeds today.",  # a contraction, not someone's home
    "He was at the house at Christmas and at the flat on Monday.",  # a day or a feast is no place
    "The house by the park was empty.",  # a description with no place named
    "The review met in Meeting Room 4, Howden House.",  # a meeting room is no one's room
    "DC Morag Lane took the statement.",  # a name after a rank is a person
    "Priya Lane, Senior Caseworker, attended.",  # and a name before a role
    "Practice Direction 12J applies to the hearing.",
    "The incident happened at the family home on Friday.",  # a description without a street or a place
    "SOLO FLY and IOU 2 are not numbers.",
    "Employment: None",
    "They met at the Gateway centre.",
    "The meeting at the Family Centre was short.",
    "We met at the Children's Centre.",
    "Contact took place at the Family Centre.",
    "Her case number is ABC1234 and F93 is blank.",
    "Statement taken by PC 1184 Wilkinson, Lincoln Police Station, West Parade.",  # an officer's station
    "The hearing is at Preston Crown Court, Openshaw Place.",
    "The paper is a work in progress at the Bank and may change.",  # a kind of place names no employer
    "She used to work for the Council.",
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
    # workplaces and schools: ordinary sentences with their words
    "The Core Group met on 3 March.",
    "Priya Nair, a social worker at Lancashire County Council, visited.",
    "I have been working with the family for Lancashire Children's Services since May.",
    "Jane is a family support worker at Home-Start Preston.",
    "Mum works hard at keeping the home.",
    "She works at the weekend and at night.",
    "She attends Leah's school.",
    "Sam attends a different primary school.",
    "He goes to the local primary school.",
    "She attends nursery at 9am.",
    "He went to college at Preston on Monday.",
    "The school, Mrs Patel said, was supportive.",
    "At school, Leah is quiet.",
    "The school (Year 4) reported.",
    "The letter said PS I miss you.",
    # addresses: what may follow a street with no comma, codes with a hyphen, what people live on
    "Form C1-2AB was filed.",
    "Ref AB1-2CD and more.",
    "Meeting in Room B1 2A.",
    "THE CHILD'S VIEW",
    "MOTHER'S VIEW",
    "The address of the Court is known.",
    "She went back to the family home, then the park.",
    "She lives on Universal Credit.",
    "He lives on his own.",
    "PNC ID 26/118845X. Vehicles linked: none.",  # "ID 26" is no Northern Irish registration
    "The van was stuck on the A1 in Year 10 traffic.",
    "GP: none\nNursery: none\nSchool: none",  # form labels in a column are no school's name
    "Dr Smith St John attended the review.",  # "St" and "Dr" before a name are no street's
    "Reference QQ 12 34 56 C is on the file.",  # NI-shaped with letters never issued, and nothing says NI
    "The hearing is at Crown Court on Monday, then on to the High Court.",
    "Isosceles Triangle\nUp Arrow\nDown Arrow\n4 Point Star",  # a list of shapes (a real PDF form)
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
    # issue 11: the label right before a date is its own; a birth mentioned earlier in prose is not
    ("Child: Leah Dunmore, DOB 12/06/2016\n03/02/2025 09:14 - Incoming call from Ms Dunmore",
     "12/06/2016", "03/02/2025"),
    ("Name: Leah Dunmore   DOB: 12/06/2016   Date of referral: 03/02/2025", "12/06/2016", "03/02/2025"),
    ("Name\nLeah Dunmore\nDOB\n12/06/2016\nDate of referral\n03/02/2025", "12/06/2016", "03/02/2025"),
    ("Leah (DOB 12/06/2016) was seen at school on 03/02/2025 with her teacher.", "12/06/2016", "03/02/2025"),
    ("Child's details\nName: Leah\nDOB: 12/06/2016\n\n03/02/2025\nHome visit completed.", "12/06/2016", "03/02/2025"),
    ("Date of birth: 12/06/2016 (age 8). Date of assessment: 03/02/2025", "12/06/2016", "03/02/2025"),
    ("DOB 12/06/2016. Mum said the baby was born early and on 14/02/2025 the health visitor came.",
     "12/06/2016", "14/02/2025"),
    ("DOB 12/06/2016. Her son was born in hospital. On 3 March 2025 she returned home.", "12/06/2016", "3 March 2025"),
    ("DOB 12/06/2016. DOB checked against the PNC on 03/02/2025", "12/06/2016", "03/02/2025"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "birth", "date"), OTHER_DATES, ids=[d[2] for d in OTHER_DATES])
def test_dates_near_a_birth_date_are_not_births(text: str, birth: str, date: str) -> None:
    assert date in text
    assert where(findings(text)) == [placed(text, "DATE_OF_BIRTH", birth)]  # the birth date only, not the other


@pytest.mark.parametrize(("text", "address"), [
    ("He was at 2 Bow Lane Tuesday.", "2 Bow Lane"),  # a day is not a town
    ("At 14 Marsh Road Leah and Sam were seen.", "14 Marsh Road"),  # the clause goes on: not a town
    ("He was seen at 2 Bow Lane Mum said.", "2 Bow Lane"),
])  # fmt: skip
def test_a_town_with_no_comma_only_where_the_clause_ends(text: str, address: str) -> None:
    assert [f.text for f in findings(text) if f.kind == "ADDRESS"] == [address]


def test_a_high_street_is_a_street_not_a_school() -> None:
    assert [(f.kind, f.text) for f in findings("She moved to Preston High Street last year.")] == [
        ("ADDRESS", "Preston High Street")]


@pytest.mark.parametrize("text", [
    "Claire now lives at The review panel met on",  # a column break after "at"
    "she moved to this area in May",
    "the family lives in their own flat",
])
def test_a_residence_is_never_a_lone_article_or_pronoun(text: str) -> None:
    assert findings(text) == []


def test_a_vague_ner_span_does_not_swallow_a_specific_finding() -> None:
    """NER's LOCATION 'the Brockholes Nature Reserve' (kept: a place in passing) covers the workplace
    the rules found inside it; the workplace must stay, and a PERSON inside an ADDRESS still goes."""
    from redactor.detect import resolve

    def f(kind: str, start: int, end: int, detector: str) -> Finding:
        return Finding(kind, "x" * (end - start), 0, start, end, detector, f"{detector}/{kind}", 0.8, "")

    place = f("LOCATION", 20, 49, "ner")
    work = f("WORKPLACE", 24, 49, "pattern")
    assert resolve([place, work]) == [place, work]
    address = f("ADDRESS", 0, 40, "pattern")
    assert resolve([address, f("PERSON", 5, 12, "ner")]) == [address]
    assert resolve([address, f("LOCATION", 30, 40, "ner")]) == [address]


def test_a_second_employer_after_and_at_is_one_too() -> None:
    found = [(f.kind, f.text) for f in findings("Their mother works at Geevor Tin Mine and at the Spar in Pendeen.")]
    assert found == [("WORKPLACE", "Geevor Tin Mine"), ("WORKPLACE", "the Spar in Pendeen")]
    weekends = findings("She works at Tesco and at weekends at home.")
    assert [(f.kind, f.text) for f in weekends] == [("WORKPLACE", "Tesco")]
