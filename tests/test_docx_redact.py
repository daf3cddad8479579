"""Redacting DOCX: the value leaves every place, kept words and formatting stay, the file opens."""

from __future__ import annotations

import posixpath
import tempfile
import zipfile
from pathlib import Path

import docx
import docxbuild as b
import pytest
from docx.text.paragraph import Paragraph
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from redactor.documents import docx as reader
from redactor.errors import UnsafeOutput
from redactor.redact import docx as writer
from redactor.settings import Limits
from redactor.types import Cut, Document
from redactor.verify import docx as verify

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def read_file(path: Path) -> Document:
    return reader.read(path, path.read_bytes(), Limits())


def cuts_for(doc: Document, values: tuple[str, ...] = b.SECRETS) -> list[Cut]:
    return [
        Cut(i, m.start(), m.end(), b.LABEL)
        for i, seg in enumerate(doc.segments)
        for value in values
        for m in b.pattern(value).finditer(seg.text)
    ]


def redact(folder: Path, data: bytes, values: tuple[str, ...] = b.SECRETS) -> tuple[Path, tuple[str, ...]]:
    src, out = folder / "in.docx", folder / "out.docx"
    src.write_bytes(data)
    doc = read_file(src)
    return out, writer.write(doc, cuts_for(doc, values), out, Limits())


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def shown_text(path: Path) -> str:
    return "\n".join(text for place, text in verify.read_back(path) if not place.startswith("raw"))


def assert_consistent(path: Path) -> None:
    """Every content type names a part, every part has a type, every internal target exists."""
    entries = parts(path)
    types = etree.fromstring(entries["[Content_Types].xml"])
    overrides = {str(el.get("PartName")).lstrip("/") for el in types.iter(f"{CT}Override")}
    defaults = {str(el.get("Extension")).lower() for el in types.iter(f"{CT}Default")}
    assert overrides <= set(entries)
    for name in entries:
        assert name == "[Content_Types].xml" or name in overrides or name.rsplit(".", 1)[-1] in defaults
    for name, blob in entries.items():
        if name.endswith(".rels"):
            base = posixpath.dirname(posixpath.dirname(name))
            for rel in etree.fromstring(blob).iter(f"{PR}Relationship"):
                if rel.get("TargetMode") != "External":
                    assert posixpath.normpath(posixpath.join(base, str(rel.get("Target")))) in entries


@pytest.mark.parametrize("case", b.CORPUS, ids=lambda c: c.name)
def test_value_leaves_every_place(tmp_path: Path, case: b.Case) -> None:
    out, notes = redact(tmp_path, case.build())
    for place, text in verify.read_back(out):
        assert not any(b.pattern(v).search(text) for v in b.SECRETS), place
    for name, blob in parts(out).items():
        for value in b.SECRETS:
            assert value.encode() not in blob and value.encode("utf-16-le") not in blob, name
    assert verify.structure(out) == []
    assert not any(v in note for v in b.SECRETS for note in notes)
    docx.Document(str(out))  # python-docx opens it
    assert_consistent(out)
    shown = shown_text(out)
    assert all(word in shown for word in case.kept), shown


def test_kept_words_keep_their_formatting(tmp_path: Path) -> None:
    out, _ = redact(tmp_path, b.body_split_runs())
    paragraph = docx.Document(str(out)).paragraphs[1]
    assert paragraph.text == "She lives at [address withheld], Macclesfield [address withheld] with the children."
    runs = {r.text: r for r in paragraph.runs if r.text}
    assert runs[" with the children."].bold and runs["She lives at "].bold is None
    assert runs["[address withheld]"].bold or runs["[address withheld]"].italic


TEXT = "Kept words near 41 Wharf Street, SK11 6QP and after them."


def _bold_chars(paragraph: Paragraph) -> list[tuple[str, bool]]:
    return [(ch, bool(r.bold)) for r in paragraph.runs for ch in r.text]


