"""Word packages as more producers write them: Strict Open XML, and charts with their data."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docxbuild as b
from lxml import etree

from redactor.documents import docx as reader
from redactor.redact import docx as writer
from redactor.settings import Limits
from redactor.types import Cut, Document
from redactor.verify import docx as verify

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC_RELS = "word/_rels/document.xml.rels"
CHART_RELS = "word/charts/_rels/chart1.xml.rels"
STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def read_file(path: Path) -> Document:
    return reader.read(path, path.read_bytes(), Limits())


def cuts(doc: Document, value: str = b.ADDRESS) -> list[Cut]:
    return [Cut(i, m.start(), m.end(), b.LABEL) for i, seg in enumerate(doc.segments)
            for m in b.pattern(value).finditer(seg.text)]  # fmt: skip


def redact(tmp_path: Path, data: bytes) -> tuple[Path, tuple[str, ...]]:
    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    src.write_bytes(data)
    doc = read_file(src)
    return out, writer.write(doc, cuts(doc), out, Limits())


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# --- Strict Open XML ---------------------------------------------------------------------------


# Transitional -> Strict, written out here (not the product's table) for the parts these tests use.
TO_STRICT = (
    (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", STRICT_W),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
)


def strict(data: bytes) -> bytes:
    """The package as Word writes it when saved as "Strict Open XML Document"."""
    changes: dict[str, bytes | None] = {}
    for name, blob in b.entries(data).items():
        if name.endswith((".xml", ".rels")) and name != "[Content_Types].xml":
            for old, new in TO_STRICT:
                blob = blob.replace(old, new)
            changes[name] = blob
    return b.rebuild(data, changes)


def test_a_strict_document_is_read_like_a_transitional_one(tmp_path: Path) -> None:
    data = strict(b.headers_and_footers())
    assert STRICT_W in b.entries(data)["word/document.xml"]
    assert b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in b.entries(data)["_rels/.rels"]
    src = tmp_path / "strict.docx"
    src.write_bytes(data)
    transitional = tmp_path / "transitional.docx"
    transitional.write_bytes(b.headers_and_footers())
    seen = [(s.place, s.text) for s in read_file(src).segments]
    assert seen == [(s.place, s.text) for s in read_file(transitional).segments]
    assert any(b.ADDRESS in text for place, text in seen if place.startswith("header"))


def test_a_strict_document_is_redacted_and_stays_strict(tmp_path: Path) -> None:
    out, _ = redact(tmp_path, strict(b.headers_and_footers()))
    written = parts(out)
    assert STRICT_W in written["word/document.xml"]
    assert b"schemas.openxmlformats.org/wordprocessingml" not in written["word/document.xml"]
    assert b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in written["_rels/.rels"]
    shown = "\n".join(text for place, text in verify.read_back(out) if not place.startswith("raw"))
    assert b.LABEL in shown and "Wharf" not in shown
    assert verify.structure(out) == []


def test_hidden_text_in_a_strict_document_is_seen_by_the_verifier(tmp_path: Path) -> None:
    """The independent re-reader knows Strict's tags too: a vanish mark left behind is named."""
    path = tmp_path / "hidden.docx"
    path.write_bytes(strict(b.hidden_text()))
    assert any(r.kind == "hidden text" for r in verify.structure(path))


# --- charts ------------------------------------------------------------------------------------


