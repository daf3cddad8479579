"""The generator's own vocabularies: UK address parts written from the UK's address conventions
(Royal Mail's address forms, common and regional thoroughfare words, Welsh and Gaelic forms),
deliberately NOT read from rules/*.yaml, so that the model is a different opinion from the rules."""

from __future__ import annotations


def _w(text: str) -> list[str]:
    return text.split()


FIRST = _w("""Claire Gary Mia Aisha Tom Hannah Kieran Shauna Bethan Rhys Siobhan Callum Priya Imran Zofia Piotr
Leanne Dean Kayleigh Jordan Amira Yusuf Nia Gethin Eilidh Fraser Morag Declan Niamh Sinead Tyler Chloe Jade
Ryan Kerry Wayne Stacey Lewis Grace Oliver Amelia Harry Isla Jack Poppy Noah Ava Musa Fatima Bogdan Alina
Ewan Catriona Dylan Seren Owain Ffion Tariq Samira Daniel Emma Liam Sophie Connor Megan""")
SURNAME = _w("""Mottram Pickford Rahman Khan Jones Williams Davies Evans Thomas Roberts Hughes Lewis Morgan Griffiths
MacLeod MacDonald Campbell Stewart Murray O'Neill Byrne Kelly Walsh Nowak Kowalski Smith Taylor Brown Wilson
Johnson Wright Walker Robinson Thompson White Hall Green Wood Harris Clarke Jackson Hussain Begum Ali Patel
Shah Singh Kaur Okafor Mensah Adeyemi Novak Popescu Ionescu Fletcher Barker Hargreaves Entwistle Pollard""")

# Stems a street name is made of (place words, trees, people, landmarks): English and otherwise.
STEM = _w("""Mill Church Station Park Victoria Albert Queen King Prince Oak Elm Ash Beech Birch Willow Rowan Holly
Hawthorn Chestnut Cedar Larch Hazel Poplar Alder Sycamore Maple Laurel Heather Bracken Fern Primrose Bluebell
Daisy Clover Foxglove Meadow Orchard Brook River Canal Bridge Ferry Harbour Quarry Forge Smithy Tannery
Ropewalk Wharf Granary Malt Brewery Pottery Colliery Foundry Windmill Castle Abbey Priory Chapel Minster
Vicarage Rectory Manor Grange Hall Court Tower Market Cross Well Spring Fountain Pond Lake Moss Marsh Heath
Common Green Field Acre Croft Moor Fell Pike Crag Ridge Hill Down Dale Vale Glen Clough Dene Holme Carr Ings
Kirk Kings Queens Bishops Nelson Wellington Cromwell Gladstone Peel Stanley Derby Grosvenor Cavendish
Stafford Lancaster York Windsor Balmoral Sandringham Clarence Coronation Jubilee Festival Eastfield Westfield
Northfield Southfield Highfield Longfield Broadfield Greenfield Springfield Ashfield Mayfield Brookfield
Fairfield Hillside Riverside Lakeside Brookside Woodside Parkside Burnside Seaview Bellevue Beaconsfield
Cotswold Pennine Mendip Malvern Quantock Chiltern Cheviot Snowdon Ben Lomond Tildarg Ardmore Ravenhill
Drumaroad Knock Lisburn Carrick Bally Mina Cotswold Coppermill Markhouse Tolworth Kelby Ashby Tenter
Tanpit Pinfold Ropery Kiln Cinder Slag Coal Iron Copper Silver Gold Lime Chalk Flint Sand Clay Stone""")

# Thoroughfare words after the name: common, less common and regional (England, Scotland, NI).
SUFFIX_COMMON = _w("""Road Street Lane Avenue Close Drive Way Court Crescent Grove Terrace Place Gardens Walk Mews
Rise Hill Row Square Parade Green View Park""")
SUFFIX_RARE = _w("""Wynd Loke Twitten Chare Gate Vennel Brow Fold Garth Croft Dale Bank Side Meadows Leys Ride
Circus Quay Wharf Yard Boulevard Esplanade Promenade Mount Heights End Nook Hey Loan Brae Causeway Chase
Copse Dell Glade Grange Paddock Pastures Orchard Spinney Vale Wood Cross Approach Link Spur Path Ginnel
Snicket Steps Passage Alley Row Bridge Embankment Hollow Knoll Ley Rigg Haugh Shaw Lea Moor Field Fields
Oval Precinct Arcade Market Villas Cottages Buildings Houses Mansions""")
SUFFIX_ABBR = ["Rd", "St", "Ave", "Cl", "Dr", "Cres", "Gdns", "Ln", "Pl", "Sq", "Terr", "Ct", "Gr"]
# One-word streets with no separate type word.
NO_SUFFIX = _w("""Kingsway Westway Eastway Ringway Broadway Parkway Queensway Causeway Southway Northway Highway
Fairway Greenway Midway Colonnade Headrow Shambles Briggate Kirkgate Micklegate Stonegate Fishergate
Westgate Eastgate Northgate Southgate Castlegate Highgate Moorgate Aldgate Bootham Strand Crescent
Boulevard Esplanade Promenade Parade Quadrant Pavement Backs Bullring Cornmarket Haymarket""")

