"""Look-alikes that must be left alone: statutes, forms, references, sums, times, pages, rooms.

A flat table of (text, look-alike): no finding of a locating kind (address, postcode,
phone, school, date of birth...) may touch a letter or digit of the look-alike. Each row
is a phrase a social-work document really carries next to the details that must go.
"""

from __future__ import annotations

import pytest
from quality_support import touched_by

LOOKALIKES = [
    # statutes, rules and court forms
    ("This assessment was started under Section 17 of the Children Act 1989 after a referral",
     "Section 17 of the Children Act 1989"),
    ("the threshold for s.47 enquiries was not met", "s.47"),
    ("enquiries under section 47 of the Children Act 1989 in 2021", "section 47 of the Children Act 1989"),
    ("a non-molestation order made under Part IV of the Family Law Act 1996 is in force",
     "Part IV of the Family Law Act 1996"),
    ("We owe you the main housing duty under Part 7 of the Housing Act 1996.", "Part 7 of the Housing Act 1996"),
    ("ask for a review under section 202 of the Housing Act 1996 within 21 days",
     "section 202 of the Housing Act 1996"),
    ("the direction under Rule 12.12 of the Family Procedure Rules 2010.",
     "Rule 12.12 of the Family Procedure Rules 2010"),
    ("in line with Article 8 of the European Convention on Human Rights.",
     "Article 8 of the European Convention on Human Rights"),
    ("The court will apply Practice Direction 12J at the first hearing.", "Practice Direction 12J"),
    ("The mother's application was made on Form FL401 and", "Form FL401"),
    ("her allegations are set out in her Form C1A.", "Form C1A"),
    ("Mr Pickford has applied on Form C100 for", "Form C100"),
    ("Working Together to Safeguard Children 2023 requires that", "Working Together to Safeguard Children 2023"),
    # reference numbers
    ("In the Family Court. Case number: MA24P00412", "MA24P00412"),
    ("A letter from the family court (LS24P00781, listed for 15 April 2024)", "LS24P00781"),
    ("Complaint reference: 23 009 071", "23 009 071"),
    ("Police informed; crime reference 06/44781/24.", "06/44781/24"),
    ("Police log 0456 of 01/03/2024.", "Police log 0456 of 01/03/2024"),
    ("Police informed. Incident number PND-20240315-0193.", "PND-20240315-0193"),
    ("Her solicitor (legal aid certificate 0A123456).", "0A123456"),
    ("Your reference: HOM/24/00917", "HOM/24/00917"),
    ("Our ref: CF/88213", "CF/88213"),
    ("Our reference: LAC/2291/JB", "LAC/2291/JB"),
    ("Apply for a Disability Living Allowance review (reference DLA/4471/OP)", "DLA/4471/OP"),
    ("His next appointment is on 22 May 2024 (clinic code AUD-7731).", "AUD-7731"),
    ("Case reference: CS-2024-0317", "CS-2024-0317"),
    ("a car seat (model BX-4410, £89.99) was approved", "model BX-4410"),
    ("Statement of Hannah Okafor. Exhibits HO1 to HO4", "HO1 to HO4"),
    # sums, times, dates that are not births, counts and pages
    ("Rent arrears of £1,250.00 are being repaid at £45.60 per week", "£1,250.00 are being repaid at £45.60 per week"),
    ("Supervised contact costs £62.50 per hour.", "£62.50 per hour"),
    ("He was offered an appointment at 10:30am on 21 February 2024 and", "10:30am on 21 February 2024"),
    ("05/02/2024 14:15. Telephone call to Ms Mottram", "05/02/2024 14:15"),
    ("after a referral from the police on 2 February 2024, when officers", "2 February 2024"),
    ("The next review is on Tuesday 9 April 2024 at 10:30am", "Tuesday 9 April 2024 at 10:30am"),
    ("it will collect you at 9.45am; please ring me by Friday 5 April", "9.45am"),
    ("Advised her to call 999 if he comes to the address", "999"),
    ("(see page 2 of the report for her attendance). Enc. School report (3 pages)", "page 2 of the report"),
    ("Page 2 of 6", "Page 2 of 6"),
    ("a DASH risk assessment with a score of 19 out of 27", "19 out of 27"),
    ("Her weight was 11.2 kg, on the 50th centile.", "11.2 kg, on the 50th centile"),
    ("Prepared by Rachel Green. Version 1.3", "Version 1.3"),
    ("She is in Year 3 and reads well", "Year 3"),
    ("The proposed Stage 2 plan (Appendix 3) should be reviewed", "Stage 2 plan (Appendix 3)"),
    ("see especially paragraph 4.2 and paragraph 6.1", "paragraph 4.2 and paragraph 6.1"),
    ("to apply for a Level 3 Diploma in Health and Social Care.", "Level 3 Diploma in Health and Social Care"),
    ("he drove up the M6 and then the A34 to get there", "the M6 and then the A34"),
    # words that open addresses, used for something else
    ("The review is in Meeting Room 2 at the Civic Centre.", "Meeting Room 2"),
    ("Venue: Meeting Room 4, Civic Centre", "Meeting Room 4"),
    ("She has completed Unit 3 of the Freedom Programme and", "Unit 3 of the Freedom Programme"),
    ("Ms Mottram has finished Unit 4 of the Freedom Programme.", "Unit 4"),
    ("The council pays a flat fee of £40 for each taxi.", "flat fee of £40"),
    ("Enc. School report (3 pages)", "Enc. School report"),
    ("Visit to Mia. School to phone Ms Mottram if anyone else arrives.", "School to phone"),
    ("The council will meet the cost of up to £25 each way.", "£25 each way"),
    ("4.1 I invite the court to order that contact remains supervised", "4.1 I invite the court"),
    ("A separate waiting area has been arranged on the ground floor.", "ground floor"),
    ("Her sister has offered to have the children for 2 weeks in August.", "2 weeks in August"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "phrase"), LOOKALIKES, ids=[x[1] for x in LOOKALIKES])
def test_lookalike_left_alone(text: str, phrase: str) -> None:
    assert touched_by(text, phrase) == []
