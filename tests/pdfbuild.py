"""Build small PDFs with PyMuPDF for the PDF tests, and read a file's raw bytes independently.

Every builder writes one PDF at `path` with the protected value `SECRET` in one
place (the page text, a comment, an attachment ...) and ordinary words around
it. `raw_text` is the tests' own raw reader (pypdf plus zlib), so a test does
not trust the verifier it is testing.
"""

from __future__ import annotations

import contextlib
import io
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import pymupdf
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

SECRET = "41 Wharf Street"
MARK = "Wharf"  # the distinctive part: found alone, it is a leak
BEFORE, AFTER = "Please call at", "before noon."
LINE = f"{BEFORE} {SECRET} {AFTER}"
NOTES = f"Case notes: the family moved to {SECRET}, Macclesfield."

Builder = Callable[[Path], None]


def new_pdf(lines: tuple[str, ...] = ("Dear Ms Smith,", LINE, "Yours sincerely")) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page()
    for n, line in enumerate(lines):
        page.insert_text((72, 100 + 16 * n), line, fontsize=11)
    return doc


def save(doc: pymupdf.Document, path: Path, **options: object) -> None:
    doc.save(path, **options)  # type: ignore[arg-type]
    doc.close()


def solid_image(width: int = 40, height: int = 10, rgb: tuple[int, int, int] = (200, 20, 20)) -> pymupdf.Pixmap:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.set_rect(pix.irect, rgb)
    return pix


def line_rect(page: pymupdf.Page, text: str) -> pymupdf.Rect:
    found = page.search_for(text)
    assert found, "builder text not on the page"
    return found[0]


# --- one builder per place -----------------------------------------------------


def page_text(path: Path) -> None:
    save(new_pdf(), path)


