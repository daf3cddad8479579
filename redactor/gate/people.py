"""Who is who: clerks, and who redacted a file (from the audit log)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redactor import audit
from redactor.inputs import read_input
from redactor.settings import settings

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def person(name: str) -> str:
    """One spelling per person, so "Alice" and " alice" cannot pass as two people."""
    return " ".join(name.split()).casefold()


def same(a: str, b: str) -> bool:
    return person(a) == person(b)


def is_clerk(user: str) -> bool:
    return person(user) in {person(c) for c in settings().clerks}


def redactors_of(sha256: str) -> tuple[str, ...]:
    """Everyone the log shows producing this exact file with `redact`."""
    found: dict[str, str] = {}
    for entry in audit.entries(action="redact", output_sha256=sha256):
        found.setdefault(person(entry.user), entry.user)
    return tuple(found.values())


def hashed_bytes(path: Path) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256 (BadInput when it cannot be read)."""
    data = read_input(path)
    return data, hashlib.sha256(data).hexdigest()


def safe_name(name: str) -> str:
    """A name usable as one path component under the outbox."""
    clean = _UNSAFE.sub("_", name)[:120].lstrip(".")
    return clean or "_"


@contextmanager
def failures_recorded(action: str, user: str, path: Path, case_path: Path, reader: str) -> Iterator[None]:
    """Write an audit entry for any failure (bad input, internal error), then let it go on."""
    from redactor.audit.failures import audited_failures, context

    with audited_failures(context(action, user, path, case_path, reader)):
        yield
