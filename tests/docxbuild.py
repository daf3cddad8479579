"""Building test DOCX files: python-docx for what it reaches, lxml and zipfile for the rest.

`CORPUS` holds one document per place of LEAKS.md's DOCX table, each carrying a
protected value (an address, a postcode, an email) in that place.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

ADDRESS = "41 Wharf Street"
POSTCODE = "SK11 6QP"
EMAIL = "claire.m@example.org"
SECRETS = (ADDRESS, POSTCODE, EMAIL)
INTRO = "Report for the family."
LABEL = "address withheld"

NSMAP = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "x": "urn:example:odd-producer",
}
W = "{" + NSMAP["w"] + "}"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NSMAP.items())


def pattern(value: str) -> re.Pattern[str]:
    """A value however it is spaced or broken across lines, in any case."""
    words = [re.escape(part) for part in value.split()]
    return re.compile(r"\s*".join(words), re.IGNORECASE)


# --- zip-level edits -------------------------------------------------------


def to_bytes(document: DocxDocument) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rebuild(data: bytes, changes: Mapping[str, bytes | None]) -> bytes:
    """The package with entries replaced, added (new names) or removed (None)."""
    parts = entries(data)
    for name, blob in changes.items():
        if blob is None:
            parts.pop(name, None)
        else:
            parts[name] = blob
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return out.getvalue()


def edit_xml(data: bytes, name: str, edit: Callable[[etree._Element], None]) -> bytes:
    root = etree.fromstring(entries(data)[name])
    edit(root)
    return rebuild(data, {name: etree.tostring(root, xml_declaration=True, encoding="UTF-8")})


def fragment(xml: str) -> list[etree._Element]:
    """Elements parsed from a snippet written with the usual prefixes (w:, r:, wp:, ...)."""
    return list(etree.fromstring(f"<root {_DECLS}>{xml}</root>"))


def add_override(data: bytes, part: str, content_type: str) -> bytes:
    def edit(root: etree._Element) -> None:
        ns = root.nsmap[None]
        etree.SubElement(root, f"{{{ns}}}Override", PartName=part, ContentType=content_type)

    return edit_xml(data, "[Content_Types].xml", edit)


def add_rel(data: bytes, rels: str, rid: str, rtype: str, target: str, external: bool = False) -> bytes:
    def edit(root: etree._Element) -> None:
        ns = root.nsmap[None]
        el = etree.SubElement(root, f"{{{ns}}}Relationship", Id=rid, Type=rtype, Target=target)
        if external:
            el.set("TargetMode", "External")

    return edit_xml(data, rels, edit)


def add_part(data: bytes, name: str, blob: bytes, content_type: str, rel: tuple[str, str, str, str]) -> bytes:
    """Add a part with its content type and one relationship (rels part, id, type, target)."""
    data = rebuild(data, {name: blob})
    data = add_override(data, "/" + name, content_type)
    return add_rel(data, *rel)


def append_body(data: bytes, xml: str) -> bytes:
    """Add block-level snippets (paragraphs, tables) at the end of the body."""

    def edit(root: etree._Element) -> None:
        body = root.find(f"{W}body")
        assert body is not None
        anchor = body.find(f"{W}sectPr")
        for el in fragment(xml):
            if anchor is not None:
                anchor.addprevious(el)
            else:
                body.append(el)

    return edit_xml(data, "word/document.xml", edit)


def base() -> DocxDocument:
    document = docx.Document()
    document.add_paragraph(INTRO)
    return document


def with_body(xml: str) -> bytes:
    return append_body(to_bytes(base()), xml)


def part_xml(root_tag: str, inner: str) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    return f"{head}<{root_tag} {_DECLS}>{inner}</{root_tag}>".encode()


def png(text: str | None = None) -> bytes:
    """A 1x1 PNG, with a tEXt chunk when ``text`` is given."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    head = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    extra = chunk(b"tEXt", b"Comment\x00" + text.encode("latin-1")) if text else b""
    pixels = chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
    return b"\x89PNG\r\n\x1a\n" + head + extra + pixels + chunk(b"IEND", b"")


def run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str) -> str:
    return f"<w:p>{''.join(runs)}</w:p>"


# --- the leak corpus: one builder per place ----------------------------------


def body_split_runs() -> bytes:
    document = base()
    p = document.add_paragraph("She lives at ")
    for text, bold in (
        ("41 Wh", True),
        ("arf St", False),
        ("reet", True),
        (", Macclesfield ", False),
    ):
        p.add_run(text).bold = bold
    p.add_run("SK11 ").italic = True
    p.add_run("6QP").italic = True
    p.add_run(" with the children.").bold = True
    return to_bytes(document)