# Welsh: the type first ("Heol y Bont", "Stryd Fawr", "Ffordd y Capel"), letters with diacritics.
WELSH_TYPE = ["Heol", "Ffordd", "Stryd", "Lôn", "Rhodfa", "Cilgant", "Maes", "Llwyn", "Clos", "Teras", "Ffordd",
              "Heol", "Stryd"]
WELSH_REST = ["y Bont", "y Capel", "yr Eglwys", "Fawr", "Fach", "Newydd", "Isaf", "Uchaf", "y Parc", "Glyndŵr",
              "y Felin", "y Farchnad", "yr Orsaf", "Tŷ Gwyn", "Dewi", "Cadwaladr", "Gwynedd", "y Dderwen",
              "Llywelyn", "y Môr", "Penrhôs", "Bryn Glas", "Cwm", "y Castell", "Tawe", "y Dŵr", "Pen-y-Bryn",
              "yr Ysgol", "Bodelwyddan", "Cynan", "Garth", "Tegid"]
# Scottish Gaelic (bilingual street signs): "Sràid na h-Eaglaise", "Rathad a' Chladaich".
GAELIC = ["Sràid na h-Eaglaise", "Rathad a' Chladaich", "Sràid a' Mhuilinn", "Rathad na Mara", "Sràid Bhictoria",
          "Ceann a' Bhàigh", "Sràid an Rìgh", "Rathad Dhùn Èideann", "Sràid na Drochaid", "Lòn Mòr"]

# House, farm and building names (no number), and the words they are built from.
HOUSE_WORD = _w("""Cottage House Farm Lodge Hall Barn Mill Manor Villa Grange Croft Cottages Farmhouse Bungalow
Court Place Steading Byre Bothy Lodge Mews Rectory Vicarage Coach-House Stables Granary Oast Chapel""")
HOUSE_FIRST = _w("""Rose Ivy Honeysuckle Jasmine Lavender Holly Yew Oak Ash Beech Elm Willow Meadow Orchard Brook
Mill Well Spring Hill Moor Fell Dale Glen Heather Bracken Thistle Primrose Lilac Clematis Wisteria Old New
Lower Upper Little Great High Low Middle White Red Green Grey Black Stone Brick Thatch Swallow Owl Kestrel
Heron Fox Badger Hare Lark Wren Robin Dove Home Valley Sunny Bank Hilltop Wayside Greystones Fieldview""")
HOUSE_WHOLE = ["The Grange", "The Old Rectory", "The Old School House", "The Laurels", "The Willows", "The Beeches",
               "The Cedars", "The Firs", "The Hollies", "The Limes", "The Poplars", "The Elms", "The Old Forge",
               "The Old Post Office", "The Coach House", "The Bothy", "The Byre", "The Steading", "Bryn Hyfryd",
               "Tŷ Coch", "Tŷ Gwyn", "Pen-y-Bryn", "Llys Gwyn", "Bwthyn Bach", "Hafod", "Gwêl y Môr",
               "Tigh na Mara", "Taigh a' Chladaich", "Dunroamin", "Fairhaven", "Woodlands", "Greenacres",
               "Kilnhurst", "Ashgrove", "Sunnyside", "Braeside", "Glenview", "Rowanlea", "Hillcrest",
               "Ropewalk House", "Kestrel House", "Ashton House", "Quayside Lofts", "Mill Court", "Victoria Mansions",
               "Albion Buildings", "Jubilee Cottages", "Station Cottages", "Coronation Villas"]
ESTATE = ["Broadwater Farm Estate", "Priory Court Estate", "Ferrier Estate", "Park Hill Estate", "Canal Side Estate",
          "Byker Estate", "Hulme Estate", "Meadowell Estate", "Blackbird Leys", "Castle Vale", "Easterhouse"]

