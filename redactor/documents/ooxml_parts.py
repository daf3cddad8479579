"""The package's map: content types, relationships, and what each part is.

Both the reader and the redactor classify parts here, so a part the reader
does not read is one the redactor drops (and the reader reports it).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from redactor.documents import ooxml_names as n
from redactor.documents.ooxml_zip import CONTENT_TYPES, Package, parse_part
from redactor.errors import BadInput

PACKAGE_RELS = "_rels/.rels"
# Kinds whose content the reader does not read: the redactor drops them, the reader reports them.
UNREAD_KINDS = {
    "macros": "macros (VBA project)",
    "embedding": "embedded objects",
    "activex": "ActiveX controls",
    "chart-workbook": "chart data workbooks",
    "diagram": "SmartArt diagrams",
    "svg": "SVG images",
    "unknown": "parts of an unknown type",
}
# Kinds whose parts are read or cleaned as XML.
XML_KINDS = frozenset(
    {"main", "story", "settings", "core", "app", "custom", "comments", "glossary", "customxml", "plain", "chart"}
)
# Kinds the redactor always drops: read (where they hold text) but never written out.
DROPPED_KINDS = frozenset(
    {"comments", "glossary", "customxml", "custom", "thumbnail", "signature", "printer", *UNREAD_KINDS}
)


@dataclass(frozen=True)
class Rel:
    """One relationship: from ``source`` ("" is the package) to a part or an external target."""

    source: str
    rid: str
    type: str
    target: str  # the resolved part name, or the raw target when external
    external: bool
    element: etree._Element  # the <Relationship> element, for edits


def natural_key(name: str) -> tuple[object, ...]:
    """header2.xml before header10.xml."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name.lower()))


def content_type(pkg: Package, name: str) -> str:
    root = pkg.xml[CONTENT_TYPES]
    wanted = "/" + name.lower()
    for el in root.iter(f"{{{n.CT_NS}}}Override"):
        if str(el.get("PartName", "")).lower() == wanted:
            return str(el.get("ContentType", ""))
    ext = posixpath.splitext(name)[1].lstrip(".").lower()
    for el in root.iter(f"{{{n.CT_NS}}}Default"):
        if str(el.get("Extension", "")).lower() == ext:
            return str(el.get("ContentType", ""))
    return ""


def rels_name(source: str) -> str:
    if not source:
        return PACKAGE_RELS
    folder, base = posixpath.split(source)
    return posixpath.join(folder, "_rels", base + ".rels")


def source_of_rels(name: str) -> str | None:
    """The part a .rels entry belongs to ("" for the package), or None if it is not one."""
    if name == PACKAGE_RELS:
        return ""
    folder, base = posixpath.split(name)
    if posixpath.basename(folder) != "_rels" or not base.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


def resolve(pkg: Package, source: str, target: str) -> str:
    """A relative or absolute internal target as an entry name (matched case-insensitively)."""
    raw = target[1:] if target.startswith("/") else posixpath.join(posixpath.dirname(source), target)
    name = posixpath.normpath(raw).lstrip("/")
    return pkg.find(name) or pkg.find(unquote(name)) or unquote(name)


def relationships(pkg: Package, source: str) -> list[Rel]:
    root = pkg.xml.get(rels_name(source))
    if root is None:
        return []
    rels = []
    for el in root.iter(f"{{{n.PR_NS}}}Relationship"):
        external = str(el.get("TargetMode", "")).lower() == "external"
        target = str(el.get("Target", ""))
        resolved = target if external else resolve(pkg, source, target)
        rels.append(Rel(source, str(el.get("Id", "")), str(el.get("Type", "")), resolved, external, el))
    return rels


def main_part(pkg: Package, path: Path) -> str:
    """The main document part, found through the package relationships."""
    for rel in relationships(pkg, ""):
        internal = rel.type == n.REL_OFFICE_DOCUMENT and not rel.external
        if internal and rel.target in pkg.xml and content_type(pkg, rel.target) in n.MAIN_TYPES:
            return rel.target
    raise BadInput(f"{path.name}: damaged DOCX (no word/document.xml main part)")