def line_break() -> bytes:
    return with_body(para(run("Moved to 41 Wharf"), "<w:r><w:br/></w:r>", run("Street last week.")))


def table() -> bytes:
    document = base()
    cells = document.add_table(rows=2, cols=2).rows[1].cells
    cells[0].text = "Address"
    cells[1].text = f"{ADDRESS}, {POSTCODE}"
    return to_bytes(document)


def nested_table() -> bytes:
    document = base()
    outer = document.add_table(rows=1, cols=1).cell(0, 0)
    inner = outer.add_table(rows=1, cols=2)
    inner.cell(0, 1).text = f"Now at {ADDRESS}"
    return to_bytes(document)


def headers_and_footers() -> bytes:
    document = base()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    section.header.paragraphs[0].text = f"Default header {ADDRESS}"
    section.first_page_header.paragraphs[0].text = f"First page {POSTCODE}"
    section.even_page_footer.paragraphs[0].text = f"Even footer {EMAIL}"
    second = document.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = f"Section two {ADDRESS}"
    return to_bytes(document)


def _notes(kind: str) -> bytes:
    tag = kind[:-1]  # footnotes -> footnote
    inner = (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:id="1">{para(run(f"Source: {ADDRESS}"))}</w:{tag}>'
    )
    data = with_body(para(run("See note"), f'<w:r><w:{tag}Reference w:id="1"/></w:r>'))
    rel = ("word/_rels/document.xml.rels", "rIdN1", REL + kind, f"{kind}.xml")
    return add_part(data, f"word/{kind}.xml", part_xml(f"w:{kind}", inner), WML + f"{kind}+xml", rel)


def footnote() -> bytes:
    return _notes("footnotes")


def endnote() -> bytes:
    return _notes("endnotes")


def comment() -> bytes:
    document = base()
    kept = document.add_paragraph("Seen at home.").runs[0]
    document.add_comment(kept, text=f"Her new address is {ADDRESS}", author="Social Worker")
    return to_bytes(document)


def tracked_deletion() -> bytes:
    deleted = f'<w:del w:id="1" w:author="A"><w:r><w:delText>{ADDRESS}</w:delText></w:r></w:del>'
    return with_body(para(run("Moved from "), deleted, run(" to a new home.")))


def tracked_insertion() -> bytes:
    inserted = f'<w:ins w:id="2" w:author="A">{run(ADDRESS)}</w:ins>'
    changed = run(" now.", '<w:b/><w:rPrChange w:id="3" w:author="A"><w:rPr/></w:rPrChange>')
    return with_body(para(run("Lives at "), inserted, changed))


def tracked_move() -> bytes:
    moved_from = (
        '<w:moveFromRangeStart w:id="4" w:name="move1"/>'
        f'<w:moveFrom w:id="5" w:author="A">{run(POSTCODE)}</w:moveFrom>'
        '<w:moveFromRangeEnd w:id="4"/>'
    )
    moved_to = f'<w:moveTo w:id="6" w:author="A">{run(ADDRESS)}</w:moveTo>'
    return with_body(para(run("Was "), moved_from) + para(run("Is "), moved_to))


def hidden_text() -> bytes:
    return with_body(para(run("Visible words "), run(ADDRESS, "<w:vanish/>"), run(" stay.")))


def hidden_style() -> bytes:
    style = (
        '<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>'
    )
    data = edit_xml(with_body(para(run("Kept "), run(POSTCODE, '<w:rStyle w:val="Secret"/>'))),
                    "word/styles.xml", lambda root: root.extend(fragment(style)))  # fmt: skip
    return data


def style_revision() -> bytes:
    """A tracked formatting change recorded in styles.xml, not in the body."""
    style = (
        '<w:style w:type="character" w:styleId="Changed"><w:name w:val="Changed"/><w:rPr><w:b/>'
        '<w:rPrChange w:id="9" w:author="A"><w:rPr/></w:rPrChange></w:rPr></w:style>'
    )
    return edit_xml(to_bytes(base()), "word/styles.xml", lambda root: root.extend(fragment(style)))


def _txbx(text: str) -> str:
    return f"<w:txbxContent>{para(run(text))}</w:txbxContent>"


