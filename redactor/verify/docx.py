"""A redacted DOCX read back from scratch, sharing nothing with the reader or the redactor.

Only zipfile, defusedxml and regular expressions (and Tesseract for pictures,
`docx_pictures.py`): every entry of the zip is read,
XML with its tags stripped and entities decoded (comments and CDATA included),
its attribute values, and its paragraphs; other entries as Latin-1 and UTF-16
text. Places whose name starts with "raw" are searched for removed values only;
the others are also run through the detectors again.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from redactor.settings import settings
from redactor.types import Residue
from redactor.verify.docx_pictures import picture_readings

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The same vocabulary under Strict Open XML's namespaces: read as the Transitional one.
_STRICT_TAGS = {
    "{http://purl.oclc.org/ooxml/wordprocessingml/main}": W,
    "{http://purl.oclc.org/ooxml/officeDocument/math}": "{http://schemas.openxmlformats.org/officeDocument/2006/math}",
}
_XML_ENDINGS = (".xml", ".rels", ".vml")
_MARKUP_QUOTES = re.compile(r"<!\[CDATA\[|\]\]>|<!--|-->")
_BREAKS = re.compile(r"</(?:[\w.-]+:)?p>|<(?:[\w.-]+:)?(?:tab|br|cr)\b[^<>]*>")
_TAGS = re.compile(r"<[^<>]*>")
_ATTRS = re.compile(r"""[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TEXT_TAGS = frozenset({W + "t", W + "delText", "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"})
_BLANKS = frozenset({W + "tab", W + "br", W + "cr"})
# Attributes that hold words a person wrote: alt text, field codes, link targets, tooltips.
_NAMED_ATTRS = frozenset({"descr", "title", "alt", "instr", "Target", "tooltip", "string", "displayText"})
_VAL_HOLDERS = frozenset(
    {
        "docVar",
        "alias",
        "tag",
        "attr",
        "helpText",
        "statusText",
        "default",
        "listEntry",
        "tblCaption",
    }
)
_TRACKED = frozenset(
    W + x
    for x in (
        "del",
        "ins",
        "moveFrom",
        "moveTo",
        "delText",
        "delInstrText",
        "rPrChange",
        "pPrChange",
    )
)
_CONTENT_FLAGS = {
    **{tag: "tracked changes" for tag in _TRACKED},
    W + "vanish": "hidden text",
    W + "specVanish": "hidden text",
    W + "commentReference": "comments",
    W + "commentRangeStart": "comments",
    W + "docVars": "document variables",
    W + "altChunk": "embedded object",
    W + "object": "embedded object",
    W + "control": "activex",
    W + "dataBinding": "custom xml",
}
_NAME_FLAGS = (
    (re.compile(r"^customxml/", re.I), "custom xml"),
    (re.compile(r"^word/glossary/", re.I), "glossary"),
    (re.compile(r"vba(project|data)", re.I), "macros"),
    (re.compile(r"^word/embeddings/", re.I), "embedded object"),
    (re.compile(r"^word/activex/", re.I), "activex"),
    (re.compile(r"^word/(comments[^/]*|people)\.xml$", re.I), "comments"),
    (re.compile(r"^docprops/custom\.xml$", re.I), "custom properties"),
    (re.compile(r"^docprops/thumbnail", re.I), "thumbnail"),
)
_UNREADABLE = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)
_CORE_FIELDS = frozenset({"title", "subject", "keywords", "description", "category"})


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def _is_xml(name: str, data: bytes) -> bool:
    return name.lower().endswith(_XML_ENDINGS) or data.lstrip()[:1] == b"<"


def _raw_views(name: str, text: str) -> list[tuple[str, str]]:
    shown = _BREAKS.sub("\n", _MARKUP_QUOTES.sub(" ", text))
    stripped = html.unescape(_TAGS.sub("", shown))
    attrs = [a or b for tag in _TAGS.findall(text) for a, b in _ATTRS.findall(tag)]
    return [(f"raw {name}", stripped), (f"raw {name} attributes", html.unescape("\n".join(attrs)))]


def _own_text(paragraph: Element) -> Iterator[str]:
    """A paragraph's text, leaving nested paragraphs (text boxes) to themselves."""
    for child in paragraph:
        if child.tag == W + "p":
            continue
        if child.tag in _TEXT_TAGS:
            yield child.text or ""
        elif child.tag in _BLANKS:
            yield " "
        yield from _own_text(child)


