"""Cleaning one story part (body, header, footer, notes) after the cuts are applied.

Tracked changes are resolved (deletions gone, insertions kept as plain text),
hidden text and comment marks removed, risky fields flattened, containers that
carry data of their own (smart tags, inline custom XML) unwrapped, VML fallbacks
of drawings dropped and alt text emptied.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from redactor.documents.ooxml_fields import Field, scan_fields
from redactor.documents.ooxml_names import MC_NS, O_NS, V_NS, local_name, w
from redactor.errors import UnsafeOutput


def _words(text: str) -> list[str]:
    return text.split()


# Field kinds that only count, number or cross-reference: kept live unless a cut touches them.
SAFE_FIELDS = frozenset(
    _words(
        "PAGE NUMPAGES SECTIONPAGES SECTION TOC TOA TC TA XE INDEX PAGEREF NOTEREF REF SEQ "
        "STYLEREF DATE TIME CREATEDATE SAVEDATE PRINTDATE EDITTIME HYPERLINK LISTNUM AUTONUM "
        "AUTONUMLGL AUTONUMOUT SYMBOL EQ ADVANCE FORMTEXT FORMCHECKBOX FORMDROPDOWN NUMWORDS "
        "NUMCHARS"
    )
)
_OFF = ("0", "false", "off")
_CHANGES = frozenset(
    w(x)
    for x in _words(
        "rPrChange pPrChange sectPrChange tblPrChange trPrChange tcPrChange tblGridChange "
        "tblPrExChange numberingChange moveFromRangeStart moveFromRangeEnd moveToRangeStart "
        "moveToRangeEnd customXmlInsRangeStart customXmlInsRangeEnd customXmlDelRangeStart "
        "customXmlDelRangeEnd customXmlMoveFromRangeStart customXmlMoveFromRangeEnd "
        "customXmlMoveToRangeStart customXmlMoveToRangeEnd cellIns cellDel cellMerge"
    )
)
_COMMENT_MARKS = frozenset({w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")})
_GONE = frozenset({w("del"), w("moveFrom")})
_KEPT = frozenset({w("ins"), w("moveTo")})


def remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def unwrap(el: etree._Element) -> None:
    """Replace an element by its children."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    parent.remove(el)


def is_on(toggle: etree._Element) -> bool:
    return str(toggle.get(w("val"), "true")).lower() not in _OFF


@dataclass(frozen=True)
class Hiding:
    """Which styles hide their text: the nearest w:vanish up a style's w:basedOn chain decides."""

    decided: Mapping[str, bool] = field(default_factory=dict)  # style id -> hidden
    default: bool = False  # w:docDefaults hide every run no style decides for


def _own_vanish(styles: etree._Element) -> tuple[dict[str, bool], dict[str, str]]:
    own: dict[str, bool] = {}
    based: dict[str, str] = {}
    for style in styles.iter(w("style")):
        sid = str(style.get(w("styleId"), ""))
        parent = style.find(w("basedOn"))
        if parent is not None:
            based[sid] = str(parent.get(w("val"), ""))
        vanish = style.find(f"{w('rPr')}/{w('vanish')}")
        if vanish is not None:
            own[sid] = is_on(vanish)
    return own, based


def hiding(styles: etree._Element | None) -> Hiding:
    """Read styles.xml: styles that hide text, and whether the document defaults do."""
    if styles is None:
        return Hiding()
    own, based = _own_vanish(styles)
    decided: dict[str, bool] = {}
    for sid in set(own) | set(based):
        cur, seen = sid, set()
        while cur not in own and cur in based and cur not in seen:
            seen.add(cur)
            cur = based[cur]
        if cur in own:
            decided[sid] = own[cur]
    vanish = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('vanish')}")
    return Hiding(decided, vanish is not None and is_on(vanish))


def _style_of(props: etree._Element | None, tag: str) -> str:
    el = props.find(w(tag)) if props is not None else None
    return str(el.get(w("val"), "")) if el is not None else ""


def run_hidden(run: etree._Element, hidden: Hiding) -> bool:
    """Direct formatting first, then the run's style, the paragraph's style, the defaults."""
    props = run.find(w("rPr"))
    vanish = props.find(w("vanish")) if props is not None else None
    if vanish is not None:
        return is_on(vanish)
    para = next(run.iterancestors(w("p")), None)
    para_props = para.find(w("pPr")) if para is not None else None
    for sid in (_style_of(props, "rStyle"), _style_of(para_props, "pStyle")):
        if sid in hidden.decided:
            return hidden.decided[sid]
    return hidden.default


def doomed(el: etree._Element, hidden: Hiding) -> bool:
    """Will this text be removed by cleaning (a deletion, or a hidden run)?"""
    if any(a.tag in _GONE for a in el.iterancestors()):
        return True
    run = next(el.iterancestors(w("r")), None)
    return run is not None and run_hidden(run, hidden)


def resolve_revisions(root: etree._Element, notes: Counter[str]) -> None:
    for el in list(root.iter(*_GONE, *_KEPT)):
        parent = el.getparent()
        if parent is None:
            continue
        notes["tracked changes resolved"] += 1
        if local_name(parent.tag).endswith("Pr"):  # a mark on a paragraph, row or run property
            if parent.tag == w("trPr") and el.tag == w("del"):
                remove(parent.getparent())  # an accepted row deletion removes the row
            else:
                remove(el)
        elif el.tag in _GONE:
            remove(el)
        else:
            unwrap(el)
    for el in list(root.iter(*_CHANGES)):
        remove(el)