def text_box() -> bytes:
    choice = (
        '<mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/>'
        '<wp:docPr id="5" name="Text Box 5"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f"<wps:txbx>{_txbx(f'Box: {ADDRESS}')}</wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
    )
    fallback = (
        '<mc:Fallback><w:pict><v:shape id="tb5" style="width:72pt;height:72pt">'
        f"<v:textbox>{_txbx(f'Box: {ADDRESS}')}</v:textbox></v:shape></w:pict></mc:Fallback>"
    )
    return with_body(
        para(
            run("Before the box. "),
            f"<w:r><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r>",
        )
    )


def content_control() -> bytes:
    props = (
        f'<w:sdtPr><w:alias w:val="{ADDRESS}"/><w:tag w:val="{POSTCODE}"/><w:dropDownList>'
        f'<w:listItem w:displayText="{ADDRESS}" w:value="{POSTCODE}"/></w:dropDownList></w:sdtPr>'
    )
    inline = f"<w:sdt>{props}<w:sdtContent>{run(ADDRESS)}</w:sdtContent></w:sdt>"
    block = f"<w:sdt><w:sdtPr/><w:sdtContent>{para(run(f'Block {POSTCODE}'))}</w:sdtContent></w:sdt>"
    return with_body(para(run("Control: "), inline) + block)


def smart_tag() -> bytes:
    tag = (
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="Street">'
        f'<w:smartTagPr><w:attr w:name="addr" w:val="{ADDRESS}"/></w:smartTagPr>'
        f"{run(ADDRESS)}</w:smartTag>"
    )
    return with_body(para(run("Tagged "), tag))


def simple_field() -> bytes:
    field = f'<w:fldSimple w:instr=" MERGEFIELD Address "><w:r><w:t>{ADDRESS}</w:t></w:r></w:fldSimple>'
    return with_body(para(run("Merge: "), field))