def _parsed_views(name: str, root: Element) -> list[tuple[str, str]]:
    paragraphs = ["".join(_own_text(p)) for p in root.iter(W + "p")]
    if not paragraphs:
        paragraphs = [el.text.strip() for el in root.iter() if el.text and el.text.strip()]
    named = [value for el in root.iter() for key, value in el.attrib.items() if _named(el, key)]
    return [(name, "\n".join(paragraphs)), (f"{name} attributes", "\n".join(named))]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _named(el: Element, key: str) -> bool:
    local = _local(key)
    return local in _NAMED_ATTRS or (local == "val" and _local(el.tag) in _VAL_HOLDERS)


def _unstrict(root: Element) -> Element:
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        for strict, transitional in _STRICT_TAGS.items():
            if tag.startswith(strict):
                el.tag = transitional + tag[len(strict):]
    return root


def _parse(data: bytes) -> Element | None:
    try:
        root: Element = SafeET.fromstring(data)
    except Exception:  # defusedxml's refusals and every parse error: unreadable
        return None
    return _unstrict(root)


def _entries(path: Path) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        if zf.comment:
            yield "package comment", zf.comment
        for info in zf.infolist():
            if info.comment:
                yield f"{info.filename} comment", info.comment
            if not info.is_dir():
                yield info.filename, zf.read(info)


def _entry_views(name: str, data: bytes, root: Element | None) -> list[tuple[str, str]]:
    if not _is_xml(name, data):
        return [
            (f"raw {name}", data.decode("latin-1")),
            (f"raw {name} utf-16", data.decode("utf-16-le", errors="replace")),
            (f"raw {name} utf-16 odd", data[1:].decode("utf-16-le", errors="replace")),
        ]
    views = _raw_views(name, _decode(data))
    return views + (_parsed_views(name, root) if root is not None else [])


def _comments(path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(path) as package:  # the zip's own comments hold text too
        comments = [package.comment, *(info.comment for info in package.infolist())]
    text = "\n".join(c.decode("latin-1") for c in comments if c)
    return [("raw zip comments", text)] if text else []


def inspect(path: Path) -> tuple[list[tuple[str, str]], list[Residue]]:
    """`read_back` and `structure` in one pass: each entry read and parsed once."""
    views: list[tuple[str, str]] = []
    found: list[Residue] = []
    binary: list[tuple[str, bytes]] = []
    try:
        for name, data in _entries(path):
            root = _parse(data) if _is_xml(name, data) else None
            views += _entry_views(name, data, root)
            found += _entry_residues(name, data, root)
            binary += [] if _is_xml(name, data) else [(name, data)]
        views += _comments(path)
    except _UNREADABLE:
        return [], [Residue("package", "unreadable", "unreadable")]
    pictures, unread = picture_readings(binary, settings().ocr)  # every picture read again by OCR
    return views + pictures, list(dict.fromkeys(found + unread))


def read_back(path: Path) -> list[tuple[str, str]]:
    """(place, text) for every entry of the zip; [] when it cannot be opened (see structure)."""
    return inspect(path)[0]


def _filled_core_field(name: str, el: Element) -> bool:
    is_core = name.lower() == "docprops/core.xml"
    return is_core and _local(str(el.tag)) in _CORE_FIELDS and bool((el.text or "").strip())


def _content_residues(name: str, root: Element) -> Iterator[Residue]:
    for el in root.iter():
        kind = _CONTENT_FLAGS.get(str(el.tag))
        if kind:
            yield Residue(name, kind, "structure")
        elif _filled_core_field(name, el):
            yield Residue(name, "properties:core", "structure")


def _entry_residues(name: str, data: bytes, root: Element | None) -> Iterator[Residue]:
    for pattern, kind in _NAME_FLAGS:
        if pattern.search(name):
            yield Residue(name, kind, "structure")
    if _is_xml(name, data):
        if root is None:
            yield Residue(name, "unreadable", "unreadable")
        else:
            yield from _content_residues(name, root)


def structure(path: Path) -> list[Residue]:
    """Places the redactor must have emptied: tracked changes, hidden text, comments, ..."""
    return inspect(path)[1]
