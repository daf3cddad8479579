"""Builders of broken and hostile files, and of the small valid ones they start from.

Shared by tests/test_hostile.py (through the CLI), tests/test_fuzz_docs.py
(mutations, in-process) and fuzz/fuzz_readers.py (atheris seeds). Every
builder returns bytes; nothing here touches the network.
"""

from __future__ import annotations

import io
import os
import random
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pymupdf

ROOT = Path(__file__).resolve().parents[1]
REDACTOR = ROOT / ".venv" / "bin" / "redactor"

# The protected party's details: none may ever appear in an error, an audit entry or an output.
ADDRESS = "41 Wharf Street, Macclesfield, SK11 6QP"
PHONE = "07700 900461"
PROTECTED = (ADDRESS, PHONE, "Wharf Street", "SK11 6QP", "900461")
NOTES = f"Case notes: Claire has moved to {ADDRESS}; her new phone is {PHONE}. MARAC referral made."
PLAIN = "The family attended the review meeting. The plan was agreed by everyone present."

CASE_YAML = f"""\
case_id: CS-2024-0317
flags: [domestic-abuse]
parties:
  - id: mother
    name: Claire Mottram
    markers: [protected, confidential-address]
    details:
      address: ["{ADDRESS}"]
      phone: ["{PHONE}"]
  - id: father
    name: Gary Pickford
    markers: [alleged-perpetrator]
    restricted_from: [mother]
"""
# `address` is a mapping, not a list of strings: the field must be named, the value never quoted.
BAD_CASE_YAML = CASE_YAML.replace(f'address: ["{ADDRESS}"]', f'address: {{street: "{ADDRESS}"}}')
# Nine levels of nine aliases: 387 million strings if anything expanded it.
YAML_BOMB = (
    "a: &a ["
    + ",".join(['"lol"'] * 9)
    + "]\n"
    + "".join(f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    + CASE_YAML.replace("flags: [domestic-abuse]", "flags: *i")
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC_PART = "word/document.xml"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


# ---------------------------------------------------------------- valid documents


def txt(text: str = NOTES) -> bytes:
    return text.encode("utf-8")


def docx_bytes(paragraphs: tuple[str, ...] = (PLAIN, NOTES)) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: tuple[str, ...] = (PLAIN, NOTES), pages: int = 1) -> bytes:
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(50, 50, 550, 800), "\n".join(lines), fontsize=10)
    return bytes(doc.tobytes())


def _filler(rng: random.Random, words: int) -> str:
    vocabulary = ["the", "child", "attended", "school", "and", "social", "worker", "visited",
                  "family", "home", "to", "discuss", "plan", "with", "mother", "agreed", "review"]  # fmt: skip
    return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."


def long_docx(pages: int = 50) -> bytes:
    """About 500 words a page, the protected details once near the start."""
    rng = random.Random(pages)
    paragraphs = [_filler(rng, 60) for _ in range(pages * 8)]
    paragraphs.insert(3, NOTES)
    return docx_bytes(tuple(paragraphs))


def long_pdf(pages: int = 50) -> bytes:
    rng = random.Random(pages)
    doc = pymupdf.open()
    for number in range(pages):
        lines = [_filler(rng, 12) for _ in range(45)]
        if number == 1:
            lines.insert(2, NOTES)
        doc.new_page().insert_textbox(pymupdf.Rect(50, 50, 550, 800), "\n".join(lines), fontsize=9)
    return bytes(doc.tobytes())


# ---------------------------------------------------------------- PDFs


def encrypted_pdf() -> bytes:
    """Opens only with a password."""
    doc = pymupdf.open("pdf", pdf_bytes())
    return bytes(doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="open-me", owner_pw="owner"))


def owner_locked_pdf() -> bytes:
    """Opens without a password, but encrypted (printing and copying restricted)."""
    doc = pymupdf.open("pdf", pdf_bytes())
    return bytes(doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_128, owner_pw="owner", permissions=0))


