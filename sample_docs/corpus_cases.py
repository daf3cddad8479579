"""The synthetic case files of the corpus, in the SPEC's schema (written as YAML by generate.py).

Phones are Ofcom drama numbers, emails use example.org, postcodes are made up.
"""

from __future__ import annotations

from typing import Any

COUNCIL_ALLOW = [
    "Civic Centre, 1 Council Way, Crewe, CW1 2ZZ",
    "0300 123 4567",
    "childrens.services@example.org",
]

MOTTRAM: dict[str, Any] = {
    "case_id": "CS-2024-0317",
    "flags": ["domestic-abuse"],
    "parties": [
        {"id": "mother", "name": "Claire Mottram", "aliases": ["Miss Y", "Ms Mottram"],
         "markers": ["protected", "confidential-address", "police-marker"],
         "details": {
             "address": ["Flat 2, Ropewalk House, 41 Wharf Street, Macclesfield, SK11 6QP"],
             "phone": ["07700 900461", "01632 960123"],
             "email": ["claire.m@example.org"],
             "school": ["Brookside Primary School"],
             "workplace": ["Hollybank Garden Centre"],
             "vehicle": ["YX19 KLM"],
         }},
        {"id": "father", "name": "Gary Pickford", "aliases": ["Mr Pickford"],
         "markers": ["alleged-perpetrator"], "restricted_from": ["mother", "child"],
         "details": {"address": ["22 Bradshaw Lane, Congleton, CW12 1QJ"]}},
        {"id": "child", "name": "Mia Pickford", "aliases": ["Mia"],
         "markers": ["protected", "confidential-address"],
         "details": {"school": ["Brookside Primary School"], "date_of_birth": ["14/02/2016"],
                     "nhs_number": ["999 526 0182"]}},
        {"id": "school", "name": "Brookside Primary School", "markers": ["professional"]},
        {"id": "social-worker", "name": "Hannah Okafor", "markers": ["professional"]},
    ],
    "allow": COUNCIL_ALLOW,
}

RAHMAN: dict[str, Any] = {
    "case_id": "CS-2024-0611",
    "flags": ["domestic-abuse"],
    "parties": [
        {"id": "mother", "name": "Aisha Rahman", "aliases": ["Mrs Rahman"],
         "markers": ["protected", "refuge", "confidential-address"],
         "details": {
             "address": ["Room 6, The Haven, 90 Nantwich Road, Crewe, CW2 6AL",
                         "c/o Harbour Women's Aid, PO Box 4471, Leeds, LS1 9XZ"],
             "phone": ["0113 496 0716", "07700 900312"],
             "email": ["aisha.rahman@example.org"],
             "workplace": ["Kirkgate Pharmacy"],
             "ni_number": ["JM 73 04 19 D"],
             "date_of_birth": ["03/06/1991"],
         }},
        {"id": "husband", "name": "Imran Rahman", "aliases": ["Mr Rahman"],
         "markers": ["alleged-perpetrator"], "restricted_from": ["mother", "son", "daughter"]},
        {"id": "son", "name": "Yusuf Rahman", "aliases": ["Yusuf"],
         "markers": ["protected", "refuge"],
         "details": {"school": ["Greenhill Primary School"], "date_of_birth": ["27/08/2015"],
                     "nhs_number": ["999 159 0838"]}},
        {"id": "daughter", "name": "Maryam Rahman", "aliases": ["Maryam"],
         "markers": ["protected", "refuge"],
         "details": {"school": ["Little Acorns Day Nursery"], "date_of_birth": ["11/01/2020"],
                     "nhs_number": ["9990166137"]}},
        {"id": "idva", "name": "Rachel Green", "markers": ["professional"]},
    ],
    "allow": COUNCIL_ALLOW,
}

# Not flagged and no protection markers: the case note's own markers make it a
# domestic-abuse document, so every non-professional party but the reader is protected.
BOYD: dict[str, Any] = {
    "case_id": "CS-2024-0452",
    "flags": [],
    "parties": [
        {"id": "mother", "name": "Stacey Boyd", "aliases": ["Ms Boyd"],
         "details": {
             "address": ["9 Kestrel Close, Winsford, CW7 2QF"],
             "phone": ["07700 900587"],
             "email": ["stacey.boyd@example.org"],
             "workplace": ["Meadowbank Care Home"],
         }},
        {"id": "partner", "name": "Liam Ward", "aliases": ["Mr Ward"]},
        {"id": "child", "name": "Ellie Boyd", "aliases": ["Ellie"],
         "details": {"school": ["Winsford Oaks Primary School"]}},
        {"id": "health-visitor", "name": "Janet Moss", "markers": ["professional"]},
    ],
    "allow": COUNCIL_ALLOW,
}

# No domestic abuse anywhere: a professional reader may see everything.
PRITCHARD: dict[str, Any] = {
    "case_id": "CS-2023-1188",
    "flags": [],
    "parties": [
        {"id": "mother", "name": "Joanne Pritchard", "aliases": ["Mrs Pritchard"],
         "details": {"address": ["17 Rowan Way, Holmes Chapel, CW4 7DL"],
                     "phone": ["01632 960847"]}},
        {"id": "child", "name": "Oliver Pritchard", "aliases": ["Oliver"],
         "details": {"school": ["Oakwood Primary School"]}},
        {"id": "school", "name": "Oakwood Primary School", "markers": ["professional"]},
    ],
    "allow": COUNCIL_ALLOW,
}

OMBUDSMAN: dict[str, Any] = {
    "case_id": "OMB-23-009071",
    "flags": ["domestic-abuse"],
    "parties": [
        {"id": "complainant", "name": "Mrs X", "markers": ["protected", "confidential-address"],
         "details": {"phone": ["07700 900144"]}},
        {"id": "mr-y", "name": "Mr Y", "markers": ["alleged-perpetrator"],
         "restricted_from": ["complainant"]},
        {"id": "council", "name": "the Council", "markers": ["professional"]},
    ],
    "allow": COUNCIL_ALLOW,
}

CASES: dict[str, dict[str, Any]] = {
    "cs-2024-0317.yaml": MOTTRAM,
    "cs-2024-0611.yaml": RAHMAN,
    "cs-2024-0452.yaml": BOYD,
    "cs-2023-1188.yaml": PRITCHARD,
    "omb-23-009071.yaml": OMBUDSMAN,
}