def white_text(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    doc[0].insert_text((72, 140), LINE, fontsize=11, color=(1, 1, 1))
    save(doc, path)


def invisible_text(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    doc[0].insert_text((72, 140), LINE, fontsize=11, render_mode=3)
    save(doc, path)


def under_image(path: Path) -> None:
    doc = new_pdf()
    page = doc[0]
    page.insert_image(line_rect(page, SECRET) + (-2, -2, 2, 2), pixmap=solid_image(), keep_proportion=False)
    save(doc, path)


def under_box(path: Path) -> None:
    doc = new_pdf()
    page = doc[0]
    page.draw_rect(line_rect(page, SECRET) + (-2, -2, 2, 2), color=None, fill=(0, 0, 0))
    save(doc, path)


def outside_page(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    doc[0].insert_text((72, 900), LINE, fontsize=11)
    save(doc, path)


def hidden_layer(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    layer = doc.add_ocg("notes", on=False)
    doc[0].insert_text((72, 140), LINE, fontsize=11, oc=layer)
    save(doc, path)


def metadata(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    doc.set_metadata({"title": f"Visit to {SECRET}", "author": "A Worker", "subject": SECRET, "keywords": SECRET})
    save(doc, path)


def xmp(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    doc.set_xml_metadata(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>{SECRET}'
        "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    save(doc, path)


def annotation(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    page = doc[0]
    note = page.add_text_annot((300, 100), f"Remember: {SECRET}")
    note.set_info(title="A Worker", subject=SECRET)
    note.update()
    page.add_freetext_annot(pymupdf.Rect(300, 200, 500, 240), NOTES).update()
    save(doc, path)


def form_field(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    widget = pymupdf.Widget()
    widget.field_name = "current_address"
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.rect = pymupdf.Rect(72, 200, 400, 220)
    widget.field_value = SECRET
    doc[0].add_widget(widget)
    save(doc, path)


def link(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,", "See the map."))
    page = doc[0]
    page.insert_link({"kind": pymupdf.LINK_URI, "from": line_rect(page, "map"),
                      "uri": f"https://maps.example.org/?q={SECRET}"})
    save(doc, path)


def attachment(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    doc.embfile_add("notes.txt", NOTES.encode(), filename="notes.txt", desc="case notes")
    doc[0].add_file_annot((300, 300), NOTES.encode(), "more-notes.txt")
    save(doc, path, deflate=True)


def bookmark(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    doc.set_toc([[1, "Letter", 1], [2, f"Address: {SECRET}", 1]])
    save(doc, path)


def page_labels(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    doc.set_page_labels([{"startpage": 0, "prefix": f"{SECRET}-", "style": "D", "firstpagenum": 1}])
    save(doc, path)


def javascript(path: Path) -> None:
    doc = new_pdf(("Dear Ms Smith,",))
    action = doc.get_new_xref()
    doc.update_object(action, f"<</S/JavaScript/JS(app.alert\\('{SECRET}'\\);)>>")
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{action} 0 R")
    save(doc, path)


def earlier_revision(path: Path) -> None:
    """The value was in the first revision; an incremental save replaced the page's text."""
    save(new_pdf(), path)
    doc = pymupdf.open(path)
    page = doc[0]
    page.add_redact_annot(line_rect(page, SECRET))
    page.apply_redactions()
    doc.saveIncr()
    doc.close()


def no_character_map(path: Path, fontfile: str | None = None) -> None:
    """Text in an embedded font whose map to characters (/ToUnicode) was taken out."""
    doc = pymupdf.open()
    page = doc.new_page()
    if fontfile:
        page.insert_font(fontname="F0", fontfile=fontfile)
    else:
        page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("tiro").buffer)
    page.insert_text((72, 100), LINE, fontname="F0", fontsize=11)
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "ToUnicode")[0] != "null":
            doc.xref_set_key(xref, "ToUnicode", "null")
    save(doc, path)


PLACES: dict[str, Builder] = {
    "page text": page_text, "white text": white_text, "render mode 3": invisible_text,
    "under an image": under_image, "under a black box": under_box, "outside the page": outside_page,
    "hidden layer": hidden_layer, "metadata": metadata, "xmp": xmp, "annotation": annotation,
    "form field": form_field, "link": link, "attachment": attachment, "bookmark": bookmark,
    "page labels": page_labels, "javascript": javascript, "earlier revision": earlier_revision,
}


# --- an independent raw reader --------------------------------------------------

_HEX = re.compile(rb"<([0-9A-Fa-f\s]+)>")


def _with_hex(blob: bytes) -> str:
    """Latin-1 text of the bytes, plus every <hex> string decoded (PyMuPDF writes text as hex)."""
    parts = [blob.decode("latin-1")]
    for match in _HEX.finditer(blob):
        digits = re.sub(rb"\s", b"", match.group(1))
        parts.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()).decode("latin-1"))
    return "\n".join(parts)


def raw_text(path: Path) -> str:
    """The file's bytes, every zlib stream inflated, and every stream pypdf can decode."""
    data = path.read_bytes()
    parts = [_with_hex(data)]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        with contextlib.suppress(zlib.error):  # a stream not deflated is in `data` already
            parts.append(_with_hex(zlib.decompressobj().decompress(match.group(1))))
    reader = PdfReader(io.BytesIO(data), strict=False)
    for gen, table in reader.xref.items():
        for num in table:
            obj = reader.get_object(IndirectObject(num, gen, reader))
            if isinstance(obj, StreamObject):
                parts.append(_with_hex(obj.get_data()))
    for num in reader.xref_objStm:
        parts.append(str(reader.get_object(IndirectObject(num, 0, reader))))
    return "\n".join(parts)


def pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


# --- files written by hand: a cross-reference table exactly as a test needs it --------------


def handmade(objects: dict[int, str], root: int = 1, sections: list[tuple[int, int]] | None = None) -> bytes:
    """A PDF whose classic xref table lists `objects` (number -> body) and marks every other
    number in `sections` (first, count) free; numbers outside every section are missing."""
    out = bytearray(b"%PDF-1.7\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("latin-1")
    top = max(objects) + 1
    xref = len(out)
    out += b"xref\n"
    for first, count in sections or [(0, top)]:
        out += f"{first} {count}\n".encode()
        for number in range(first, first + count):
            entry = f"{offsets[number]:010d} 00000 n" if number in offsets else "0000000000 65535 f"
            out += f"{entry} \n".encode()
    out += f"trailer\n<< /Size {top} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def form_objects(value: str = SECRET, contents: int = 4) -> dict[int, str]:
    """A one-page letter with one filled text field; the page's content is object `contents`."""
    stream = f"BT /F1 11 Tf 72 700 Td ({LINE}) Tj ET"
    return {
        1: "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>",
        2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {contents} 0 R "
           "/Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>",
        contents: f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        5: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: f"<< /FT /Tx /T (current_address) /V ({value}) /Type /Annot /Subtype /Widget "
           "/Rect [72 600 400 620] /P 3 0 R >>",
    }
