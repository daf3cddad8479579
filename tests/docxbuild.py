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
W = "{%s}" % NSMAP["w"]
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
    return f'<?xml version="1.0" encoding="UTF-8"?><{root_tag} {_DECLS}>{inner}</{root_tag.split()[0]}>'.encode()


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
