"""Complex fields (w:fldChar begin / separate / end) found in one part, nesting included.

The reader takes each field's own instruction as a "field codes" line; the redactor
flattens a field (drops its characters and instruction, keeps its result) when a cut
touches it or when its kind can pull a value back in (MERGEFIELD, DOCPROPERTY, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from redactor.documents.ooxml_names import w
from redactor.documents.ooxml_text import Line, LineBuilder

_R = w("r")
_INSTR = frozenset({w("instrText"), w("delInstrText")})


@dataclass
class Field:
    """One complex field; lists hold run content in document order."""

    chars: list[etree._Element]  # its own begin / separate / end w:fldChar
    instr: list[etree._Element] = field(default_factory=list)  # its own w:instrText
    instruction_region: list[etree._Element] = field(default_factory=list)  # begin..separate
    result: list[etree._Element] = field(default_factory=list)  # separate..end, nested included
    separated: bool = False
    closed: bool = False

    @property
    def instruction(self) -> str:
        return "".join(el.text or "" for el in self.instr)

    @property
    def keyword(self) -> str:
        words = self.instruction.split()
        return words[0].upper().lstrip("\\") if words else ""

    def line(self) -> Line:
        build = LineBuilder()
        for el in self.instr:
            build.add(el, None, el.text or "")
        return build.line()


def _own(stack: list[Field], el: etree._Element) -> None:
    """Give run content to the fields around it: the outermost unseparated one owns it."""
    for f in stack:
        if not f.separated:
            f.instruction_region.append(el)
            break
    else:
        for f in stack:
            f.result.append(el)
    if el.tag in _INSTR and stack:
        stack[-1].instr.append(el)


def _on_char(el: etree._Element, stack: list[Field], fields: list[Field]) -> None:
    kind = el.get(w("fldCharType"))
    if kind == "begin":
        _own(stack, el)
        fields.append(Field([el]))
        stack.append(fields[-1])
    elif kind == "separate" and stack:
        _own(stack[:-1], el)
        stack[-1].chars.append(el)
        stack[-1].separated = True
    elif kind == "end" and stack:
        done = stack.pop()
        done.chars.append(el)
        done.closed = True
        _own(stack, el)


def scan_fields(root: etree._Element) -> list[Field]:
    """Every complex field of a part, in the order they begin; unclosed ones have closed=False."""
    fields: list[Field] = []
    stack: list[Field] = []
    for el in root.iter():
        parent = el.getparent()
        if parent is None or parent.tag != _R or el.tag == w("rPr"):
            continue
        if el.tag == w("fldChar"):
            _on_char(el, stack, fields)
        else:
            _own(stack, el)
    return fields