@pytest.mark.slow  # a Hypothesis property over whole documents
@settings(max_examples=40, deadline=None)
@given(
    splits=st.lists(st.integers(1, len(TEXT) - 1), max_size=14, unique=True),
    bolds=st.lists(st.booleans(), min_size=15, max_size=15),
)
def test_any_run_split_loses_the_value_and_keeps_the_rest(splits: list[int], bolds: list[bool]) -> None:
    """Whatever runs the text is split into, the cut never survives and kept text keeps its bold."""
    bounds = [0, *sorted(splits), len(TEXT)]
    document = docx.Document()
    p = document.add_paragraph()
    original: list[tuple[str, bool]] = []
    for i, (a, z) in enumerate(zip(bounds, bounds[1:], strict=False)):
        p.add_run(TEXT[a:z]).bold = bolds[i] or None
        original += [(ch, bolds[i]) for ch in TEXT[a:z]]
    with tempfile.TemporaryDirectory() as folder:
        out, _ = redact(Path(folder), b.to_bytes(document), (b.ADDRESS, b.POSTCODE))
        result = docx.Document(str(out)).paragraphs[0]
        raw = parts(out)["word/document.xml"].decode()
    label = "[address withheld]"
    assert result.text == TEXT.replace(b.ADDRESS, label).replace(b.POSTCODE, label)
    assert "Wharf" not in raw and "6QP" not in raw
    a, z = TEXT.index(b.ADDRESS), TEXT.index(b.POSTCODE) + len(b.POSTCODE)
    kept_before, kept_after = original[:a], original[z:]
    chars = _bold_chars(result)
    assert chars[: len(kept_before)] == kept_before
    assert chars[len(chars) - len(kept_after) :] == kept_after


NO_CUTS = [
    (b.comment, ("Her new address",), ("Seen at home.",)),
    (b.tracked_deletion, (b.ADDRESS,), ("Moved from", "to a new home.")),
    (b.tracked_insertion, (), (f"Lives at {b.ADDRESS} now.",)),
    (b.tracked_move, (b.POSTCODE,), (b.ADDRESS,)),
    (b.hidden_text, (b.ADDRESS,), ("Visible words  stay.",)),
    (b.hidden_style, (b.POSTCODE,), ("Kept",)),
    (b.style_revision, ("rPrChange",), (b.INTRO,)),
    (b.document_variables, (b.ADDRESS,), (b.INTRO,)),
    (b.glossary, (b.ADDRESS,), (b.INTRO,)),
    (b.custom_xml, (b.ADDRESS,), (b.INTRO,)),
    (b.core_properties, (b.ADDRESS, b.POSTCODE, b.EMAIL), (b.INTRO,)),
    (b.picture, (b.ADDRESS, b.POSTCODE), ("After the picture.",)),
]


@pytest.mark.parametrize(("build", "gone", "kept"), NO_CUTS, ids=[c[0].__name__ for c in NO_CUTS])
def test_hidden_places_are_emptied_even_without_cuts(
    tmp_path: Path, build: object, gone: tuple[str, ...], kept: tuple[str, ...]
) -> None:
    out, _ = redact(tmp_path, build(), ())  # type: ignore[operator]
    everything = b"".join(parts(out).values())
    assert not any(value.encode() in everything for value in gone)
    assert all(words in shown_text(out) for words in kept)
    assert verify.structure(out) == []


def _styled(styles: str, body: str, default_hidden: bool = False) -> bytes:
    def edit(root: etree._Element) -> None:
        root.extend(b.fragment(styles))
        if default_hidden:
            defaults = root.find(f"{b.W}docDefaults")
            assert defaults is not None
            defaults.insert(0, b.fragment("<w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault>")[0])

    return b.edit_xml(b.with_body(body), "word/styles.xml", edit)


HIDE = '<w:style w:type="character" w:styleId="Hide"><w:rPr><w:vanish/></w:rPr></w:style>'
UNDER = '<w:style w:type="character" w:styleId="Under"><w:basedOn w:val="Hide"/></w:style>'
SHOW = (
    '<w:style w:type="character" w:styleId="Show"><w:basedOn w:val="Hide"/>'
    '<w:rPr><w:vanish w:val="0"/></w:rPr></w:style>'
)
HIDE_PARA = '<w:style w:type="paragraph" w:styleId="HidePara"><w:rPr><w:vanish/></w:rPr></w:style>'
HIDING = [
    ("a style hides", HIDE, b.para(b.run("Hushed", '<w:rStyle w:val="Hide"/>')), False, False),
    ("based on a hiding style", HIDE + UNDER, b.para(b.run("Hushed", '<w:rStyle w:val="Under"/>')), False, False),
    ("a style shows again", HIDE + SHOW, b.para(b.run("Hushed", '<w:rStyle w:val="Show"/>')), False, True),
    ("the run overrides", HIDE, b.para(b.run("Hushed", '<w:rStyle w:val="Hide"/><w:vanish w:val="0"/>')), False, True),
    (
        "a paragraph style hides",
        HIDE_PARA,
        '<w:p><w:pPr><w:pStyle w:val="HidePara"/></w:pPr>' + b.run("Hushed") + "</w:p>",
        False,
        False,
    ),
    ("the defaults hide", "", b.para(b.run("Hushed")), True, False),
]


