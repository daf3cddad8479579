"""Writes NAME.labels.json for the ind02-* documents from the specs below.
Each spec lists (kind, text, known); every occurrence of the text is labelled, except
occurrences lying inside an occurrence of a longer labelled text (e.g. a street inside
a full address). Occurrence index = index among all identical (whitespace-stripped)
occurrences in the document text."""
import json, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from check_reports import doc_text, strip_ws, find_all

T, F = True, False
COMMON_ORGS = []

SPECS = {
"ind02-01-cfa-extract.txt": dict(case="ind-2025-0201.yaml", labels=[
  ("DATE_OF_BIRTH", "14/09/2016", T), ("NHS_NUMBER", "679 574 2288", F),
  ("DATE_OF_BIRTH", "02/05/1991", F),
  ("ADDRESS", "Larkspur Crescent, Kingsthorpe", T), ("ADDRESS", "Larkspur Crescent", T),
  ("ADDRESS", "27 Mallard Way, Duston, Northampton, NN5 6TB", F),
  ("ADDRESS", "The Old Forge, Tanner's Garth, Upton, Northampton NN5 4UJ", F),
  ("PHONE", "01632 960415", F), ("POSTCODE", "nn2 7qx", T),
  ("PHONE", "+44 7700 900417", T), ("PHONE", "07700 900982", F),
  ("EMAIL", "KERRY.ASHWORTH@EXAMPLE.ORG", T), ("VEHICLE_REG", "AV68RKT", T),
  ("SCHOOL", "Brookfield Park Primary", T), ("SCHOOL", "St Crispin's CofE Academy", F),
  ("WORKPLACE", "Oakleigh House", T), ("WORKPLACE", "Co-op on Harlestone Road", F)],
 lookalikes=["Clarendon House, 21 Fetter Street, Northampton, NN1 4HR", "03069 990214",
  "Ref 2024 0031 87", "incident 0456 of 12/03/2024", "crime reference 24000187345",
  "section 17 of the Children Act 1989", "Year 3 (Kestrel Class)", "87%", "96%", "£1,450",
  "the family home", "Meeting Room 4", "28/03/2024", "04/03/2024", "NN24P00412",
  "IDVA service", "Women's Aid", "Citizens Advice", "CAMHS", "the GP surgery", "the Police",
  "18 weeks", "Clarendon House"],
 ordinary=["Mason presents as a bright and sociable boy", "Northampton Central Assessment Team",
  "Freedom Programme", "the support of the maternal grandmother", "Universal Credit claim"]),

"ind02-02-core-group-minute.docx": dict(case="ind-2025-0201.yaml", labels=[
  ("PHONE", "07700-900-982", F),
  ("ADDRESS", "Flat 2, Willow Court, 8 Cherwell Chare, Northampton, NN3 8WF", F),
  ("PHONE", "07700 900 982", F), ("SCHOOL", "Brookfield Park Primary School", T),
  ("PHONE", "01632 960 377", F), ("ADDRESS", "27 Mallard Way, Duston, NN5 6TB", F),
  ("PHONE", "07700 900 640", F), ("WORKPLACE", "Oakleigh House Care Home", T),
  ("ADDRESS", "Cherwell Chare", F), ("ADDRESS", "Larkspur Crescent, NN27QX", T),
  ("SCHOOL", "St Crispin's C of E Academy", F), ("VEHICLE_REG", "av68 rkt", T),
  ("EMAIL", "kerry.a.safe@example.com", F), ("NHS_NUMBER", "6795742288", F)],
 lookalikes=["Meeting Room 2, Clarendon House, 21 Fetter Street, Northampton, NN1 4HR",
  "Clarendon House, 21 Fetter Street, Northampton, NN1 4HR", "03069 990214", "Ref 2024 0031 87",
  "24/06/2024", "incident 1123 of 02/07/2024", "89%", "84%", "Year 4, Elm Class", "ParentPay",
  "£250", "Household Support Fund", "order number 4410 2291 87", "NN24P00412",
  "First Hearing Dispute Resolution Appointment on 12/08/2024", "CAMHS", "The GP surgery",
  "Women's Aid", "IDVA service", "Citizens Advice", "Meeting Room 4, Clarendon House", "18/09/2024",
  "Housing Options team"],
 ordinary=["Core Group Meeting – Mason Ashworth", "worry box", "Freedom Programme",
  "Chair: Priya Chandran, Social Worker", "Minutes distributed by secure email only."]),

"ind02-03-strategy-discussion.txt": dict(case="ind-2025-0202.yaml", labels=[
  ("DATE_OF_BIRTH", "03/02/2015", T), ("NHS_NUMBER", "492 212 1676", F),
  ("DATE_OF_BIRTH", "21/08/2021", F), ("SCHOOL", "St Winifred's RC Primary", T),
  ("ADDRESS", "Flat 3, 62 Thornfield Avenue,\nEdgeley, Stockport SK3 9PJ", T),
  ("ADDRESS", "9 Coppice Rise, Marple, Stockport, SK6 7NW", F),
  ("ADDRESS", "Thornfield Avenue", T), ("PHONE", "+44 7700 900 863", T),
  ("WORKPLACE", "Brightwater Opticians", T),
  ("ADDRESS", "Pear Tree Cottage, Mellor Brow, Mellor, SK6 5OC", F),
  ("PHONE", "0161 496 0732", F), ("SCHOOL", "Little Acorns Day Nursery", F),
  ("EMAIL", "l.whitcombe@brightwater.example.com", F)],
 lookalikes=["Meeting Room 4, Hallam House", "Ref 2024 0117 52", "log 1187 of 14/05/2024",
  "crime reference CRI/06PP/0045123/24", "section 47, Children Act 1989", "Year 4 (Class 4W)",
  "91.3%", "17 of 27", "Family Law Act 1996", "£640", "Working Together to Safeguard Children 2023",
  "03069 990588", "Hallam House, 40 Wellington Parade, Stockport, SK1 3XG", "MARAC", "IDVA service",
  "Citizens Advice", "the GP surgery", "Operation Encompass", "02/04/2024", "29/05/2024",
  "0-19 Service", "Greater Manchester Police"],
 ordinary=["The threshold for a section 47 enquiry is met for both children",
  "Ellie-May will be seen alone at school", "her maternal grandmother, Mrs Carol Whitcombe",
  "closed after Early Help involvement"]),

"ind02-04-letter-to-mother.docx": dict(case="ind-2025-0203.yaml", labels=[
  ("ADDRESS", "Flat 4\nGlanmor House\nLôn Bedwen\nSketty\nSwansea\nSA2 9QR", F),
  ("ADDRESS", "Heol Penlan", T), ("SCHOOL", "Ysgol Bryn Derw", T), ("POSTCODE", "sa5 9bh", T),
  ("SCHOOL", "Ysgol Gynradd Nant y Wenallt", F), ("VEHICLE_REG", "CP66WLN", T),
  ("WORKPLACE", "Tawe Valley Bakery", T),
  ("ADDRESS", "Flat 4, Glanmor House, Lôn Bedwen, Sketty, Swansea, SA2 9QR", F),
  ("PHONE", "07700 900 539", F), ("SCHOOL", "Ysgol Gynradd Bryn Derw", T),
  ("ADDRESS", "Heol Derw, Treboeth, Swansea, SA5 9DQ", F), ("PHONE", "01632 960552", F),
  ("PHONE", "07700 900 702", F), ("EMAIL", "RHIAN.PRITCHARD@EXAMPLE.ORG", T),
  ("DATE_OF_BIRTH", "22.06.2017", T), ("NHS_NUMBER", "480 689 9909", F)],
 lookalikes=["Tŷ Tawe, 5 Kingsway Court, Swansea, SA1 5LQ", "03069 990731",
  "section 21 of the Social Services and Well-being (Wales) Act 2014", "SA24P00093",
  "section 42 of the Family Law Act 1996", "incident 0712 of 03/06/2024", "£75",
  "Discretionary Assistance Fund", "5 working days", "Blwyddyn 2", "Dosbarth Dryw (Wren class)",
  "2 September 2024", "16 July 2024", "3 December 2024", "Our ref: SL/2024/0209", "IDVA service",
  "Live Fear Free helpline", "DVLA", "999", "Swansea Civil Justice Centre", "Tŷ Tawe on 9 July 2024"],
 ordinary=["Dear Ms Pritchard,", "Yours sincerely,", "care and support plan",
  "We welcome correspondence in Welsh.", "PRIVATE AND CONFIDENTIAL – ADDRESSEE ONLY"]),

"ind02-05-court-statement.txt": dict(case="ind-2025-0202.yaml", labels=[
  ("DATE_OF_BIRTH", "03.02.2015", T), ("DATE_OF_BIRTH", "21/08/2021", F),
  ("ADDRESS", "9 Coppice Rise, Marple, SK6 7NW", F),
  ("ADDRESS", "Flat 3, 62 Thornfield Avenue, Edgeley", T),
  ("ADDRESS", "14 Bracken Ginnel, Romiley, Stockport, SK6 4XQ", F),
  ("ADDRESS", "Thornfield Avenue", T), ("POSTCODE", "sk3 9pj", T),
  ("WORKPLACE", "Carrbrook Logistics Ltd", F), ("WORKPLACE", "Brightwater Opticians", T),
  ("VEHICLE_REG", "MF17YHP", T), ("VEHICLE_REG", "YR21 KLU", F),
  ("SCHOOL", "St Winifred's Catholic Primary School", T),
  ("SCHOOL", "Bredbury Green Pre-School", F), ("PHONE", "07700-900-863", T),
  ("EMAIL", "Leanne.Whitcombe86@example.com", T), ("PHONE", "07700 900 194", F)],
 lookalikes=["Case No: SK24P00187", "Hallam House, 40 Wellington Parade, Stockport, SK1 3XG",
  "Practice Direction 12J", "20 June 2024", "GMP log 1187 of 14/05/2024", "section 47 enquiry",
  "Year 5", "£3,200", "the family home", "MARAC held on 30 May 2024", "IDVA service", "Women's Aid",
  "CAMHS", "the GP surgery", "section 7 report from Cafcass", "Statement No. 1",
  "Exhibits: TO1 to TO3", "Social Work England", "exhibit TO2", "9 August 2024",
  "IN THE MATTER OF THE CHILDREN ACT 1989"],
 ordinary=["IN THE FAMILY COURT SITTING AT STOCKPORT",
  "I believe that the facts stated in this witness statement are true",
  "supervised contact at a contact centre", "Alfie is too young to express a view."]),

"ind02-06-refuge-referral.txt": dict(case="ind-2025-0204.yaml", labels=[
  ("DATE_OF_BIRTH", "17/01/1993", F),
  ("ADDRESS", "Flat 2/1, 17 Kilberry Street,\nDundee, DD3 6LX", T),
  ("PHONE", "+447700900118", T), ("EMAIL", "AMY.ROBERTSON.DD@EXAMPLE.COM", T),
  ("VEHICLE_REG", "SN20FKD", T), ("WORKPLACE", "Tayview Leisure", T),
  ("DATE_OF_BIRTH", "09/11/2014", T), ("SCHOOL", "Ashgrove Primary", T),
  ("ADDRESS", "63 Balgowan Avenue, Lochee, Dundee, DD2 3HS", F),
  ("ADDRESS", "12 Kinloch Brae, Broughty Ferry, Dundee, DD5 2EW", F),
  ("PHONE", "07700 900 276", F)],
 lookalikes=["Ballantyne House, 18 Cowgate Wynd, Dundee, DD1 2QT", "03069 990460",
  "Ref 2024 0452 19", "22/08/2024", "Primary 5 (class P5B)", "Child Protection Register",
  "15/08/2024", "section 1 of the Domestic Abuse (Scotland) Act 2018",
  "Police Scotland incident 1534 of 21/08/2024", "scored 18", "Dundee MARAC", "ASSIST service",
  "the GP surgery", "£1,126.40", "CAMHS", "Children's Hearings (Scotland) Act 2011",
  "Dundee Sheriff Court", "case F123/24", "Safe and Together", "Strathearn Women's Aid",
  "outwith Dundee"],
 ordinary=["She has no pets.", "Lewis sleeps poorly and may need his own bed",
  "Ms Robertson has given informed consent to this referral", "REFERRAL FOR REFUGE ACCOMMODATION"]),

"ind02-07-housing-needs-note.txt": dict(case="ind-2025-0203.yaml", labels=[
  ("DATE_OF_BIRTH", "30/10/1994", F), ("DATE_OF_BIRTH", "22/06/2017", T),
  ("ADDRESS", "31 Heol Penlan, Treboeth,\nSwansea SA5 9BH", T),
  ("ADDRESS", "4 Maes y Coed, Morriston, Swansea, SA6 6PE", F), ("ADDRESS", "Heol Penlan", T),
  ("ADDRESS", "Tŷ Gwyn, Heol y Parc, Pontarddulais, SA4 8OC", F), ("PHONE", "01632 960 208", F),
  ("WORKPLACE", "Tawe Valley Bakery", T), ("SCHOOL", "Ysgol Gynradd Bryn Derw", T),
  ("SCHOOL", "Ysgol Gynradd Nant y Wenallt", F),
  ("ADDRESS", "Flat 4, Glanmor House, Lôn Bedwen, Sketty, Swansea SA2 9QR", F),
  ("PHONE", "07700900251", T), ("EMAIL", "rhian.pritchard@EXAMPLE.org", T),
  ("VEHICLE_REG", "CP66 WLN", T)],
 lookalikes=["HA/24/01873", "Ref 2024 0209 66", "Interview Room 2",
  "Tŷ Tawe, 5 Kingsway Court, Swansea, SA1 5LQ", "03069 990731", "occurrence 2400187563",
  "incident 0712 of 03/06/2024", "section 55 of the Housing (Wales) Act 2014", "section 73",
  "section 68", "£1,240", "£386.50", "£112.50", "Blwyddyn 1", "Discretionary Assistance Fund",
  "Citizens Advice", "IDVA service", "Welsh Women's Aid", "MARAC on 20/06/2024", "Sanctuary Scheme",
  "the family home", "South Wales Police", "Housing Benefit", "DVLA", "12/06/2024"],
 ordinary=["She is eligible and has a priority need", "Next review: 25/06/2024",
  "Housing Options Officer", "from Tŷ Tawe"]),

"ind02-08-school-liaison-note.docx": dict(case="ind-2025-0202.yaml", labels=[
  ("PHONE", "+44 7700 900863", T), ("EMAIL", "l.whitcombe@brightwater.example.com", F),
  ("SCHOOL", "St Winifred's Catholic Primary School", T), ("DATE_OF_BIRTH", "03/02/2015", T),
  ("ADDRESS", "62 Thornfield Avenue", T), ("EMAIL", "LEANNE.WHITCOMBE86@EXAMPLE.COM", T),
  ("WORKPLACE", "Brightwater Opticians", T), ("VEHICLE_REG", "MF17 YHP", T),
  ("SCHOOL", "Little Acorns Day Nursery", F),
  ("ADDRESS", "Flat 3, 62 Thornfield Ave, Edgeley, SK3 9PJ", T), ("PHONE", "07700 900 863", T),
  ("ADDRESS", "Pear Tree Cottage, Mellor Brow, Mellor, Stockport, SK6 5OC", F),
  ("PHONE", "0161 496 0732", F), ("ADDRESS", "9 Coppice Rise, Marple, SK6 7NW", F),
  ("PHONE", "07700 900 345", F)],
 lookalikes=["Year 4, Class 4W", "22/05/2024", "Room 12 (Family Support Room)", "Ref 2024 0117 52",
  "section 47 enquiry", "15/05/2024", "92.4%", "96%", "Operation Encompass", "CPOMS",
  "Pupil Premium (£1,480 this year)", "CAMHS", "the GP surgery", "Women's Aid", "IDVA service",
  "the Police", "Hallam House, 40 Wellington Parade, Stockport, SK1 3XG", "03069 990588",
  "29/05/2024", "19/06/2024", "ParentMail"],
 ordinary=["School Liaison Note – OFFICIAL-SENSITIVE", "A password has been agreed.",
  "She has started weekly ELSA sessions and enjoys them", "breakfast club"]),

"ind02-09-marac-sharing.txt": dict(case="ind-2025-0204.yaml", labels=[
  ("DATE_OF_BIRTH", "17/01/1993", F), ("DATE_OF_BIRTH", "09/11/2014", T),
  ("SCHOOL", "Ashgrove PS", T), ("ADDRESS", "Kilberry Street", T),
  ("ADDRESS", "63 Balgowan Avenue, Lochee, Dundee, DD2 3HS", F), ("POSTCODE", "dd3 6lx", T),
  ("ADDRESS", "5 Glenesk Loan, Arbroath, DD11 4PZ", F), ("PHONE", "01632 960 881", F),
  ("SCHOOL", "Brothock Bridge Primary School", F),
  ("ADDRESS", "Flat 2/1, 17 Kilberry St, Dundee DD3 6LX", T), ("PHONE", "07700 900 655", F),
  ("PHONE", "07700 900 118", T), ("EMAIL", "amyr.safe@example.org", F),
  ("WORKPLACE", "Tayview Leisure Centre", T), ("WORKPLACE", "Co-op on Keptie Street, Arbroath", F),
  ("VEHICLE_REG", "sn20 fkd", T), ("ADDRESS", "Glenesk Loan", F)],
 lookalikes=["Dundee MARAC, 29/08/2024", "Committee Room 2, Ballantyne House", "7 of 14",
  "Ref 2024 0452 19", "PS-20240821-1534", "DASH 18/24", "incident 1534 of 21/08/2024",
  "section 1 of the Domestic Abuse (Scotland) Act 2018", "Dundee Sheriff Court on 19/09/2024",
  "incident 0877 of 03/03/2024", "incident 2210 of 11/05/2024", "Child Protection Register",
  "HL/24/3391", "10 working days", "CAMHS", "the GP surgery", "NHS Tayside",
  "Tay MARAC ISP 2023, version 3.1", "Police Scotland", "ASSIST", "22-week wait", "05/09/2024"],
 ordinary=["Its contents must not be disclosed to Mr Baird", "The rent account is clear.",
  "Summary of risk", "Actions agreed"]),

"ind02-10-cp-conference-report.txt": dict(case="ind-2025-0201.yaml", labels=[
  ("DATE_OF_BIRTH", "14/09/2016", T), ("NHS_NUMBER", "679-574-2288", F),
  ("NHS_NUMBER", "420 007 1088", F),
  ("ADDRESS", "14 Larkspur Crescent\nKingsthorpe, Northampton, NN2 7QX", T),
  ("ADDRESS", "3 Wharfedale Mews, Headingley, Leeds, LS6 3OC", F), ("PHONE", "0113 496 0571", F),
  ("ADDRESS", "27 Mallard Way, Duston, Northampton, NN5 6TB", F), ("PHONE", "07700 900 982", F),
  ("PHONE", "07700-900-417", T), ("EMAIL", "Kerry.Ashworth@example.org", T),
  ("VEHICLE_REG", "AV68 RKT", T), ("WORKPLACE", "Oakleigh House Care Home", T),
  ("SCHOOL", "Brookfield Park Primary School", T)],
 lookalikes=["Conference Room 1, Clarendon House", "Ref 2024 0031 87", "NN24P00412",
  "incident 0987 of 09/06/2024", "crime reference 24000254419", "14/06/2024", "the family home",
  "Year 3, Kestrel Class", "84%", "order number 203-5567123-8841190", "3/10", "5/10",
  "Working Together to Safeguard Children 2023", "section 47 enquiry", "10 working days",
  "MARAC safety plan from 20/06/2024", "Women's Aid", "IDVA service", "CAMHS", "the GP surgery",
  "03069 990214", "Clarendon House, 21 Fetter Street, Northampton, NN1 4HR", "£1,450",
  "Citizens Advice", "11/06/2024"],
 ordinary=["What is working well?", "The grandmother is a strong source of support.",
  "Child Protection Plan under the category of emotional abuse", "Signs of Safety"]),
}