def chart_xml(title: str, series: str, category: str, link: str = "rIdData") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="{C}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><c:chart>
<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{title}</a:t></a:r></a:p></c:rich></c:tx></c:title>
<c:plotArea><c:barChart><c:ser><c:idx val="0"/><c:order val="0"/>
<c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{series}</c:v></c:pt>
</c:strCache></c:strRef></c:tx>
<c:cat><c:strRef><c:f>Sheet1!$A$2</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{category}</c:v></c:pt>
</c:strCache></c:strRef></c:cat>
<c:val><c:numRef><c:f>Sheet1!$B$2</c:f><c:numCache><c:ptCount val="1"/><c:pt idx="0"><c:v>3</c:v></c:pt>
</c:numCache></c:numRef></c:val></c:ser></c:barChart></c:plotArea></c:chart>
<c:externalData r:id="{link}"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>""".encode()


def with_chart(workbook: str) -> bytes:
    """A report with one chart whose data comes from an embedded ("embedded") or a linked
    ("linked") workbook; the chart's title and cached category hold the address."""
    drawing = (
        '<w:r><w:drawing><wp:inline><wp:extent cx="4000000" cy="2000000"/><wp:docPr id="1" name="Chart 1"/>'
        f'<a:graphic><a:graphicData uri="{C}"><c:chart xmlns:c="{C}" r:id="rIdChart"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
    data = b.with_body(b.para(b.run("Visits by place:")) + b.para(drawing) + b.para(b.run("After the chart.")))
    chart = chart_xml(f"Visits to {b.ADDRESS}", "Visits", b.ADDRESS)
    data = b.add_part(data, "word/charts/chart1.xml", chart, CHART_TYPE, (DOC_RELS, "rIdChart", b.REL + "chart",
                                                                          "charts/chart1.xml"))  # fmt: skip
    data = b.rebuild(data, {CHART_RELS: b'<?xml version="1.0"?><Relationships '
                            b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'})  # fmt: skip
    if workbook == "linked":
        return b.add_rel(data, CHART_RELS, "rIdData", b.REL + "oleObject",
                         "file:///C:/Users/worker/Visits%20to%20families.xlsx", external=True)  # fmt: skip
    book = b.rebuild(b.to_bytes(b.base()), {})  # any zip: its content is not read
    return b.add_part(data, "word/embeddings/Microsoft_Excel_Worksheet.xlsx", book, XLSX_TYPE,
                      (CHART_RELS, "rIdData", b.REL + "package", "../embeddings/Microsoft_Excel_Worksheet.xlsx"))


def test_chart_text_is_read_as_a_place_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "chart.docx"
    path.write_bytes(with_chart("embedded"))
    doc = read_file(path)
    chart = [s for s in doc.segments if s.place == "chart (chart1.xml)"]
    assert len(chart) == 1
    lines = chart[0].text.split("\n")
    assert f"Visits to {b.ADDRESS}" in lines and b.ADDRESS in lines  # the title and the cached category
    assert "Sheet1!$A$2" in lines and "3" in lines  # the workbook reference and the cached value


def test_an_embedded_workbook_is_named_by_the_check(tmp_path: Path) -> None:
    path = tmp_path / "chart.docx"
    path.write_bytes(with_chart("embedded"))
    messages = [p.message for p in read_file(path).problems]
    assert messages == ["1 chart data workbooks: content not read; redaction drops them "
                        "and keeps each chart with the values it shows"]


def test_a_chart_is_redacted_in_place_and_kept(tmp_path: Path) -> None:
    out, notes = redact(tmp_path, with_chart("embedded"))
    written = parts(out)
    assert "word/embeddings/Microsoft_Excel_Worksheet.xlsx" not in written
    chart = etree.fromstring(written["word/charts/chart1.xml"])
    texts = [el.text for el in chart.iter() if el.text and el.text.strip()]
    assert f"Visits to [{b.LABEL}]" in texts and f"[{b.LABEL}]" in texts
    assert "Visits" in texts and "Sheet1!$B$2" in texts and "3" in texts  # the rest of the chart stays
    assert chart.find(f"{{{C}}}externalData") is None  # no link to the dropped workbook
    assert b'r:id="rIdChart"' in written["word/document.xml"]  # the chart is still in the body
    assert b"rIdData" not in written[CHART_RELS]
    assert any("chart data workbooks dropped" in note for note in notes)
    assert not [r for r in verify.structure(out) if r.kind != "properties:core"]
    assert "Wharf" not in "\n".join(text for _, text in verify.read_back(out))


def test_a_linked_workbook_reference_is_removed(tmp_path: Path) -> None:
    src = tmp_path / "in.docx"
    src.write_bytes(with_chart("linked"))
    assert any("Visits%20to%20families" in s.text for s in read_file(src).segments if s.place == "hyperlinks")
    out, _ = redact(tmp_path, with_chart("linked"))
    written = parts(out)
    assert b"families" not in written[CHART_RELS] and b"oleObject" not in written[CHART_RELS]
    assert etree.fromstring(written["word/charts/chart1.xml"]).find(f"{{{C}}}externalData") is None
    assert b"<c:title>" in written["word/charts/chart1.xml"] or b"title" in written["word/charts/chart1.xml"]
