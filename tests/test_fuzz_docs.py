"""Mutated DOCX and PDF files: either a verified clean output or a refusal, nothing else.

Each example mutates a valid document that carries the protected party's address and
phone (flipped bytes, a cut, shuffled zip entries, broken XML in a part, broken PDF
objects) and redacts it in-process for the restricted reader. The invariant:
`redact_file` returns and the output holds neither value, in its raw bytes or its
text; or it raises BadInput / UnsafeOutput (LimitExceeded is a BadInput) with no
value in the message and no file left behind. Any other exception is a bug.

Examples are derandomized so the suite is stable; `make fuzz` explores at random.
Set REDACTOR_FUZZ_EXAMPLES to run more of them.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redactor import api
from redactor.errors import BadInput, UnsafeOutput

pytestmark = pytest.mark.slow  # Hypothesis fuzzing of whole documents

EXAMPLES = int(os.environ.get("REDACTOR_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
SEED_DOCX = hostile.docx_bytes((hostile.PLAIN, hostile.NOTES, hostile.PLAIN))
SEED_PDF = hostile.pdf_bytes((hostile.PLAIN, hostile.NOTES, hostile.PLAIN))
SEEDS = {".docx": SEED_DOCX, ".pdf": SEED_PDF}
# The values, and their spaceless forms (a verifier may see "SK116QP").
VALUES = (*hostile.PROTECTED, "SK116QP", "07700900461", "WharfStreet")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_text(data: bytes) -> str:
    """Every entry of the package, decoded, tags stripped (so split runs join up)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        blobs = [package.read(info) for info in package.infolist()]
    texts = [b.decode("utf-8", "replace") + b.decode("utf-16", "replace") for b in blobs]
    return "\n".join(re.sub(r"<[^>]*>", "", t) for t in texts)


def any_text(raw: bytes, suffix: str) -> str:
    """What an independent reader recovers: every entry or stream decoded, plus the raw bytes."""
    try:
        text = docx_text(raw) if suffix == ".docx" else hostile.pdf_all_text(raw)
    except Exception:  # noqa: BLE001 - too damaged for the reader: the raw bytes remain
        text = ""
    return text + "\n" + raw.decode("latin-1")


def assert_clean(out: Path) -> None:
    raw = out.read_bytes()
    text = docx_text(raw) if out.suffix == ".docx" else hostile.pdf_all_text(raw)
    for value in VALUES:
        assert value.encode() not in raw, f"{value!r} in the output's bytes"
        assert value not in text and _compact(value) not in _compact(text), f"{value!r} in the output's text"


def redact_or_refuse(data: bytes, suffix: str) -> str:
    """Run the invariant on one mutated file; returns "written" or "refused" for the tallies."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        case = tmp / "case.yaml"
        case.write_text(hostile.CASE_YAML, "utf-8")
        source, out = tmp / f"in{suffix}", tmp / f"out{suffix}"
        source.write_bytes(data)
        try:
            api.redact_file(source, case, "father", out)
        except (BadInput, UnsafeOutput) as exc:
            assert not out.exists(), "a refused redaction left its output"
            assert not any(v in str(exc) for v in VALUES), "a refusal quoted a protected value"
            assert not list(tmp.glob(".redactor-*")), "a temporary file was left behind"
            return "refused"
        assert_clean(out)
        return "written"


def check_says(data: bytes, suffix: str) -> str:
    """`check_file`'s verdict on one mutated file, or "refused"."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        case, source = tmp / "case.yaml", tmp / f"in{suffix}"
        case.write_text(hostile.CASE_YAML, "utf-8")
        source.write_bytes(data)
        try:
            return str(api.check_file(source, case, "father").verdict)
        except (BadInput, UnsafeOutput):
            return "refused"


# ---------------------------------------------------------------- mutations


@st.composite
def flipped(draw: st.DrawFn, data: bytes) -> bytes:
    """A few bytes XOR-ed with random masks, anywhere in the file (uniformly, not near the start)."""
    rng = draw(st.randoms(use_true_random=True))
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    return bytes(out)


@st.composite
def truncated(draw: st.DrawFn, data: bytes) -> bytes:
    rng = draw(st.randoms(use_true_random=True))
    return data[: rng.randrange(1, len(data))]


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


DOCX_ENTRIES = _entries(SEED_DOCX)
XML_PARTS = sorted(name for name in DOCX_ENTRIES if name.endswith((".xml", ".rels")))
XML_BREAKS = ("<", "&", "&unknown;", "</w:p>", "<w:t>", "\x00", "]]>", "<?xml version='1.0'?>", "\udcff")


