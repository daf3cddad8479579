"""Builds the three .docx documents of the independent evaluation set (ind02-*).
Text of each document is kept here. Run: /work/main/.venv/bin/python build_docx.py"""
import os
from docx import Document

HERE = os.path.dirname(os.path.abspath(__file__))

DOCS = {
"ind02-02-core-group-minute.docx": {
 "header": ["Nene Valley Council – Children's Services",
            "Core Group Meeting – Minutes – OFFICIAL-SENSITIVE"],
 "footer": ["Safe contact for Ms Ashworth: 07700-900-982 (text first, never leave a voicemail). Minutes distributed by secure email only."],
 "body": [
  ("p", "Core Group Meeting – Mason Ashworth"),
  ("p", "Date: 16/07/2024, 10:00 to 11:30"),
  ("p", "Venue: Meeting Room 2, Clarendon House, 21 Fetter Street, Northampton, NN1 4HR"),
  ("p", "Chair: Priya Chandran, Social Worker. Minutes: Lorraine Betts, Business Support."),
  ("p", "Case reference: Ref 2024 0031 87. Child Protection Plan under the category of emotional abuse, agreed at the Initial Child Protection Conference on 24/06/2024."),
  ("p", "Core group members and contact details (this table must be removed before the minutes are sent to Mr Ashworth):"),
  ("table", [
    ["Name", "Role", "Address", "Phone"],
    ["Kerry Ashworth", "Mother", "Flat 2, Willow Court, 8 Cherwell Chare, Northampton, NN3 8WF", "07700 900 982"],
    ["Mason Ashworth", "Child (did not attend)", "As above", "–"],
    ["Helen Marsh", "Designated Safeguarding Lead, Brookfield Park Primary School", "Via the school office", "01632 960 377"],
    ["Jo Kaur", "IDVA service", "Not given", "Via the MARAC coordinator"],
    ["Priya Chandran", "Social Worker", "Clarendon House, 21 Fetter Street, Northampton, NN1 4HR", "03069 990214"],
    ["Darren Ashworth", "Father (invited separately, did not attend)", "27 Mallard Way, Duston, NN5 6TB", "07700 900 640"],
  ]),
  ("p", "1. Apologies. School Nurse (apologies sent). Mr Ashworth was invited to a separate meeting on 15/07/2024 and did not attend."),
  ("p", "2. Update since conference. Mr Ashworth was arrested again on 02/07/2024 (incident 1123 of 02/07/2024) after he was seen outside Oakleigh House Care Home waiting for Ms Ashworth to finish her shift. He has been remanded on conditional bail with an exclusion zone. Ms Ashworth and Mason moved into the flat on Cherwell Chare on 28/06/2024, a private let arranged with help from the council's Housing Options team. The old tenancy at Larkspur Crescent, NN27QX, has been surrendered and the landlord has agreed not to give a forwarding address to anyone."),
  ("p", "3. School. Helen Marsh reported that Mason's attendance since the conference is 89%, up from 84%. He is having ELSA sessions on Tuesday afternoons and has made a \"worry box\" with his teacher. School have removed Mr Ashworth from the ParentPay account. From 04/09/2024 Mason will move to St Crispin's C of E Academy, which is nearer the flat; he will be in Year 4, Elm Class. Brookfield Park Primary School will pass on his records by secure transfer only."),
  ("p", "4. Mother. Ms Ashworth has reduced her hours at Oakleigh House Care Home to three days a week. She has applied for £250 from the Household Support Fund and Citizens Advice are helping with a school uniform grant (order number 4410 2291 87). Her car, av68 rkt, was found to have a tracking device fitted and has been sold. She would like appointment letters sent to kerry.a.safe@example.com from now on, and not to her old email address."),
  ("p", "5. Father. Mr Ashworth's application in the family court (NN24P00412) is listed for a First Hearing Dispute Resolution Appointment on 12/08/2024. He has been told by Probation that he is on the waiting list for a domestic abuse perpetrator programme."),
  ("p", "6. Health. Mason's CAMHS appointment has been brought forward to 30/07/2024. The GP surgery has been asked to use NHS number 6795742288 on all letters and to record that Mr Ashworth has no right to information about Mason's address."),
  ("p", "7. Actions. Priya Chandran to complete direct work with Mason (\"three houses\") by 30/07/2024. Jo Kaur to review the safety plan with Ms Ashworth, including the new route to school. School to share the plan with the receiving school before 04/09/2024. Women's Aid to offer Ms Ashworth a place on the next Freedom Programme group."),
  ("p", "Next core group: 13/08/2024 in Meeting Room 4, Clarendon House. Review Child Protection Conference: 18/09/2024."),
 ]},
"ind02-04-letter-to-mother.docx": {
 "header": ["Tawe Borough Council | Cyngor Bwrdeistref Tawe – Child and Family Services",
            "Tŷ Tawe, 5 Kingsway Court, Swansea, SA1 5LQ",
            "Duty team: 03069 990731"],
 "footer": ["Copy sent by email to RHIAN.PRITCHARD@EXAMPLE.ORG | Child: Cerys Pritchard, date of birth 22.06.2017, NHS number 480 689 9909 | We welcome correspondence in Welsh."],
 "body": [
  ("p", "PRIVATE AND CONFIDENTIAL – ADDRESSEE ONLY"),
  ("p", "Ms R Pritchard"),
  ("p", "Flat 4"), ("p", "Glanmor House"), ("p", "Lôn Bedwen"), ("p", "Sketty"), ("p", "Swansea"), ("p", "SA2 9QR"),
  ("p", "16 July 2024"),
  ("p", "Our ref: SL/2024/0209"),
  ("p", "Dear Ms Pritchard,"),
  ("p", "Re: Cerys – outcome of assessment and care and support plan"),
  ("p", "Thank you for meeting me at Tŷ Tawe on 9 July 2024 with your IDVA. I am writing to confirm what we agreed and what will happen next."),
  ("p", "Our assessment under section 21 of the Social Services and Well-being (Wales) Act 2014 has concluded that Cerys needs care and support, and a care and support plan will now be put in place. Cerys will not need to be placed on the child protection register, because you have acted protectively throughout and have kept her safe since you left Heol Penlan."),
  ("p", "Cerys's school. You asked whether Cerys can stay at Ysgol Bryn Derw. I have spoken to the headteacher, who is happy for her to stay until the end of Blwyddyn 2, and the council will provide transport under the home-to-school transport policy. The school have changed their records so that post is no longer sent to sa5 9bh, and staff know that Mr Pritchard must not collect her. If you decide to move her, a place is available from September at Ysgol Gynradd Nant y Wenallt, where Cerys could join Dosbarth Dryw (Wren class)."),
  ("p", "Court proceedings. Mr Pritchard's application for a child arrangements order (case number SA24P00093) is listed at the Swansea Civil Justice Centre on 2 September 2024. Your non-molestation order under section 42 of the Family Law Act 1996 remains in force until 3 December 2024. If Mr Pritchard breaches it, please call 999 and quote incident 0712 of 03/06/2024."),
  ("p", "Money and practical help. A payment of £75 from the Discretionary Assistance Fund has been approved and should reach your account within 5 working days. Your car, CP66WLN, is still registered to the old address, so please remember to update the DVLA. Your manager at Tawe Valley Bakery has agreed to change your shifts so that you finish before the end of the school day."),
  ("p", "Contacting you. I will only contact you on your new mobile and by email, and I have removed your old number from our records. The contacts we discussed are set out below. If you are ever in danger, the Live Fear Free helpline is free and open 24 hours."),
  ("table", [
    ["Name", "Address", "Phone"],
    ["You (for our records)", "Flat 4, Glanmor House, Lôn Bedwen, Sketty, Swansea, SA2 9QR", "07700 900 539"],
    ["Siân Llewellyn, your social worker", "Tŷ Tawe, 5 Kingsway Court, Swansea, SA1 5LQ", "03069 990731"],
    ["Ysgol Gynradd Bryn Derw (Cerys's school)", "Heol Derw, Treboeth, Swansea, SA5 9DQ", "01632 960552"],
    ["Gwen Morgan, your IDVA", "Via the IDVA service", "07700 900 702"],
  ]),
  ("p", "I will review the plan with you in six weeks. Please do not hesitate to contact me if anything changes."),
  ("p", "Yours sincerely,"),
  ("p", "Siân Llewellyn"),
  ("p", "Social Worker, Child and Family Services"),
  ("p", "cc: Gwen Morgan, IDVA service"),
 ]},
"ind02-08-school-liaison-note.docx": {
 "header": ["Mersey Vale Metropolitan Borough Council – Children's Services",
            "School Liaison Note – OFFICIAL-SENSITIVE"],
 "footer": ["Safe contact for Ms Whitcombe: mobile +44 7700 900863 or work email l.whitcombe@brightwater.example.com – not to be given to Mr Dunmore."],
 "body": [
  ("p", "School: St Winifred's Catholic Primary School"),
  ("p", "Pupil: Ellie-May Dunmore     DOB: 03/02/2015     Year 4, Class 4W"),
  ("p", "Date of meeting: 22/05/2024, 3.45pm, Room 12 (Family Support Room)"),
  ("p", "Present: Tom Okafor (Social Worker), Mrs Anita Ahmed (Designated Safeguarding Lead), Mr Paul Devlin (Class Teacher)"),
  ("p", "Case reference: Ref 2024 0117 52"),
  ("p", "1. Purpose. To agree how school and Children's Services will share information while the section 47 enquiry is completed, and to update the list of adults who may collect Ellie-May."),
  ("p", "2. Update from Children's Services. Tom explained that the strategy discussion on 15/05/2024 agreed a section 47 enquiry for Ellie-May and her brother. Mr Dunmore is on police bail and must not contact Ms Whitcombe. He has not been told where the family will live if they move, and school should not confirm any address to him."),
  ("p", "3. School records. Mrs Ahmed confirmed that the school's management information system shows the home address as 62 Thornfield Avenue and that this record will now be marked confidential. Ms Whitcombe has asked that ParentMail messages go to LEANNE.WHITCOMBE86@EXAMPLE.COM only. Mrs Ahmed will check that Mr Dunmore's access to the parent app has been removed."),
  ("p", "4. Attendance and progress. Ellie-May's attendance is 92.4% against a school target of 96%. She is working at the expected standard in reading and below it in maths. She has started weekly ELSA sessions and enjoys them. Mr Devlin said she is quieter than usual and often asks whether her mum will be at the gate."),
  ("p", "5. Collection. Ms Whitcombe works at Brightwater Opticians until 3pm on weekdays and is usually on time. She sometimes parks her red Kia (MF17 YHP) on the staff car park, which Mrs Ahmed has agreed to. Alfie attends Little Acorns Day Nursery, and on Tuesdays and Thursdays the maternal grandmother collects both children. A password has been agreed. The adults below are the only ones who may collect Ellie-May, except Mr Dunmore, who may not:"),
  ("table", [
    ["Name", "Address", "Phone"],
    ["Leanne Whitcombe (mother)", "Flat 3, 62 Thornfield Ave, Edgeley, SK3 9PJ", "07700 900 863"],
    ["Mrs Carol Whitcombe (maternal grandmother)", "Pear Tree Cottage, Mellor Brow, Mellor, Stockport, SK6 5OC", "0161 496 0732"],
    ["Craig Dunmore (father – NOT permitted to collect)", "9 Coppice Rise, Marple, SK6 7NW", "07700 900 345"],
    ["Tom Okafor (social worker)", "Hallam House, 40 Wellington Parade, Stockport, SK1 3XG", "03069 990588"],
  ]),
  ("p", "6. Operation Encompass. School will continue to receive Operation Encompass notifications from the Police and will record them on CPOMS. Any notification will be passed to Tom the same day."),
  ("p", "7. Support. Ellie-May is eligible for the Pupil Premium (£1,480 this year), which will fund her ELSA sessions and a place at breakfast club. A referral to CAMHS will be discussed with the GP surgery. Ms Whitcombe has been given information about Women's Aid and the IDVA service."),
  ("p", "8. Actions. Mrs Ahmed to update the collection list today. Tom to send the section 47 outcome by 29/05/2024. Next liaison meeting: 19/06/2024 in Room 12."),
  ("p", "Completed by Tom Okafor, 22/05/2024. If Mr Dunmore contacts school, staff should give him only the duty line, 03069 990588."),
 ]},
}


def build(name, spec):
    doc = Document()
    sec = doc.sections[0]
    hdr = sec.header
    hdr.paragraphs[0].text = spec["header"][0]
    for t in spec["header"][1:]:
        hdr.add_paragraph(t)
    ftr = sec.footer
    ftr.paragraphs[0].text = spec["footer"][0]
    for t in spec["footer"][1:]:
        ftr.add_paragraph(t)
    for kind, content in spec["body"]:
        if kind == "p":
            doc.add_paragraph(content)
        else:
            table = doc.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for i, row in enumerate(content):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    doc.save(os.path.join(HERE, name))


if __name__ == "__main__":
    for n, s in DOCS.items():
        build(n, s)
        print("wrote", n)
