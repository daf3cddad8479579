"""Which module handles a format at each stage: one table for the reader, the writer and
the verifier, so a new format is one line here and one module in each of those folders.

    module_for("documents", "pdf")  -> redactor.documents.pdf  (read)
    module_for("redact", "docx")    -> redactor.redact.docx    (write)
    module_for("verify", "txt")     -> redactor.verify.text    (read back, independently)
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = {"txt": "text", "docx": "docx", "pdf": "pdf"}  # format (file extension) -> module name
STAGES = ("documents", "redact", "verify")


def module_for(stage: str, fmt: str) -> ModuleType:
    if stage not in STAGES or fmt not in MODULES:
        raise ValueError(f"no {stage} module for format {fmt!r}")
    return importlib.import_module(f"redactor.{stage}.{MODULES[fmt]}")
