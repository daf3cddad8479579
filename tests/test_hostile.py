"""Hostile and broken inputs through the real CLI: a clear refusal, and nothing lost or left.

For each input `redactor check` and `redactor redact` run in a fresh process:
`redact` exits 2 and `check` exits 2 (never 0), stderr is one short line
"redactor: error: <file>: <reason>" with no traceback and no protected value, no
output (and no temporary ".redactor-*" file) is left, an audit entry records the
refusal, and each run ends within 60 seconds. A PDF whose attachments carry the
case notes is not refused: its redacted copy comes out without them.
"""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hostile
import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow  # each input through the real CLI in a fresh process

SECRET = "XXE-SECRET-9f3a1c-do-not-leak"


@dataclass(frozen=True)
class Hostile:
    file: str  # the name given to the CLI
    build: Callable[[Path], bytes] | None  # given the secret file; None: the file does not exist
    reason: str  # a pattern the stderr line must match
    case: str = hostile.CASE_YAML
    reader: str = "father"


def always(data: Callable[[], bytes]) -> Callable[[Path], bytes]:
    return lambda _secret: data()


CASES = {
    "encrypted-pdf": Hostile("report.pdf", always(hostile.encrypted_pdf), r"report\.pdf: encrypted PDF: remove"),
    "truncated-pdf": Hostile("report.pdf", always(hostile.truncated_pdf), r"report\.pdf: damaged PDF"),
    "text-as-pdf": Hostile("report.pdf", always(hostile.text_as_pdf), r"report\.pdf: not a PDF"),
    "empty-pdf": Hostile("report.pdf", always(lambda: b""), r"report\.pdf: file is empty"),
    "empty-docx": Hostile("report.docx", always(lambda: b""), r"report\.docx: file is empty"),
    "empty-txt": Hostile("report.txt", always(lambda: b""), r"report\.txt: file is empty"),
    "truncated-docx": Hostile("report.docx", always(hostile.truncated_docx), r"report\.docx: damaged DOCX"),
    "corrupt-deflate-docx": Hostile("report.docx", always(hostile.corrupt_deflate_docx), r"damaged DOCX"),
    "future-zip-version": Hostile("report.docx", always(hostile.future_zip_docx), r"report\.docx: damaged"),
    "nameless-zip-entry": Hostile("report.docx", always(hostile.nameless_entry_docx), r"report\.docx: damaged"),
    "lying-zip-sizes": Hostile("report.docx", always(hostile.lying_sizes_docx), r"damaged DOCX"),
    "zip-bomb-docx": Hostile("report.docx", always(hostile.zip_bomb_docx), r"report\.docx: .*zip bomb"),
    "zip-entries-bomb": Hostile("report.docx", always(hostile.many_entries_docx), r"zip bomb \(\d+ entries\)"),
    "xxe-docx": Hostile("report.docx", hostile.xxe_docx, r"report\.docx: XML with a DTD is refused"),
    "xxe-utf16-docx": Hostile("report.docx", lambda s: hostile.xxe_docx(s, encoding="utf-16"), r"DTD is refused"),
    "xxe-in-properties": Hostile(
        "report.docx", lambda s: hostile.xxe_docx(s, part="docProps/core.xml"), r"DTD is refused"
    ),  # fmt: skip
    "billion-laughs-docx": Hostile("report.docx", always(hostile.billion_laughs_docx), r"DTD is refused"),
    "encrypted-office": Hostile("report.docx", always(hostile.ole_office), r"report\.docx: encrypted Office document"),
    "pdf-as-docx": Hostile("report.docx", always(hostile.pdf_as_docx), r"report\.docx: not a DOCX"),
    "docx-as-txt": Hostile("report.txt", always(hostile.docx_as_txt), r"report\.txt: .*zip package"),
    "binary-txt": Hostile("report.txt", always(hostile.binary_txt), r"report\.txt: (not UTF-8|binary)"),
    "latin1-txt": Hostile("report.txt", always(hostile.latin1_txt), r"report\.txt: not UTF-8 text"),
    "control-chars-txt": Hostile("report.txt", always(hostile.controls_txt), r"report\.txt: binary content"),
    "unsupported-type": Hostile("report.rtf", always(hostile.txt), r"unsupported file type '\.rtf'"),
    "missing-file": Hostile("report.pdf", None, r"file not found: .*report\.pdf"),
    "malformed-case": Hostile(
        "report.txt", always(hostile.txt), r"parties\[0\]\.details\.address", case=hostile.BAD_CASE_YAML
    ),  # fmt: skip
    "yaml-bomb-case": Hostile("report.txt", always(hostile.txt), r"case\.yaml: YAML aliases", case=hostile.YAML_BOMB),
    "unknown-reader": Hostile("report.txt", always(hostile.txt), r"--to 'stranger' is not a party", reader="stranger"),
}


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def audit_rows(home: Path) -> list[tuple[str, str, str]]:
    if not (home / "audit.sqlite").exists():
        return []
    with sqlite3.connect(home / "audit.sqlite") as db:
        return db.execute("SELECT action, decision, reason FROM entries ORDER BY id").fetchall()