@pytest.mark.parametrize(("name", "styles", "body", "default", "shown"), HIDING, ids=[h[0] for h in HIDING])
def test_hidden_text_follows_the_styles(
    tmp_path: Path, name: str, styles: str, body: str, default: bool, shown: bool
) -> None:
    out, _ = redact(tmp_path, _styled(styles, body, default), ())
    assert (b"Hushed" in parts(out)["word/document.xml"]) is shown
    assert verify.structure(out) == []


def test_counting_fields_stay_live_and_value_fields_are_flattened(tmp_path: Path) -> None:
    out, _ = redact(tmp_path, b.docproperty_field())
    xml = parts(out)["word/document.xml"].decode()
    assert "DOCPROPERTY" not in xml and " PAGE " in xml and xml.count("w:fldChar ") == 3
    out, _ = redact(tmp_path, b.simple_field(), ())
    xml = parts(out)["word/document.xml"].decode()
    assert "fldSimple" not in xml and "MERGEFIELD" not in xml and b.ADDRESS in xml


def test_text_box_fallback_goes_even_if_only_one_copy_is_cut(tmp_path: Path) -> None:
    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    src.write_bytes(b.text_box())
    doc = read_file(src)
    first = cuts_for(doc, (b.ADDRESS,))[0]
    writer.write(doc, [first], out, Limits())
    xml = parts(out)["word/document.xml"].decode()
    assert b.ADDRESS not in xml and "Fallback" not in xml and "[address withheld]" in xml


def test_links_nobody_cut_stay(tmp_path: Path) -> None:
    out, _ = redact(tmp_path, b.hyperlinks(), ())
    rels = parts(out)["word/_rels/document.xml.rels"].decode()
    assert f"mailto:{b.EMAIL}" in rels and parts(out)["word/document.xml"].count(b"<w:hyperlink") == 2


def test_live_links_go_even_without_cuts(tmp_path: Path) -> None:
    for build in (b.linked_object, b.subdocument):
        out, notes = redact(tmp_path, build(), ())
        xml, rels = parts(out)["word/document.xml"], parts(out)["word/_rels/document.xml.rels"]
        assert b"OLEObject" not in xml and b"subDoc" not in xml and b"file:///" not in rels
        assert "live links removed (1)" in notes


def test_macro_enabled_main_part_becomes_a_plain_docx(tmp_path: Path) -> None:
    out, notes = redact(tmp_path, b.macros())
    types = parts(out)["[Content_Types].xml"].decode()
    assert "macroEnabled" not in types and "vbaProject" not in types
    assert any("macros" in note for note in notes)


def test_picture_metadata_is_stripped_and_pixels_kept(tmp_path: Path) -> None:
    out, _ = redact(tmp_path, b.picture())
    image = next(blob for name, blob in parts(out).items() if name.startswith("word/media/"))
    assert image.startswith(b"\x89PNG") and b"IDAT" in image and b"tEXt" not in image


def test_a_dropped_svg_twin_leaves_the_picture(tmp_path: Path) -> None:
    out, notes = redact(tmp_path, b.svg_picture())
    names = set(parts(out))
    xml = parts(out)["word/document.xml"].decode()
    assert "word/media/image2.svg" not in names and "svgBlip" not in xml and "<a:blip " in xml
    assert any(name.endswith(".png") for name in names) and "SVG images dropped (1)" in notes


def _unbalanced_field() -> bytes:
    begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    return b.with_body(b.para(b.run("Merge "), begin, "<w:r><w:instrText> MERGEFIELD x </w:instrText></w:r>"))


UNSAFE = [
    (
        "reference from an unknown element",
        lambda: b.append_body(b.unknown_part(), '<w:p><w:r><x:ref r:id="rIdU1"/></w:r></w:p>'),
    ),
    ("field without an end", _unbalanced_field),
]


@pytest.mark.parametrize(("name", "build"), UNSAFE, ids=[u[0] for u in UNSAFE])
def test_what_cannot_be_cleaned_is_refused(tmp_path: Path, name: str, build: object) -> None:
    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    src.write_bytes(build())  # type: ignore[operator]
    with pytest.raises(UnsafeOutput):
        writer.write(read_file(src), [], out, Limits())
    assert not out.exists()


def test_a_changed_source_or_a_stray_cut_is_refused(tmp_path: Path) -> None:
    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    src.write_bytes(b.table())
    doc = read_file(src)
    with pytest.raises(UnsafeOutput, match="outside"):
        writer.write(doc, [Cut(0, 0, len(doc.segments[0].text) + 5, b.LABEL)], out, Limits())
    src.write_bytes(b.nested_table())
    with pytest.raises(UnsafeOutput, match="changed"):
        writer.write(doc, cuts_for(doc), out, Limits())
    assert not out.exists()