def _remove_run(run: etree._Element) -> None:
    """Remove a run, but keep field characters so no field loses its begin or end."""
    chars = run.findall(w("fldChar"))
    if not chars:
        remove(run)
        return
    for child in list(run):
        if child.tag not in (w("rPr"), w("fldChar")):
            remove(child)


def remove_hidden(root: etree._Element, hidden: Hiding, notes: Counter[str]) -> None:
    for run in list(root.iter(w("r"))):
        if run.getparent() is not None and run_hidden(run, hidden):
            _remove_run(run)
            notes["hidden text removed"] += 1
    for el in list(root.iter(w("vanish"), w("specVanish"))):
        remove(el)  # what is left only marks paragraph ends or says "not hidden"


def clean_plain(root: etree._Element) -> None:
    """Styles and numbering: no style may hide text any more, no revision marks are kept.

    Run after the stories, whose runs hidden by a style were found (and removed) first.
    """
    for el in list(root.iter(w("vanish"), w("specVanish"), w("ins"), w("del"), *_CHANGES)):
        remove(el)


def remove_comment_marks(root: etree._Element, notes: Counter[str]) -> None:
    for el in list(root.iter(*_COMMENT_MARKS)):
        run = el.getparent()
        remove(el)
        notes["comments removed"] += el.tag == w("commentReference")
        if run is not None and run.tag == w("r") and all(c.tag == w("rPr") for c in run):
            remove(run)


def _must_flatten(keyword: str, parts: Iterable[etree._Element], touched: set[etree._Element]) -> bool:
    return keyword not in SAFE_FIELDS or any(el in touched for el in parts)


def _flatten(found: Field) -> None:
    for el in found.chars + found.instruction_region:
        run = el.getparent()
        remove(el)
        if run is not None and all(c.tag == w("rPr") for c in run):
            remove(run)


def flatten_fields(root: etree._Element, touched: set[etree._Element], notes: Counter[str]) -> None:
    """Fields a cut touches, or that can pull a value in, become their plain result text."""
    for found in scan_fields(root):
        if not _must_flatten(found.keyword, found.instr + found.instruction_region + found.result, touched):
            continue
        if not found.closed:
            raise UnsafeOutput("a field with no end cannot be flattened safely")
        _flatten(found)
        notes["fields flattened"] += 1
    for simple in list(root.iter(w("fldSimple"))):
        words = str(simple.get(w("instr"), "")).split()
        keyword = words[0].upper() if words else ""
        if _must_flatten(keyword, [simple, *simple.iter()], touched):
            unwrap(simple)
            notes["fields flattened"] += 1


def unwrap_hyperlinks(root: etree._Element, touched: set[etree._Element], rids: set[str]) -> int:
    """Hyperlinks whose text, tooltip or target a cut touched become plain text."""
    count = 0
    rid_attr = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for link in list(root.iter(w("hyperlink"))):
        if link.get(rid_attr) in rids or any(el in touched for el in link.iter()):
            unwrap(link)
            count += 1
    return count


def unwrap_containers(root: etree._Element) -> None:
    """Smart tags and inline custom XML carry attribute data: keep only their content.

    Data bindings (to custom XML, dropped) and glossary placeholders (dropped) go too.
    """
    for el in list(root.iter(w("smartTagPr"), w("customXmlPr"), w("dataBinding"), w("placeholder"))):
        remove(el)
    for el in list(root.iter(w("smartTag"), w("customXml"))):
        unwrap(el)


def drop_fallbacks(root: etree._Element, notes: Counter[str]) -> None:
    """mc:Fallback repeats a drawing (text boxes too) as VML; the mc:Choice stays."""
    for fallback in list(root.iter(f"{{{MC_NS}}}Fallback")):
        parent = fallback.getparent()
        if parent is not None and parent.find(f"{{{MC_NS}}}Choice") is not None:
            remove(fallback)
            notes["drawing fallbacks dropped"] += 1


def clear_alt_text(root: etree._Element) -> None:
    for el in root.iter():
        if local_name(el.tag) in ("docPr", "cNvPr"):
            for attr in ("descr", "title"):
                if attr in el.attrib:
                    el.set(attr, "")
        elif isinstance(el.tag, str) and el.tag.startswith(f"{{{V_NS}}}"):
            for attr in ("alt", "title", f"{{{O_NS}}}title"):
                el.attrib.pop(attr, None)
    for el in list(root.iter(w("tblCaption"), w("tblDescription"))):
        remove(el)


def clean_story(
    root: etree._Element,
    touched: set[etree._Element],
    hidden: Hiding,
    link_rids: set[str],
    notes: Counter[str],
) -> None:
    """Clean one story part; ``link_rids`` are hyperlinks whose target a cut touched."""
    flatten_fields(root, touched, notes)
    notes["hyperlinks removed"] += unwrap_hyperlinks(root, touched, link_rids)
    resolve_revisions(root, notes)
    remove_hidden(root, hidden, notes)
    remove_comment_marks(root, notes)
    unwrap_containers(root)
    drop_fallbacks(root, notes)
    clear_alt_text(root)
