"""Which module handles a format at each stage: one table for the reader, the writer and
the verifier, so a new format is one line here and one module in each of those folders.

    reader_for("pdf")    -> redactor.documents.pdf  (a `Reader`: read)
    reading_for("pdf")   -> its `reading`: the document and the reader's page pass, for the writer
    writer_for("docx")   -> redactor.redact.docx    (a `Writer`: write, given the limits and the pass)
    verifier_for("txt")  -> redactor.verify.text    (a `Verifier`: read back, independently)

What each stage must offer is a Protocol below; mypy checks every module against it through
`_CHECKED` (modules are imported at run time only when a format is used).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, cast

from redactor.settings import Limits
from redactor.types import Cut, Document, PagePass, Reading, Residue

MODULES = {"txt": "text", "docx": "docx", "pdf": "pdf"}  # format (file extension) -> module name
STAGES = ("documents", "redact", "verify")


class Reader(Protocol):
    """documents/<format>.py: every place text lives in the file, with its problems."""

    def read(self, path: Path, data: bytes, limits: Limits) -> Document: ...


class PagePassing(Protocol):
    """A reader that also hands its pass over each page to the writer (formats with pages)."""

    def reading(self, path: Path, data: bytes, limits: Limits) -> Reading: ...


class Writer(Protocol):
    """redact/<format>.py: the file with the cuts truly removed; notes of what was done.

    Everything it needs is an argument: the limits it opens the source under, and the reader's
    page pass over the same bytes when the reader has one (without it, a writer reads again)."""

    def write(self, doc: Document, cuts: Sequence[Cut], out: Path, limits: Limits,
              page_pass: PagePass | None = None) -> tuple[str, ...]: ...  # fmt: skip


class Verifier(Protocol):
    """verify/<format>.py: an independent reading of an output, and what its structure still holds."""

    def read_back(self, path: Path) -> list[tuple[str, str]]: ...

    def structure(self, path: Path) -> list[Residue]: ...

    def inspect(self, path: Path) -> tuple[list[tuple[str, str]], list[Residue]]: ...


InOrder = Callable[[Iterable[str]], dict[str, str]]  # named places -> their text read in page order


class PageOrder(Protocol):
    """A verifier's second reading of named places in page order (formats with pages).

    `inspect_in_order` is `inspect` plus that reading of the same opened output, done only when
    called (the output is read and parsed once for all of them)."""

    def in_page_order(self, path: Path, places: Iterable[str] = ...) -> dict[str, str]: ...

    def inspect_in_order(self, path: Path) -> tuple[list[tuple[str, str]], list[Residue], InOrder]: ...


if TYPE_CHECKING:  # mypy checks that each module meets its stage's Protocol
    from redactor.documents import docx as _read_docx
    from redactor.documents import pdf as _read_pdf
    from redactor.documents import text as _read_text
    from redactor.redact import docx as _write_docx
    from redactor.redact import pdf as _write_pdf
    from redactor.redact import text as _write_text
    from redactor.verify import docx as _verify_docx
    from redactor.verify import pdf as _verify_pdf
    from redactor.verify import text as _verify_text

    _CHECKED: tuple[tuple[Reader, Writer, Verifier], ...] = (
        (_read_text, _write_text, _verify_text),
        (_read_docx, _write_docx, _verify_docx),
        (_read_pdf, _write_pdf, _verify_pdf),
    )
    _PAGE_ORDER: tuple[PageOrder, ...] = (_verify_pdf,)
    _PAGE_PASSING: tuple[PagePassing, ...] = (_read_pdf,)


def module_for(stage: str, fmt: str) -> ModuleType:
    if stage not in STAGES or fmt not in MODULES:
        raise ValueError(f"no {stage} module for format {fmt!r}")
    return importlib.import_module(f"redactor.{stage}.{MODULES[fmt]}")


def reader_for(fmt: str) -> Reader:
    return cast(Reader, module_for("documents", fmt))


def reading_for(fmt: str) -> Callable[[Path, bytes, Limits], Reading]:
    """The reader's `reading` (the document and its page pass), or its `read` with no pass."""
    module = module_for("documents", fmt)
    if hasattr(module, "reading"):
        return cast(PagePassing, module).reading
    reader = cast(Reader, module)
    return lambda path, data, limits: Reading(reader.read(path, data, limits))


def writer_for(fmt: str) -> Writer:
    return cast(Writer, module_for("redact", fmt))


def verifier_for(fmt: str) -> Verifier:
    return cast(Verifier, module_for("verify", fmt))


def page_order_for(fmt: str) -> PageOrder | None:
    """The verifier's page-order reading, for a format that has one."""
    module = module_for("verify", fmt)
    return cast(PageOrder, module) if hasattr(module, "in_page_order") else None


def verifier_name(fmt: str) -> str:
    """How a verification names its reader ("pdf re-read")."""
    return MODULES[fmt]