def make(name, spec):
    text = strip_ws(doc_text(os.path.join(HERE, name)))
    occs = []  # (start, end, kind, raw, known, index)
    for kind, raw, known in spec["labels"]:
        t = strip_ws(raw)
        found = find_all(text, t)
        if not found:
            raise SystemExit("%s: not found %r" % (name, raw))
        for i, s in enumerate(found):
            occs.append((s, s + len(t), kind, raw, known, i))
    out = []
    for o in occs:
        inside = any(p is not o and p[0] <= o[0] and o[1] <= p[1] and (p[1] - p[0]) > (o[1] - o[0])
                     for p in occs)
        if not inside:
            out.append(o)
    emitted = {o[3] for o in out}
    for _, raw, _ in spec["labels"]:
        if raw not in emitted:
            raise SystemExit("%s: %r only occurs inside other labels" % (name, raw))
    out.sort()
    labels = [{"kind": k, "text": raw, "occurrence": i, "known": kn} for _, _, k, raw, kn, i in out]
    data = {"case": spec["case"], "reader": "father", "labels": labels,
            "keep": spec["lookalikes"] + spec["ordinary"], "lookalikes": spec["lookalikes"]}
    with open(os.path.join(HERE, name + ".labels.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    print(name, len(labels), "labels")


if __name__ == "__main__":
    for n, s in SPECS.items():
        make(n, s)