def reachable(pkg: Package) -> set[str]:
    """Every part reachable from the package relationships."""
    seen: set[str] = set()
    todo = [""]
    while todo:
        source = todo.pop()
        for rel in relationships(pkg, source):
            if not rel.external and pkg.has(rel.target) and rel.target not in seen:
                seen.add(rel.target)
                todo.append(rel.target)
    return seen


def thumbnails(pkg: Package) -> set[str]:
    return {r.target for r in relationships(pkg, "") if r.type == n.REL_THUMBNAIL and not r.external}


def classify(pkg: Package, name: str, main: str) -> str:
    """What a part is, from its name and content type (see UNREAD_KINDS, DROPPED_KINDS)."""
    if name == CONTENT_TYPES:
        return "content-types"
    if source_of_rels(name) is not None:
        return "rels"
    ct = content_type(pkg, name)
    lowered = name.lower()
    if lowered.startswith("customxml/"):
        return "customxml"
    if lowered.startswith("word/glossary/") or ct == n.GLOSSARY_TYPE:
        return "glossary"
    if name == main:
        return "main"
    return _classify_by_type(pkg, lowered, ct)


def _classify_by_type(pkg: Package, lowered: str, ct: str) -> str:
    simple = {
        n.SETTINGS_TYPE: "settings",
        n.CORE_TYPE: "core",
        n.APP_TYPE: "app",
        n.CUSTOM_TYPE: "custom",
    }
    if ct in n.STORY_TYPES:
        return "story"
    if ct in simple:
        return simple[ct]
    if ct in n.COMMENT_TYPES:
        return "comments"
    if ct in n.PLAIN_TYPES:
        return "plain"
    if lowered in {t.lower() for t in thumbnails(pkg)} or lowered.startswith("docprops/thumbnail"):
        return "thumbnail"
    if "digital-signature" in ct or lowered.startswith("_xmlsignatures/"):
        return "signature"  # no longer valid once redacted; may name the signer
    if ct.endswith("printerSettings") or lowered.startswith("word/printersettings/"):
        return "printer"
    if ct in n.RASTER_TYPES:
        return "image"
    return _classify_unread(lowered, ct.lower())


def _classify_unread(lowered: str, ct: str) -> str:
    if "vba" in ct or lowered.endswith("vbaproject.bin"):
        return "macros"
    if ct == "image/svg+xml":
        return "svg"
    if "activex" in ct or lowered.startswith("word/activex/"):
        return "activex"
    if "chartstyle" in ct or "chartcolorstyle" in ct:
        return "plain"  # a chart's look: colours and fonts, no text of the document
    if ct in n.CHART_TYPES:
        return "chart"
    if lowered.startswith("word/charts/"):
        return "unknown"
    if "drawingml.diagram" in ct or lowered.startswith("word/diagrams/"):
        return "diagram"
    if lowered.startswith("word/embeddings/") or "oleobject" in ct or "package" in ct:
        return "embedding"
    return "unknown"


def _chart_workbooks(pkg: Package, kind_map: dict[str, str]) -> set[str]:
    """Embedded parts that hold a chart's data (its workbook): the chart itself is kept."""
    return {
        rel.target
        for name, kind in kind_map.items()
        if kind == "chart"
        for rel in relationships(pkg, name)
        if not rel.external and kind_map.get(rel.target) == "embedding"
    }


def kinds(pkg: Package, path: Path) -> dict[str, str]:
    """Every entry's kind, in zip order; parts read as XML are parsed whatever their name."""
    main = main_part(pkg, path)
    kind_map = {name: classify(pkg, name, main) for name in pkg.entries}
    for name in _chart_workbooks(pkg, kind_map):
        kind_map[name] = "chart-workbook"
    for name, kind in kind_map.items():
        if name not in pkg.xml and kind in XML_KINDS and content_type(pkg, name).endswith("xml"):
            parse_part(pkg, name)
    return kind_map


def parts_of(kind_map: dict[str, str], *wanted: str) -> list[str]:
    return sorted((name for name, kind in kind_map.items() if kind in wanted), key=natural_key)