def _complex_field(instruction: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def docproperty_field() -> bytes:
    field = _complex_field(" DOCPROPERTY ClientAddress ", ADDRESS)
    page = _complex_field(" PAGE ", "1")
    return with_body(para(run("Property: "), field) + para(run("Page "), page))


def hyperlink_field() -> bytes:
    field = _complex_field(f' HYPERLINK "mailto:{EMAIL}" ', "email her")
    return with_body(para(run("Contact: "), field))


def form_field() -> bytes:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:enabled/>'
        f'<w:textInput><w:default w:val="{ADDRESS}"/></w:textInput></w:ffData></w:fldChar></w:r>'
        '<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run(ADDRESS)}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return with_body(para(run("Form: "), field))


def core_properties() -> bytes:
    document = base()
    props = document.core_properties
    props.title, props.subject, props.keywords = ADDRESS, POSTCODE, EMAIL
    props.comments, props.author, props.category = ADDRESS, ADDRESS, POSTCODE
    props.last_modified_by = EMAIL
    return to_bytes(document)


def app_properties() -> bytes:
    def edit(root: etree._Element) -> None:
        for el in root:
            if el.tag.endswith("}Company") or el.tag.endswith("}Manager"):
                el.text = ADDRESS

    return edit_xml(to_bytes(base()), "docProps/app.xml", edit)


def custom_properties() -> bytes:
    inner = (
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ClientAddress">'
        f'<vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{ADDRESS}</vt:lpwstr></property>'
    )
    blob = f'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">{inner}</Properties>'
    rel = ("_rels/.rels", "rIdC1", REL + "custom-properties", "docProps/custom.xml")
    ctype = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    return add_part(docproperty_field(), "docProps/custom.xml", blob.encode(), ctype, rel)


def custom_xml() -> bytes:
    blob = f"<client><address>{ADDRESS}</address><postcode>{POSTCODE}</postcode></client>".encode()
    data = rebuild(to_bytes(base()), {"customXml/item2.xml": blob})
    return add_rel(data, "word/_rels/document.xml.rels", "rIdX2", REL + "customXml", "../customXml/item2.xml")


def glossary() -> bytes:
    inner = (
        '<w:docParts><w:docPart><w:docPartPr><w:name w:val="Addr"/></w:docPartPr>'
        f"<w:docPartBody>{para(run(ADDRESS))}</w:docPartBody></w:docPart></w:docParts>"
    )
    rel = (
        "word/_rels/document.xml.rels",
        "rIdG1",
        REL + "glossaryDocument",
        "glossary/document.xml",
    )
    blob = part_xml("w:glossaryDocument", inner)
    return add_part(to_bytes(base()), "word/glossary/document.xml", blob, WML + "document.glossary+xml", rel)


def document_variables() -> bytes:
    docvars = f'<w:docVars><w:docVar w:name="ClientAddress" w:val="{ADDRESS}"/></w:docVars>'
    return edit_xml(to_bytes(base()), "word/settings.xml", lambda root: root.extend(fragment(docvars)))


def picture() -> bytes:
    document = base()
    document.add_picture(io.BytesIO(png(f"Taken at {ADDRESS}")))
    document.add_paragraph("After the picture.")
    data = to_bytes(document)

    def edit(root: etree._Element) -> None:
        for el in root.iter("{" + NSMAP["wp"] + "}docPr"):
            el.set("descr", f"Front door of {ADDRESS}")
            el.set("title", POSTCODE)

    return edit_xml(data, "word/document.xml", edit)


def hyperlinks() -> bytes:
    document = base()
    p = document.add_paragraph("Write to ")
    for target, text in (
        (f"mailto:{EMAIL}", "her mailbox"),
        ("https://maps.example.org/", ADDRESS),
    ):
        rid = document.part.relate_to(target, RT.HYPERLINK, is_external=True)
        link = fragment(f'<w:hyperlink r:id="{rid}" w:tooltip="{POSTCODE}">{run(text)}</w:hyperlink>')[0]
        p._p.append(link)
    p.add_run(" today.")
    return to_bytes(document)


def shapes() -> bytes:
    wordart = (
        f'<w:r><w:pict><v:shape id="wa1" type="#_x0000_t136"><v:textpath string="{ADDRESS}"/></v:shape></w:pict></w:r>'
    )
    caption = (
        f'<w:tbl><w:tblPr><w:tblCaption w:val="{POSTCODE}"/>'
        f'<w:tblDescription w:val="{ADDRESS}"/></w:tblPr>'
        f"<w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{para(run('cell'))}</w:tc></w:tr></w:tbl>"
    )
    return with_body(para(run("Art "), wordart) + caption + para(run("End.")))


def math_and_stray() -> bytes:
    formula = f"<m:oMath><m:r><m:t>{POSTCODE}</m:t></m:r></m:oMath>"
    stray = f"<x:note>{ADDRESS}</x:note>"
    return with_body(para(run("Formula "), formula, stray) + f"<!-- {EMAIL} -->")


def embedded_object() -> bytes:
    obj = (
        '<w:r><w:object><v:shape id="ole1"/><o:OLEObject Type="Embed" ProgID="Package" '
        'ShapeID="ole1" r:id="rIdO1"/></w:object></w:r>'
    )
    data = with_body(para(run("Attached: "), obj))
    blob = b"\xd0\xcf\x11\xe0 OLE " + ADDRESS.encode()
    rel = ("word/_rels/document.xml.rels", "rIdO1", REL + "oleObject", "embeddings/oleObject1.bin")
    return add_part(
        data,
        "word/embeddings/oleObject1.bin",
        blob,
        "application/vnd.openxmlformats-officedocument.oleObject",
        rel,
    )


def macros() -> bytes:
    rel = (
        "word/_rels/document.xml.rels",
        "rIdV1",
        "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        "vbaProject.bin",
    )
    data = add_part(
        to_bytes(base()),
        "word/vbaProject.bin",
        b"VBA Attribute " + ADDRESS.encode(),
        "application/vnd.ms-office.vbaProject",
        rel,
    )

    def edit(root: etree._Element) -> None:
        for el in root:
            if el.get("PartName") == "/word/document.xml":
                el.set("ContentType", "application/vnd.ms-word.document.macroEnabled.main+xml")

    return edit_xml(data, "[Content_Types].xml", edit)


def unknown_part() -> bytes:
    rel = ("word/_rels/document.xml.rels", "rIdU1", "urn:example:mystery", "mystery.xml")
    return add_part(
        to_bytes(base()),
        "word/mystery.xml",
        f"<m>{ADDRESS}</m>".encode(),
        "application/x-mystery+xml",
        rel,
    )


def svg_picture() -> bytes:
    """A PNG picture with an SVG twin (as Word 365 stores icons); the SVG has a DOCTYPE."""
    document = base()
    document.add_picture(io.BytesIO(png()))
    document.add_paragraph("After the picture.")
    svg = f'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg><text>{ADDRESS}</text></svg>'
    data = rebuild(to_bytes(document), {"word/media/image2.svg": svg.encode()})
    data = add_rel(data, "word/_rels/document.xml.rels", "rIdSvg", REL + "image", "media/image2.svg")
    twin = (
        '<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip '
        'xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rIdSvg"/></a:ext></a:extLst>'
    )

    def edit(root: etree._Element) -> None:
        for blip in root.iter("{" + NSMAP["a"] + "}blip"):
            blip.extend(fragment(twin))

    data = edit_xml(data, "word/document.xml", edit)
    return edit_xml(data, "[Content_Types].xml", lambda root: root.append(_default("svg", "image/svg+xml")))


def _default(ext: str, content_type: str) -> etree._Element:
    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    return etree.Element(f"{{{ns}}}Default", Extension=ext, ContentType=content_type)


def linked_object() -> bytes:
    """An OLE object linked to a file outside the document, refreshed when opened."""
    obj = (
        '<w:r><w:object><v:shape id="l1"/><o:OLEObject Type="Link" ProgID="Excel.Sheet.12" '
        'ShapeID="l1" r:id="rIdL1" UpdateMode="Always"/></w:object></w:r>'
    )
    target = f"file:///C:/cases/{ADDRESS}.xlsx"
    data = with_body(para(run("Linked: "), obj))
    return add_rel(data, "word/_rels/document.xml.rels", "rIdL1", REL + "oleObject", target, external=True)


def subdocument() -> bytes:
    data = with_body(para(run("Master "), '<w:subDoc r:id="rIdS1"/>'))
    target = f"file:///C:/cases/{ADDRESS}.docx"
    return add_rel(data, "word/_rels/document.xml.rels", "rIdS1", REL + "subDocument", target, external=True)


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    place: str | None  # where the reader must find a value; None: a problem, or nothing to read
    kept: tuple[str, ...] = ()  # words that must survive in the output


CORPUS = (
    Case("body split across runs", body_split_runs, "body", ("She lives at", "with the children.")),
    Case("line break inside the value", line_break, "body", ("Moved to", "last week.")),
    Case("table", table, "body", ("Address",)),
    Case("nested table", nested_table, "body", ("Now at",)),
    Case("headers and footers", headers_and_footers, "header", ("Default header", "Even footer")),
    Case("footnote", footnote, "footnotes", ("See note", "Source:")),
    Case("endnote", endnote, "endnotes", ("See note", "Source:")),
    Case("comment", comment, "comments", ("Seen at home.",)),
    Case("tracked deletion", tracked_deletion, "body", ("Moved from", "to a new home.")),
    Case("tracked insertion", tracked_insertion, "body", ("Lives at", "now.")),
    Case("tracked move", tracked_move, "body", ("Was", "Is")),
    Case("hidden text", hidden_text, "body", ("Visible words", "stay.")),
    Case("hidden style", hidden_style, "body", ("Kept",)),
    Case("text box with VML fallback", text_box, "body", ("Before the box.", "Box:")),
    Case("content control", content_control, "content controls", ("Control:", "Block")),
    Case("smart tag", smart_tag, "body", ("Tagged",)),
    Case("MERGEFIELD (fldSimple)", simple_field, "body", ("Merge:",)),
    Case("DOCPROPERTY field", docproperty_field, "body", ("Property:", "Page")),
    Case("HYPERLINK field", hyperlink_field, "field codes", ("Contact:", "email her")),
    Case("legacy form field", form_field, "form fields", ("Form:",)),
    Case("core properties", core_properties, "properties:core", (INTRO,)),
    Case("app properties", app_properties, "properties:app", (INTRO,)),
    Case("custom properties", custom_properties, "properties:custom", ("Property:",)),
    Case("custom XML part", custom_xml, "custom xml", (INTRO,)),
    Case("glossary", glossary, "glossary", (INTRO,)),
    Case("document variables", document_variables, "document variables", (INTRO,)),
    Case("picture alt text and metadata", picture, "alt text", ("After the picture.",)),
    Case("hyperlinks", hyperlinks, "hyperlinks", ("Write to", "her mailbox", "today.")),
    Case("subdocument link", subdocument, "hyperlinks", ("Master",)),
    Case("linked object", linked_object, "hyperlinks", ("Linked:",)),
    Case("WordArt and table caption", shapes, "shape text", ("Art", "cell", "End.")),
    Case("math and odd markup", math_and_stray, "other text", ("Formula",)),
    Case("embedded object", embedded_object, None, ("Attached:",)),
    Case("macros", macros, None, (INTRO,)),
    Case("unknown part", unknown_part, None, (INTRO,)),
    Case("SVG twin of a picture", svg_picture, None, ("After the picture.",)),
)