def truncated_pdf() -> bytes:
    data = pdf_bytes(pages=3)
    return data[: len(data) // 2]


def text_as_pdf() -> bytes:
    return txt()


def content_bomb_pdf(operations: int = 10_000_000) -> bytes:
    """A small file whose one page draws millions of lines: 14 bytes each once inflated."""
    doc = pymupdf.open("pdf", pdf_bytes((PLAIN,)))
    page = doc[0]
    doc.update_stream(page.get_contents()[0], b"0 0 m 1 1 l S\n" * operations, compress=True)
    return bytes(doc.tobytes())


def attachment_pdf(notes: str = NOTES) -> bytes:
    """A harmless page; the case notes ride along as an attachment and an attached-file note."""
    doc = pymupdf.open("pdf", pdf_bytes((PLAIN,)))
    doc.embfile_add("case-notes.txt", notes.encode("utf-8"), filename="case-notes.txt")
    doc[0].add_file_annot(pymupdf.Point(60, 700), notes.encode("utf-8"), "more-notes.txt")
    return bytes(doc.tobytes())


def attached_docx_pdf(attachment: bytes) -> bytes:
    """A harmless page with a Word document attached."""
    doc = pymupdf.open("pdf", pdf_bytes((PLAIN,)))
    doc.embfile_add("minutes.docx", attachment, filename="minutes.docx")
    return bytes(doc.tobytes())


def attachment_without_file_pdf() -> bytes:
    """An attached-file note whose file entry is gone."""
    doc = pymupdf.open("pdf", pdf_bytes((PLAIN,)))
    annot = doc[0].add_file_annot(pymupdf.Point(60, 700), NOTES.encode(), "notes.txt")
    doc.xref_set_key(annot.xref, "FS", "null")
    return bytes(doc.tobytes())


def misaligned_names_pdf() -> bytes:
    """The attachments' name tree thrown out of step by one stray token (found by fuzz_readers)."""
    data = attachment_pdf()
    assert b"/Names[(case-notes" in data
    return data.replace(b"/Names[(case-notes", b"/Names[@(case-notes", 1)


def pdf_all_text(data: bytes) -> str:
    """Every page's text, attachment and decoded stream, read by pypdf (not PyMuPDF)."""
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    for name, contents in reader.attachments.items():
        parts += [name, *(c.decode("latin-1") for c in contents)]
    for number in range(1, int(reader.trailer.get("/Size", 0)) + 1):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001 - a free object number is not a finding
            continue
        parts.append(obj.get_data().decode("latin-1") if hasattr(obj, "get_data") else str(obj))
    return "\n".join(parts)


# ---------------------------------------------------------------- Word packages


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          order: list[str] | None = None, method: int = zipfile.ZIP_DEFLATED) -> bytes:  # fmt: skip
    """The package with some entries replaced, added, or put in another order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries.update(replace or {})
    entries.update(add or {})
    names = order or list(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for name in names:
            target.writestr(name or zipfile.ZipInfo(name), entries[name])
    return out.getvalue()


def document_xml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p>'
            f"</w:body></w:document>").encode()  # fmt: skip


def truncated_docx() -> bytes:
    data = docx_bytes()
    return data[: len(data) * 2 // 3]


def corrupt_deflate_docx() -> bytes:
    """The zip directory is intact, but the main part's deflate stream is garbage."""
    data = bytearray(docx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo(DOC_PART)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for pos in range(start + 5, start + 25):
        data[pos] ^= 0xFF
    return bytes(data)


def zip_bomb_docx() -> bytes:
    """60 MB of zeros squeezed into one part: far past the compression-ratio limit."""
    return rezip(docx_bytes(), add={"word/media/image1.png": bytes(60 * 1024 * 1024)})


def many_entries_docx(count: int = 5000) -> bytes:
    return rezip(docx_bytes(), add={f"customXml/item{i}.xml": b"<a/>" for i in range(count)})


def lying_sizes_docx(name: str = "word/media/pad.bin") -> bytes:
    """A part whose headers declare 100 bytes but whose deflate stream holds 40 MB."""
    raw = bytearray(rezip(docx_bytes(), add={name: b"y" * (40 * 1024 * 1024)}))
    encoded = name.encode()
    # Local header: uncompressed size at +22; central directory header: at +24.
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = raw.find(signature)
        while pos >= 0:
            if raw[pos + name_at : pos + name_at + len(encoded)] == encoded:
                struct.pack_into("<I", raw, pos + size_at, 100)
            pos = raw.find(signature, pos + 4)
    return bytes(raw)


def nameless_entry_docx() -> bytes:
    """A zip entry with an empty name (found by fuzz_readers)."""
    return rezip(docx_bytes(), add={"": b"x"})


def future_zip_docx() -> bytes:
    """A package whose directory asks for a zip version no reader has (found by fuzz_readers)."""
    raw = bytearray(docx_bytes())
    pos = raw.find(b"PK\x01\x02")
    while pos >= 0:
        struct.pack_into("<H", raw, pos + 6, 111)  # "version needed to extract": 11.1
        pos = raw.find(b"PK\x01\x02", pos + 4)
    return bytes(raw)


def xxe_docx(secret_file: Path, part: str = DOC_PART, encoding: str = "utf-8") -> bytes:
    """An external entity that would pull a local file's content into the text."""
    prolog = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_file}">]>\n'
    body = document_xml("Notes: &xxe;", prolog).decode()
    if part != DOC_PART:
        return rezip(docx_bytes(), replace={part: _with_entity(part, secret_file)})
    if encoding != "utf-8":
        body = body.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    return rezip(docx_bytes(), replace={DOC_PART: body.encode(encoding)})


def _with_entity(part: str, secret_file: Path) -> bytes:
    """A core-properties part whose title is the entity."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE cp:coreProperties '
            f'[<!ENTITY xxe SYSTEM "file://{secret_file}">]>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&xxe;</dc:title>'
            "</cp:coreProperties>").encode()  # fmt: skip


def billion_laughs_docx() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    return rezip(docx_bytes(), replace={DOC_PART: document_xml("&lol9;", f"<!DOCTYPE w:document [{entities}]>\n")})


def ole_office() -> bytes:
    """What Word writes for a password-protected document: an OLE container, not a zip."""
    return OLE_MAGIC + bytes(range(256)) * 32


def pdf_as_docx() -> bytes:
    return pdf_bytes()


def docx_as_txt() -> bytes:
    return docx_bytes()


# ---------------------------------------------------------------- text


def binary_txt() -> bytes:
    return bytes(range(256)) * 16


def latin1_txt() -> bytes:
    return f"Café meeting notes. {NOTES}".encode("latin-1")


def controls_txt() -> bytes:
    return ("\x01\x02\x03\x1b" * 50 + NOTES).encode()


# ---------------------------------------------------------------- the real CLI


def run_cli(*args: str | Path, home: Path, config: Path | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """`.venv/bin/redactor ARGS` in a fresh process, state under `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDACTOR_")}
    env |= {"REDACTOR_HOME": str(home), "REDACTOR_USER": "sw.test", "PYTHONUNBUFFERED": "1"}
    if config is not None:
        env["REDACTOR_CONFIG"] = str(config)
    command = [str(REDACTOR)] if REDACTOR.exists() else [sys.executable, "-m", "redactor.cli.main"]
    return subprocess.run([*command, *map(str, args)], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)  # fmt: skip
