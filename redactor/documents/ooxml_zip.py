"""Opening an untrusted Word package: zip limits first, then a hardened XML parse.

The checks run before any XML is parsed, on the sizes the zip declares; the
entries are then read with those sizes as hard caps (Python's zipfile stops a
member at its declared size), so a lying header cannot inflate past them.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from redactor.documents.ooxml_strict import is_strict, may_be_strict, to_transitional
from redactor.errors import BadInput
from redactor.settings import Limits

MB = 1024 * 1024
CONTENT_TYPES = "[Content_Types].xml"
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# "<!DOCTYPE" / "<!ENTITY" as UTF-8 and as UTF-16 in both byte orders.
_DTD_MARKS = tuple(
    mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")
)


@dataclass
class Package:
    """A Word package in memory: every entry's bytes, and every XML part parsed.

    Mutable on purpose: the redactor edits the parsed trees in place and writes them out.
    """

    name: str  # the file's name, for messages only
    entries: dict[str, bytes]  # zip entry name -> bytes, in zip order
    xml: dict[str, etree._Element] = field(default_factory=dict)
    lowered: dict[str, str] = field(default_factory=dict)  # lower-case name -> entry name
    strict: set[str] = field(default_factory=set)  # parts read from Strict Open XML (see ooxml_strict)

    def has(self, name: str) -> bool:
        return name in self.entries

    def find(self, name: str) -> str | None:
        """The entry named ``name``, matched case-insensitively as OPC part names are."""
        if not self.lowered:
            self.lowered.update({entry.lower(): entry for entry in self.entries})
        return self.lowered.get(name.lower())


def parser() -> etree.XMLParser:
    """A parser that resolves nothing: no entities, no DTD, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,  # XML comments are never shown, and may hold text
        remove_pis=True,
    )


def parse_xml(file_name: str, data: bytes) -> etree._Element:
    """Parse one XML part, refusing any DTD (XXE, entity expansion) before and after."""
    if any(mark in data for mark in _DTD_MARKS):
        raise BadInput(f"{file_name}: XML with a DTD is refused (possible XXE or entity expansion)")
    try:
        root = etree.fromstring(data, parser())
    except (etree.XMLSyntaxError, ValueError):
        raise BadInput(f"{file_name}: damaged DOCX (a part is not well-formed XML)") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise BadInput(f"{file_name}: XML with a DTD is refused (possible XXE or entity expansion)")
    return root


def parse_part(pkg: Package, name: str) -> None:
    """Parse one entry into ``pkg.xml``; a Strict part is read with Transitional namespaces."""
    root = parse_xml(pkg.name, pkg.entries[name])
    if may_be_strict(pkg.entries[name]):
        serialised = etree.tostring(root, encoding="UTF-8")
        if is_strict(serialised):
            root = parse_xml(pkg.name, to_transitional(serialised))
            pkg.strict.add(name)
    pkg.xml[name] = root


def open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise BadInput(f"{path.name}: damaged DOCX (not a valid zip package)") from None


def check_limits(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse zip bombs on the declared sizes, before anything is decompressed."""
    if len(infos) > limits.max_zip_entries:
        raise BadInput(f"{path.name}: refused as a possible zip bomb ({len(infos)} entries)")
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_mb * MB:
        raise BadInput(f"{path.name}: refused as a possible zip bomb ({total // MB} MB unzipped)")
    for info in infos:
        if info.file_size > 1024 and info.file_size / max(info.compress_size, 1) > limits.max_zip_ratio:
            raise BadInput(f"{path.name}: refused as a possible zip bomb (compression ratio too high)")


def check_entries(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse what different readers would disagree on: duplicates, encryption, odd methods."""
    seen: set[str] = set()
    for info in infos:
        key = info.filename.lower()
        if not key.strip("/"):
            raise BadInput(f"{path.name}: damaged DOCX (an entry has no name)")
        if key in seen:
            raise BadInput(f"{path.name}: damaged DOCX (duplicate entries in the zip package)")
        seen.add(key)
        if info.flag_bits & 0x1:
            raise BadInput(f"{path.name}: encrypted zip entries are refused")
        if info.compress_type not in _COMPRESSIONS:
            raise BadInput(f"{path.name}: damaged DOCX (unsupported zip compression)")
        if info.filename.startswith("/") or ".." in info.filename.split("/"):
            raise BadInput(f"{path.name}: damaged DOCX (an entry name escapes the package)")


def read_entries(path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    entries: dict[str, bytes] = {}
    for info in infos:
        if info.is_dir():
            continue
        try:
            entries[info.filename] = zf.read(info)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
            raise BadInput(f"{path.name}: damaged DOCX (a zip entry cannot be read)") from None
    return entries


def is_xml_entry(name: str) -> bool:
    """XML by its name; parts named otherwise are parsed only if their type says XML (see kinds)."""
    return name.lower().endswith((".xml", ".rels"))  # not splitext: "_rels/.rels" has no extension


def open_package(path: Path, data: bytes, limits: Limits) -> Package:
    """Check, unzip and parse a DOCX held in ``data``; BadInput on anything unsafe."""
    zf = open_zip(path, data)
    infos = zf.infolist()
    check_limits(path, infos, limits)
    check_entries(path, infos)
    entries = read_entries(path, zf, infos)
    if CONTENT_TYPES not in entries:
        raise BadInput(f"{path.name}: damaged DOCX (no [Content_Types].xml)")
    package = Package(path.name, entries)
    for name in entries:
        if is_xml_entry(name):
            parse_part(package, name)
    return package