# Towns and localities, many of more than one word.
TOWN = _w("""Crewe Macclesfield Congleton Nantwich Sandbach Chester Warrington Preston Leyland Chorley Penwortham
Blackburn Burnley Bolton Wigan Oldham Rochdale Bury Stockport Salford Manchester Liverpool Birkenhead Leeds
Bradford Halifax Huddersfield Wakefield Barnsley Sheffield Rotherham Doncaster York Hull Grimsby Lincoln
Nottingham Derby Leicester Coventry Birmingham Wolverhampton Walsall Dudley Cannock Lichfield Tamworth Stafford
Shrewsbury Telford Hereford Worcester Gloucester Cheltenham Swindon Bristol Bath Exeter Plymouth Truro Taunton
Yeovil Bournemouth Poole Southampton Portsmouth Brighton Hastings Maidstone Canterbury Dover Ashford Croydon
Walthamstow Tottenham Hackney Lewisham Ilford Romford Luton Bedford Northampton Peterborough Cambridge Norwich
Ipswich Colchester Chelmsford Basildon Reading Slough Oxford Banbury Newcastle Gateshead Sunderland Durham
Darlington Middlesbrough Carlisle Kendal Lancaster Blackpool Cardiff Swansea Newport Wrexham Bangor Caernarfon
Aberystwyth Carmarthen Llanelli Pwllheli Porthmadog Dolgellau Glasgow Edinburgh Aberdeen Dundee Inverness
Perth Stirling Paisley Kilmarnock Ayr Dumfries Kirkcaldy Cumbernauld Livingston Belfast Derry Lisburn Newry
Omagh Enniskillen Castlewellan Portadown Stornoway Tobermory Portree Oban Fort-William""")
TOWN_MULTI = ["Stoke-on-Trent", "Newcastle upon Tyne", "Newcastle-under-Lyme", "Bishop's Stortford",
              "Market Harborough", "Ashby-de-la-Zouch", "Sutton Coldfield", "Kirkby in Ashfield", "Milton Keynes",
              "Hemel Hempstead", "Welwyn Garden City", "Bury St Edmunds", "Kings Lynn", "King's Lynn", "St Helens",
              "St Albans", "Burton upon Trent", "Weston-super-Mare", "Stratford-upon-Avon", "Leighton Buzzard",
              "Melton Mowbray", "Newton Abbot", "Haywards Heath", "Royal Tunbridge Wells", "Tunbridge Wells",
              "West Bromwich", "Sutton-in-Ashfield", "Llanfair Caereinion", "Merthyr Tydfil", "Ebbw Vale",
              "Blaenau Ffestiniog", "Betws-y-Coed", "Llandrindod Wells", "Newtown St Boswells", "North Berwick",
              "East Kilbride", "Port Glasgow", "Kirkcudbright", "Castle Douglas", "Newton Stewart",
              "Bridge of Allan", "Milngavie", "Carrickfergus", "Newtownabbey", "Downpatrick",
              "Castlewellan, Co. Down", "Enniskillen, Co. Fermanagh", "Ystradgynlais", "Pen-y-groes", "Llanrwst",
              "Great Yarmouth", "Little Hulton", "High Wycombe", "Chipping Norton", "Church Stretton",
              "Much Wenlock", "Long Eaton", "Castle Cary", "Saffron Walden"]
LOCALITY = ["St Werburghs", "Windmill Hill", "Cotham", "Easton", "Moss Side", "Hulme", "Ancoats", "Levenshulme",
            "Chapel Allerton", "Headingley", "Harehills", "Kirkstall", "Handsworth", "Sparkbrook", "Aston",
            "Everton", "Anfield", "Toxteth", "Byker", "Jesmond", "Walker", "Gorbals", "Govan", "Partick",
            "Leith", "Gorgie", "Splott", "Grangetown", "Canton", "Penwortham", "Fulwood", "Ribbleton",
            "Shavington", "Wistaston", "Willaston", "Bollington", "Upton", "Hoole", "Tarvin"]
COUNTY = ["Cheshire", "Lancashire", "Merseyside", "West Yorkshire", "Staffordshire", "Gwynedd", "Powys",
          "Ceredigion", "Fife", "Highland", "Co. Antrim", "Co. Tyrone", "Devon", "Cornwall", "Kent", "Essex"]

POSTCODE_AREA = _w("""AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
E EC EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N
NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN
TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE""")
INWARD_OK = "ABDEFGHJLNPQRSTUWXYZ"
INWARD_NEVER = "CIKMOV"  # letters Royal Mail never issues in the inward code (mistyped, misheard)

# Sub-building and other things before the number.
FLAT_WORD = ["Flat", "Flat", "Flat", "Apartment", "Apt", "Unit", "Maisonette", "Studio", "Room", "Suite"]
FLOOR = ["Ground Floor Flat", "Basement Flat", "Top Floor Flat", "First Floor Flat", "Garden Flat",
         "Second Floor", "Upper Flat", "Lower Flat"]
HOSTEL = ["Salvation Army Hostel", "YMCA", "Foyer", "Night Shelter", "Emergency Accommodation", "Bed and Breakfast",
          "Supported Housing", "Refuge", "Guest House", "Care Home", "Nursing Home", "Hall of Residence"]
CARAVAN = ["Caravan Park", "Holiday Park", "Park Homes", "Travellers' Site", "Travellers Site", "Residential Park",
           "Mobile Home Park", "Gypsy and Traveller Site"]
MARINA = ["Marina", "Moorings", "Boatyard", "Basin", "Wharf"]
BOAT = ["Kingfisher", "Dragonfly", "Morning Star", "Lazy Days", "Otter", "Bluebell", "Serendipity", "Hobbit"]
