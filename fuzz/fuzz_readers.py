"""Atheris harness over the document readers: any bytes end in a Document or a BadInput.

    .venv/bin/python fuzz/fuzz_readers.py -max_total_time=120 [CORPUS_DIR ...]

The first byte of an input picks the reader (.txt, .docx, .pdf); the rest is the
file. Without a corpus folder, valid seeds (tests/hostile.py) are written to a
temporary folder whose path is printed first; crashing inputs are saved there.
A custom mutator also mutates single entries inside a DOCX's zip, so the XML
readers see near-valid packages instead of zip noise. Anything other than a
`Document` or `BadInput` (LimitExceeded included) is a crash to fix.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import zipfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

with atheris.instrument_imports(include=["redactor"]):
    # The format modules are imported here too: read_document imports them lazily.
    import redactor.documents.docx
    import redactor.documents.pdf
    import redactor.documents.text  # noqa: F401
    from redactor.documents import read_document
    from redactor.errors import BadInput
    from redactor.settings import Limits

SUFFIXES = (".txt", ".docx", ".pdf")
LIMITS = Limits()
WORK = Path(tempfile.mkdtemp(prefix="redactor-fuzz-"))
DEFAULT_FLAGS = ("-timeout=30", "-rss_limit_mb=3000", "-max_len=262144", f"-artifact_prefix={WORK}/")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    path = WORK / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    with contextlib.suppress(BadInput):
        read_document(path, LIMITS)


def _mutate_entry(package: bytes, seed: int) -> bytes | None:
    """One zip entry mutated in place and the package zipped again."""
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as source:
            entries = [(info.filename, source.read(info)) for info in source.infolist()]
    except Exception:  # noqa: BLE001 - not a zip: the caller mutates the raw bytes instead
        return None
    if not entries:
        return None
    index = seed % len(entries)
    name, blob = entries[index]
    entries[index] = (name, atheris.Mutate(blob, len(blob) + 64))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry_name, entry_blob in entries:
            target.writestr(entry_name, entry_blob)
    return out.getvalue()


def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    if len(data) > 1 and data[0] % len(SUFFIXES) == 1 and seed % 2:
        mutated = _mutate_entry(data[1:], seed // 2)
        if mutated is not None and len(mutated) < max_size:
            return data[:1] + mutated
    return atheris.Mutate(data, max_size)


def write_seeds(folder: Path) -> None:
    import hostile

    seeds = {
        "txt": b"\x00" + hostile.txt(),
        "docx": b"\x01" + hostile.docx_bytes(),
        "pdf": b"\x02" + hostile.pdf_bytes(),
        "pdf-attached": b"\x02" + hostile.attachment_pdf(),
        "docx-long": b"\x01" + hostile.long_docx(pages=2),
    }
    for name, data in seeds.items():
        (folder / name).write_bytes(data)


def main() -> None:
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's warnings would drown libFuzzer's output
    args = list(sys.argv)
    args += [flag for flag in DEFAULT_FLAGS if not any(a.startswith(flag.split("=")[0]) for a in args)]
    if not any(not a.startswith("-") for a in args[1:]):
        corpus = WORK / "corpus"
        corpus.mkdir()
        write_seeds(corpus)
        args.append(str(corpus))
    print(f"fuzz_readers: crashing inputs are written to {WORK}/crash-*", file=sys.stderr)
    atheris.Setup(args, test_one_input, custom_mutator=custom_mutator)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
