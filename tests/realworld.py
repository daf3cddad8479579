"""Reading the shared real-world corpus (files other projects wrote to test their readers).

`outcome` reads one file with the product's readers, in a child process under the product's
limits (as every document command does), and names what came of it:

- "processed": read whole; the redactor can write it;
- "held: CODE": read, but a page cannot be checked (no text layer that OCR reads with confidence,
  no character codes), so the redactor holds it for a person;
- "refused: REASON": bad input, with the one-line reason the user sees (the file name left out).

Run as a script to print the table of every file's outcome:
    .venv/bin/python tests/realworld.py > /tmp/outcomes.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from redactor.documents import read_document
from redactor.documents.pdf import HELD_CODES
from redactor.errors import BadInput
from redactor.settings import Limits
from redactor.workers import OneShot

# CI clones the repository beside a copy of shared/.
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
FILES = CORPUS / "files"
KINDS = (".pdf", ".docx", ".txt")


def corpus_files() -> list[Path]:
    return sorted(p for p in FILES.iterdir() if p.is_file() and p.suffix.lower() in KINDS)


def _read(path: Path) -> str:
    document = read_document(path, Limits())
    held = sorted({p.code for p in document.problems if p.code in HELD_CODES})
    return f"held: {', '.join(held)}" if held else "processed"


def _reason(message: str, name: str) -> str:
    text = message[len(name) + 1:].strip() if message.startswith(name + ":") else message
    return re.sub(r"\d+", "N", text.replace(name, "FILE"))


def outcome(path: Path) -> str:
    try:
        answer: str = OneShot(Limits()).run(_read, path)
    except BadInput as exc:
        return f"refused: {_reason(str(exc), path.name)}"
    return answer


if __name__ == "__main__":
    for found in corpus_files():
        print(f"    {found.name!r}: {outcome(found)!r},", flush=True)
    sys.exit(0)
