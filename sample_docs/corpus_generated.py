"""A seeded, generated case note: a housing history full of unregistered addresses.

The addresses are composed from made-up streets, real town names and format-valid,
made-up postcodes, in the forms people really type (commas or none, capitals, no space
in the postcode, flats, named houses, abbreviations). Rents and dates are look-alikes.
"""

from __future__ import annotations

import random

STREETS = [
    "Alder", "Brindley", "Cheviot", "Dunham", "Elmore", "Fairholme", "Gorsey", "Hatherton",
    "Ingleby", "Jubilee", "Kingsmead", "Larchwood", "Marbury", "Netherfield", "Ormerod",
    "Pennine", "Quarrybank", "Radnor", "Shipbrook", "Tarvin", "Ullswater", "Vernon",
    "Whitegate", "Yarwood",
]
SUFFIXES = [
    "Road", "Street", "Avenue", "Close", "Drive", "Lane", "Crescent", "Grove", "Way",
    "Terrace", "Gardens", "Place", "Walk", "Mews", "Rise", "Court", "Rd", "St", "Ave",
]
TOWNS = [
    ("Macclesfield", "SK10"), ("Congleton", "CW12"), ("Crewe", "CW1"), ("Nantwich", "CW5"),
    ("Stockport", "SK4"), ("Knutsford", "WA16"), ("Northwich", "CW9"), ("Warrington", "WA2"),
    ("Chester", "CH3"), ("Leeds", "LS9"), ("Manchester", "M14"), ("Stoke-on-Trent", "ST4"),
    ("Buxton", "SK17"), ("Wilmslow", "SK9"), ("Salford", "M6"), ("Birmingham", "B23"),
]
HOUSES = ["Holly Cottage", "The Laurels", "Orchard House", "Beech View", "Fernlea"]
BUILDINGS = ["Albion Court", "Mercer House", "Canal Wharf", "Kingsway Lofts"]
INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random, district: str) -> str:
    return f"{district} {rng.randint(1, 9)}{rng.choice(INWARD)}{rng.choice(INWARD)}"


def address(rng: random.Random, street: str, form: int) -> str:
    town, district = rng.choice(TOWNS)
    code = postcode(rng, district)
    number = rng.randint(2, 140)
    forms = [
        f"{number} {street}, {town} {code}",
        f"{number} {street}, {town}, {code}",
        f"Flat {rng.randint(1, 12)}, {number} {street}, {town}",
        f"{rng.choice(HOUSES)}, {number} {street}, {town} {code}",
        f"{number}{rng.choice('abc')} {street}",
        f"{number} {street}, {town} {code}".upper(),
        f"{number} {street} {town} {code.replace(' ', '')}",
        f"Apartment {rng.randint(1, 40)}, {rng.choice(BUILDINGS)}, {number} {street}, {code}",
        f"{number} {street}\n{town}\n{code}",
    ]
    return forms[form % len(forms)]


def money(rng: random.Random) -> str:
    return f"£{rng.randrange(450, 900, 5)} per month"


def period(rng: random.Random, year: int) -> tuple[str, str]:
    months = ["January", "March", "April", "June", "August", "September", "November"]
    return f"{rng.choice(months)} {year}", f"{rng.choice(months)} {year + 1}"


def entry(rng: random.Random, street: str, form: int, year: int) -> str:
    text = address(rng, street, form)
    # The last frame copies the address as it was laid out on a form: one part a line.
    text = text.replace(", ", "\n") if form % 4 == 3 else text.replace("\n", ", ")
    addr = f"[[A|{text}]]"
    start, end = period(rng, year)
    frames = [
        f"[[look|{start}]] to [[look|{end}]]: {addr} (private rented, [[look|{money(rng)}]]).",
        f"Ms Mottram lived at {addr} from [[look|{start}]] until [[look|{end}]].",
        f"The tenancy at {addr} ended in [[look|{end}]] with arrears of "
        f"[[look|£{rng.randrange(200, 2000, 10):,}]].",
        f"Address given to the GP in [[look|{start}]]:\n{addr}",
    ]
    return frames[form % len(frames)]


def housing_history(rng: random.Random, count: int = 18) -> str:
    """The template text (front matter and body) of the generated housing history."""
    streets = rng.sample(STREETS, count)
    suffixes = [rng.choice(SUFFIXES) for _ in streets]
    body = [
        "# Housing history",
        "Compiled for the Child in Need review from tenancy records, GP registrations and "
        "what Ms Mottram has told us. Earlier addresses matter because Mr Pickford knows "
        "some of them and may look for the family through relatives still living there.",
    ]
    for i, (name, suffix) in enumerate(zip(streets, suffixes, strict=True)):
        body.append(entry(rng, f"{name} {suffix}", i, 2005 + i))
    head = ("case: cs-2024-0317.yaml\nreader: father\nfolder: notes\n"
            "title: Housing history\n---\n")
    return head + "\n\n".join(body) + "\n"
