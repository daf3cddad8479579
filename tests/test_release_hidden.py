"""Release ships the very bytes it checked: a protected detail hidden where readers do not
look (an earlier PDF revision, an XML comment, a zip comment) holds the release."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pymupdf
import pytest

from redactor.api import check_file, check_for_release
from redactor.types import Verdict

CLEAN = "The assessment found that the family engaged well with the plan."


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph(CLEAN)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, edit_part: str | None = None, comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == edit_part:
                body = body.replace(b"<w:body>", b"<w:body><!-- mother now at 41 Wharf Street, SK11 6QP -->")
            dst.writestr(info, body)
        dst.comment = comment
    return out.getvalue()


def docx_with_xml_comment(path: Path) -> Path:
    path.write_bytes(_rezip(_docx_bytes(), edit_part="word/document.xml"))
    return path


def docx_with_zip_comment(path: Path) -> Path:
    path.write_bytes(_rezip(_docx_bytes(), comment=b"41 Wharf Street SK11 6QP 07700 900461"))
    return path


def pdf_with_earlier_revision(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), CLEAN)
    page.insert_text((72, 100), "Contact number 07700 900461")
    doc.save(path)
    doc.close()
    doc = pymupdf.open(path)
    page = doc[0]
    for rect in page.search_for("Contact number 07700 900461"):
        page.add_redact_annot(rect)
    page.apply_redactions()
    doc.saveIncr()  # the old content stream stays in the file
    doc.close()
    return path


@pytest.mark.parametrize("build", [docx_with_xml_comment, docx_with_zip_comment, pdf_with_earlier_revision])
def test_hidden_protected_detail_holds_release(build, tmp_path: Path, spec_case_path: Path) -> None:  # type: ignore[no-untyped-def]
    suffix = ".pdf" if build is pdf_with_earlier_revision else ".docx"
    path = build(tmp_path / f"letter{suffix}")
    plain = check_file(path, spec_case_path, "father")
    assert plain.verdict == Verdict.CLEAR  # what the ordinary reading sees...
    gated = check_for_release(path, spec_case_path, "father")
    assert gated.verdict == Verdict.REVIEW  # ...but the bytes that would be sent are not clean
    assert any(p.code == "hidden-value" for p in gated.plan.problems)
    assert all("Wharf" not in p.message and "07700" not in p.message for p in gated.plan.problems)


def test_the_protected_reader_herself_is_not_held(tmp_path: Path, spec_case_path: Path) -> None:
    path = docx_with_zip_comment(tmp_path / "letter.docx")
    assert check_for_release(path, spec_case_path, "mother").verdict == Verdict.CLEAR
