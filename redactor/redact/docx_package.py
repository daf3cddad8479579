"""Package-level cleaning: parts dropped with their references, properties, settings, the zip.

A part is dropped with every relationship to it and every element that pointed
at it; when such an element is not one we know how to remove, the output is
refused (UnsafeOutput) rather than written with a dangling reference.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from redactor.documents import ooxml_names as n
from redactor.documents.ooxml_media import strip_metadata
from redactor.documents.ooxml_parts import DROPPED_KINDS, reachable, relationships, source_of_rels
from redactor.documents.ooxml_strict import to_strict
from redactor.documents.ooxml_zip import CONTENT_TYPES, Package
from redactor.errors import UnsafeOutput
from redactor.redact.docx_clean import remove, unwrap

_HOLDERS = frozenset({n.w("drawing"), n.w("pict"), n.w("object")})
_SELF_REMOVED = frozenset(
    {
        *(n.w(x) for x in ("altChunk", "subDoc", "attachedTemplate", "headerReference", "footerReference")),
        # A chart's link to its data workbook (embedded or linked): the chart keeps its cached values.
        f"{{{n.C_NS}}}externalData",
        f"{{{n.CX_NS}}}externalData",
    }
)
_A_EXT = f"{{{n.A_NS}}}ext"
_LINK_CLICKS = frozenset({f"{{{n.A_NS}}}hlinkClick", f"{{{n.A_NS}}}hlinkHover"})
_CORE_KEEP = frozenset({"created", "modified", "lastPrinted", "revision", "language"})  # dates must stay dates
_APP_EMPTY = frozenset({"Company", "Manager", "HyperlinkBase"})
_APP_DROP = frozenset({"TitlesOfParts", "HeadingPairs", "HLinks", "DigSig"})
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_LIVE_LINKS = frozenset(n.REL_BASE + x for x in ("oleObject", "subDocument", "package"))


def dropped_parts(pkg: Package, kind_map: dict[str, str]) -> set[str]:
    """Parts never written: dropped kinds, parts nothing reaches, and their .rels."""
    live = reachable(pkg)
    drop = {
        name
        for name, kind in kind_map.items()
        if kind in DROPPED_KINDS or (kind not in ("content-types", "rels") and name not in live)
    }
    for name, kind in kind_map.items():
        source = source_of_rels(name)
        if kind == "rels" and source and (source in drop or source not in pkg.entries):
            drop.add(name)
    return drop


def _reference_holder(el: etree._Element) -> etree._Element | None:
    """The element to remove so that ``el``'s reference disappears cleanly, if known."""
    if el.tag in _SELF_REMOVED or el.tag in _LINK_CLICKS:
        return el
    for anc in (el, *el.iterancestors()):
        if anc.tag == _A_EXT:
            return anc  # an extension (an SVG beside its PNG): the picture stays
        if anc.tag in _HOLDERS:
            choice = next(anc.iterancestors(f"{{{n.MC_NS}}}AlternateContent"), None)
            return choice if choice is not None else anc
        if anc.tag == n.w("mailMerge"):
            return anc
    return None


def _refers(el: etree._Element, rid: str) -> bool:
    return any(n.namespace(k) == n.R_NS and v == rid for k, v in el.attrib.items())


def remove_references(root: etree._Element, rid: str, part: str) -> None:
    for el in [el for el in root.iter() if _refers(el, rid)]:
        if el.getroottree().getroot() is not root:
            continue  # already removed with an ancestor
        if el.tag == n.w("hyperlink"):
            unwrap(el)
            continue
        holder = _reference_holder(el)
        if holder is None:
            raise UnsafeOutput(f"{part}: a reference to a removed part cannot be removed cleanly")
        remove(holder)


def detach(pkg: Package, drop: set[str], notes: Counter[str]) -> None:
    """Remove every relationship to a dropped part, and the elements that used it."""
    for name in list(pkg.xml):
        source = source_of_rels(name)
        if source is None or name in drop:
            continue
        for rel in relationships(pkg, source):
            if rel.external or rel.target not in drop:
                continue
            if source in pkg.xml:
                remove_references(pkg.xml[source], rel.rid, source)
            remove(rel.element)
    notes["parts dropped"] += len(drop)


def drop_live_links(pkg: Package, notes: Counter[str]) -> None:
    """Links that pull content in when the file is opened (linked objects, subdocuments) go."""
    for name in list(pkg.xml):
        source = source_of_rels(name)
        if not source or source not in pkg.xml:
            continue
        for rel in relationships(pkg, source):
            if rel.external and rel.type in _LIVE_LINKS:
                remove_references(pkg.xml[source], rel.rid, source)
                remove(rel.element)
                notes["live links removed"] += 1


def prune_external(pkg: Package, drop: set[str]) -> None:
    """External relationships nothing points at any more (unwrapped links, mail merge sources)."""
    for name in list(pkg.xml):
        source = source_of_rels(name)
        if not source or name in drop or source not in pkg.xml:
            continue
        used = {str(v) for el in pkg.xml[source].iter() for k, v in el.attrib.items() if n.namespace(k) == n.R_NS}
        for rel in relationships(pkg, source):
            if rel.external and rel.rid not in used:
                remove(rel.element)


def clean_settings(root: etree._Element, notes: Counter[str]) -> None:
    for el in list(root.iter(n.w("docVars"), n.w("mailMerge"))):
        notes["document variables removed"] += el.tag == n.w("docVars")
        remove(el)


def clean_core(root: etree._Element) -> None:
    for el in root:
        if n.local_name(el.tag) not in _CORE_KEEP:
            el.text = None


def clean_app(root: etree._Element) -> None:
    for el in list(root):
        name = n.local_name(el.tag)
        if name in _APP_DROP:
            remove(el)
        elif name in _APP_EMPTY:
            el.text = None
            for child in list(el):
                remove(child)


def fix_content_types(pkg: Package, drop: set[str]) -> None:
    root = pkg.xml[CONTENT_TYPES]
    dropped = {"/" + name.lower() for name in drop}
    for el in list(root.iter(f"{{{n.CT_NS}}}Override")):
        if str(el.get("PartName", "")).lower() in dropped:
            remove(el)
        elif el.get("ContentType") in n.MAIN_TYPES:
            el.set("ContentType", n.MAIN_DOCX)  # macros are gone: a plain .docx main part


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_zip(pkg: Package, drop: set[str], images: set[str], out: Path) -> None:
    """Every kept part, XML re-serialised from the cleaned trees, in a fresh zip."""
    names = [CONTENT_TYPES] + [name for name in pkg.entries if name != CONTENT_TYPES and name not in drop]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            if name in pkg.xml:
                data = serialise(pkg.xml[name])
                data = to_strict(data) if name in pkg.strict else data
            elif name in images:
                data = strip_metadata(name, pkg.entries[name])
            else:
                data = pkg.entries[name]
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