def assert_no_leak(text: str) -> None:
    for value in (*hostile.PROTECTED, SECRET):
        assert value not in text, f"{value!r} leaked"


def assert_one_error_line(stderr: str, reason: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("redactor: error: "), stderr
    assert re.search(reason, lines[0]), lines[0]
    assert len(lines[0]) < 300 and "Traceback" not in stderr


@pytest.mark.parametrize("name", CASES)
def test_hostile_input_is_refused_cleanly(name: str, tmp_path: Path, secret_file: Path) -> None:
    spec = CASES[name]
    home, out_dir = tmp_path / "home", tmp_path / "out"
    out_dir.mkdir()
    source, case = tmp_path / spec.file, tmp_path / "case.yaml"
    case.write_text(spec.case, "utf-8")
    if spec.build is not None:
        source.write_bytes(spec.build(secret_file))
    out = out_dir / f"redacted{source.suffix}"
    runs = {
        "check": ("check", source),
        "redact": ("redact", source, "--out", out),
    }
    for command, args in runs.items():
        before = len(audit_rows(home))
        done = hostile.run_cli(*args, "--case", case, "--to", spec.reader, home=home)
        assert done.returncode == 2, f"{command}: {done.returncode} {done.stderr}"
        assert_one_error_line(done.stderr, spec.reason)
        assert_no_leak(done.stdout + done.stderr)
        rows = audit_rows(home)
        assert len(rows) == before + 1, f"{command}: no audit entry for the refusal"
        action, decision, reason = rows[-1]
        assert action in ("bad-input", "limit-exceeded") and decision == "refused"
        assert reason.startswith(command)
    assert list(out_dir.iterdir()) == [], "redact left a file behind"
    assert_no_leak((home / "audit.sqlite").read_bytes().decode("utf-8", "replace"))


def test_xxe_never_reads_the_local_file(tmp_path: Path, secret_file: Path) -> None:
    """The entity names a real file: its content appears nowhere, whatever the reader did."""
    source, case, home = tmp_path / "minutes.docx", tmp_path / "case.yaml", tmp_path / "home"
    source.write_bytes(hostile.xxe_docx(secret_file))
    case.write_text(hostile.CASE_YAML)
    outputs = ""
    for fmt in ("text", "json"):
        done = hostile.run_cli("check", source, "--case", case, "--to", "father", "--format", fmt, home=home)
        outputs += done.stdout + done.stderr
    done = hostile.run_cli("redact", source, "--case", case, "--to", "father", "--out", tmp_path / "o.docx", home=home)
    outputs += done.stdout + done.stderr
    assert SECRET not in outputs
    assert SECRET.encode() not in (home / "audit.sqlite").read_bytes()
    assert not (tmp_path / "o.docx").exists()


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: hostile.attachment_pdf(), id="notes-attached"),
        pytest.param(lambda: hostile.attached_docx_pdf(hostile.docx_bytes((hostile.NOTES,))), id="docx-attached"),
    ],
)
def test_attachments_carrying_case_notes_are_found_and_removed(build: Callable[[], bytes], tmp_path: Path) -> None:
    source, case, home = tmp_path / "letter.pdf", tmp_path / "case.yaml", tmp_path / "home"
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    source.write_bytes(build())
    case.write_text(hostile.CASE_YAML)
    check = hostile.run_cli("check", source, "--case", case, "--to", "father", home=home)
    assert check.returncode == 1, check.stderr  # never "clear": the attachment needs action
    assert "attachment" in check.stdout
    out = out_dir / "letter.pdf"
    done = hostile.run_cli("redact", source, "--case", case, "--to", "father", "--out", out, home=home)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out_dir.iterdir()] == ["letter.pdf"]
    text = hostile.pdf_all_text(out.read_bytes())
    assert hostile.PLAIN in " ".join(text.split())  # the letter itself survives
    for value in (*hostile.PROTECTED, "MARAC", "Case notes", "case-notes.txt", "minutes.docx"):
        assert value not in text, f"{value!r} is still in the redacted PDF"
    assert [row[0] for row in audit_rows(home)] == ["check", "redact"]


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: hostile.attached_docx_pdf(hostile.corrupt_deflate_docx()), id="broken-docx-attached"),
        pytest.param(hostile.attachment_without_file_pdf, id="attachment-without-file"),
        pytest.param(hostile.misaligned_names_pdf, id="attachment-names-out-of-step"),
    ],
)
def test_damaged_attachments_are_held_or_refused_never_a_crash(build: Callable[[], bytes], tmp_path: Path) -> None:
    """Either reading holds the attachment (check 1, redact drops it) or refuses the PDF (2)."""
    source, case, home = tmp_path / "letter.pdf", tmp_path / "case.yaml", tmp_path / "home"
    source.write_bytes(build())
    case.write_text(hostile.CASE_YAML)
    check = hostile.run_cli("check", source, "--case", case, "--to", "father", home=home)
    assert check.returncode in (1, 2), check.stderr
    out = tmp_path / "out.pdf"
    done = hostile.run_cli("redact", source, "--case", case, "--to", "father", "--out", out, home=home)
    assert done.returncode in (0, 2), done.stderr
    if done.returncode == 2:
        assert_one_error_line(done.stderr, r"letter\.pdf: ")
        assert not out.exists()
    else:
        text = hostile.pdf_all_text(out.read_bytes())
        assert not any(value in text for value in (*hostile.PROTECTED, "MARAC"))


def test_an_owner_locked_pdf_is_redacted_and_written_without_the_lock(tmp_path: Path) -> None:
    """Permissions only, no password to open: check says it is removed, redact writes it open."""
    source, case, home = tmp_path / "letter.pdf", tmp_path / "case.yaml", tmp_path / "home"
    source.write_bytes(hostile.owner_locked_pdf())
    case.write_text(hostile.CASE_YAML)
    check = hostile.run_cli("check", source, "--case", case, "--to", "father", home=home)
    assert check.returncode == 1 and "owner password" in check.stdout, check.stderr
    out = tmp_path / "out.pdf"
    done = hostile.run_cli("redact", source, "--case", case, "--to", "father", "--out", out, home=home)
    assert done.returncode == 0, done.stderr
    assert not PdfReader(io.BytesIO(out.read_bytes())).is_encrypted
    text = hostile.pdf_all_text(out.read_bytes())
    assert hostile.PLAIN in " ".join(text.split())
    assert not any(value in text for value in hostile.PROTECTED)