@st.composite
def shuffled_docx(draw: st.DrawFn) -> bytes:
    order = draw(st.permutations(list(DOCX_ENTRIES)))
    method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    return hostile.rezip(SEED_DOCX, order=order, method=method)


@st.composite
def broken_xml_docx(draw: st.DrawFn) -> bytes:
    """One XML part cut short, with a stray token, with a tag dropped, or with bytes changed."""
    part = draw(st.sampled_from(XML_PARTS))
    rng = draw(st.randoms(use_true_random=True))
    text = DOCX_ENTRIES[part].decode("utf-8")
    pos = rng.randrange(len(text) + 1)
    how = draw(st.sampled_from(["cut", "insert", "drop-tag", "bytes"]))
    if how == "cut":
        text = text[:pos]
    elif how == "insert":
        text = text[:pos] + draw(st.sampled_from(XML_BREAKS)) + text[pos:]
    elif how == "drop-tag":
        text = re.sub(r"<[^>]+>", "", text, count=1) if pos % 2 else text.replace("</w:t>", "", 1)
    else:
        chars = list(text)
        for _ in range(rng.randint(1, 6)):
            chars[rng.randrange(len(chars))] = rng.choice("<>&/\"'=:;# wtp\x00\xff")
        text = "".join(chars)
    return hostile.rezip(SEED_DOCX, replace={part: text.encode("utf-8", "surrogatepass")})


PDF_TOKENS = (b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"/Length", b"obj", b"%%EOF", b"startxref")


@st.composite
def broken_pdf_object(draw: st.DrawFn) -> bytes:
    """A structural keyword of the PDF removed, doubled or replaced by junk."""
    token = draw(st.sampled_from([t for t in PDF_TOKENS if t in SEED_PDF]))
    spots = [m.start() for m in re.finditer(re.escape(token), SEED_PDF)]
    at = draw(st.sampled_from(spots))
    junk = draw(st.sampled_from([b"", token + token, b"9999999", b"<<", b"(", b"0 0 R"]))
    return SEED_PDF[:at] + junk + SEED_PDF[at + len(token) :]


# ---------------------------------------------------------------- the properties


def test_the_seeds_are_redacted_clean() -> None:
    """Without this, a refusal of every mutation would pass for robustness."""
    assert redact_or_refuse(SEED_DOCX, ".docx") == "written"
    assert redact_or_refuse(SEED_PDF, ".pdf") == "written"


@pytest.mark.parametrize("suffix", SEEDS)
@FUZZ
@given(data=st.data())
def test_flipped_bytes(suffix: str, data: st.DataObject) -> None:
    redact_or_refuse(data.draw(flipped(SEEDS[suffix])), suffix)


@pytest.mark.parametrize("suffix", SEEDS)
@FUZZ
@given(data=st.data())
def test_truncated(suffix: str, data: st.DataObject) -> None:
    redact_or_refuse(data.draw(truncated(SEEDS[suffix])), suffix)


@FUZZ
@given(mutated=shuffled_docx())
def test_shuffled_zip_entries(mutated: bytes) -> None:
    """Entry order means nothing in a zip: a shuffled package must still come out clean."""
    assert redact_or_refuse(mutated, ".docx") == "written"


@FUZZ
@given(mutated=broken_xml_docx())
def test_broken_xml_part(mutated: bytes) -> None:
    redact_or_refuse(mutated, ".docx")


@FUZZ
@given(mutated=broken_pdf_object())
def test_broken_pdf_object(mutated: bytes) -> None:
    redact_or_refuse(mutated, ".pdf")


@pytest.mark.parametrize("suffix", SEEDS)
@FUZZ
@given(data=st.data())
def test_check_says_clear_only_when_nothing_can_be_recovered(suffix: str, data: st.DataObject) -> None:
    """ "Clear to send as it is" must hold for the file itself: no value in anything a reader can decode."""
    seed = SEEDS[suffix]
    structural = broken_xml_docx() if suffix == ".docx" else broken_pdf_object()
    mutated = data.draw(st.one_of(flipped(seed), truncated(seed), structural))
    if check_says(mutated, suffix) == "clear":
        text = any_text(mutated, suffix)
        for value in VALUES:
            assert value not in text and _compact(value) not in _compact(text), f"clear, yet {value!r} is in it"
