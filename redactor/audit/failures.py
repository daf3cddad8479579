"""Failures written into the audit log: the case, a reader that is a party, and the names
of the files given as keyed hashes, never as typed (a file name can carry a victim's name).

Every face's operation (`redactor.commands`) and the gate (`redactor.gate`) wrap their work
in `audited_failures(context(...))`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from redactor.errors import RedactorError, one_line

UNKNOWN_READER = "unknown reader"
UNKNOWN_USER = "invalid-user-name"


@dataclass(frozen=True)
class Context:
    """What a failure entry may say: the case id, a reader that is a party of the case (else
    "unknown reader", never as typed), and the names of the files given, to be hashed."""

    action: str
    user: str
    path: Path
    reader: str
    case_id: str | None = None
    names: tuple[tuple[str, str], ...] = ()  # (text as typed, what the log says instead)


def context(action: str, user: str, path: Path, case_path: Path, reader: str, *more: Path) -> Context:
    from redactor.settings import valid_user

    try:
        from redactor.casefile import load_case

        case = load_case(case_path)
        case_id: str | None = case.case_id
        known = reader in {p.id for p in case.parties}
    except RedactorError:
        case_id, known = None, False
    try:
        user = valid_user(user)
    except RedactorError:
        user = UNKNOWN_USER
    from redactor.inputs import stored_name

    names = [(n, stored_name(n)) for p in (path, case_path, *more) for n in (str(p), p.name)]
    if not known:
        names += [(reader, UNKNOWN_READER), (reader.strip(), UNKNOWN_READER)]
    return Context(action, user, path, reader if known else UNKNOWN_READER, case_id, tuple(names))


def scrubbed(text: str, names: tuple[tuple[str, str], ...]) -> str:
    """`text` with every file name given replaced by a keyed hash and its extension, and a
    reader that is not a party by "unknown reader" (longest first, so no part is left)."""
    for typed, shown in sorted({n for n in names if n[0]}, key=lambda n: len(n[0]), reverse=True):
        text = text.replace(repr(typed), shown)
        if len(typed) >= 4:  # a short typed reader ("a") would mangle the message: its repr is enough
            text = text.replace(typed, shown)
    return text


def _input_hash(path: Path) -> str | None:
    try:
        import hashlib

        from redactor.inputs import read_input

        return hashlib.sha256(read_input(path)).hexdigest()
    except (OSError, RedactorError):
        return None


@contextmanager
def audited_failures(ctx: Context) -> Iterator[None]:
    """Record any failure of the wrapped operation, then let it propagate."""
    from redactor import audit

    try:
        yield
    except BaseException as exc:
        action = exc.code if isinstance(exc, RedactorError) else "internal-error"
        # If the audit store itself fails, the original failure is still the one to report.
        with suppress(Exception):
            reason = scrubbed(f"{ctx.action}: {one_line(exc)}", ctx.names)
            audit.record(action, ctx.user, decision="refused", reason=reason,
                         case_id=ctx.case_id, reader=ctx.reader, input_sha256=_input_hash(ctx.path))  # fmt: skip
        raise
