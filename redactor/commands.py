"""The audited operations that every face (CLI, HTTP service, watcher, batch) calls.

Each runs an `api` function and writes one audit entry for it, whatever the outcome:
the result, a refusal of bad input, an unsafe output or an internal error. Audit
entries hold kinds, places, rules and keyed hashes, never a protected value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from redactor import api
from redactor.errors import RedactorError, one_line
from redactor.ner import NerEngine, SplitNer
from redactor.settings import valid_user
from redactor.types import CaseUsed, CheckResult, RedactResult

T = TypeVar("T")


class Runner(Protocol):
    """Runs one document operation, possibly in a worker process under limits.

    `ner` is the NER engine that fits the process where `run` runs an operation (the
    caller passes it to the operation): `AheadNer` in a one-operation child, else `SplitNer`."""

    @property
    def ner(self) -> NerEngine: ...

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...


@dataclass(frozen=True)
class InProcess:
    """Runs the operation here (tests, and callers that set their own limits)."""

    ner: NerEngine = field(default_factory=SplitNer)

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return fn(*args, **kwargs)


def default_runner() -> Runner:
    """One child process under the time and memory limits of the settings (fail closed)."""
    from redactor.settings import settings
    from redactor.workers import OneShot

    return OneShot(settings().limits)


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


def run_check(path: Path, case_path: Path, reader: str, user: str, runner: Runner | None = None) -> CheckResult:
    from redactor import audit

    ctx = context("check", user, path, case_path, reader)
    with audited_failures(ctx):
        user = valid_user(user)
        runner = runner or default_runner()
        result = runner.run(api.check_file, path, case_path, reader, ner=runner.ner)
    plan = result.plan
    audit.record("check", user, decision=str(result.verdict), reason=verdict_line(result),
                 case_id=plan.case_id, reader=reader, input_sha256=result.document.sha256,
                 findings=plan.findings, extra={**_extra(result), **_case_used(result.case)})  # fmt: skip
    return result


def run_redact(path: Path, case_path: Path, reader: str, out: Path, user: str,
               runner: Runner | None = None) -> RedactResult:  # fmt: skip
    from redactor import audit

    ctx = context("redact", user, path, case_path, reader, out, out.parent)
    with audited_failures(ctx):
        user = valid_user(user)
        runner = runner or default_runner()
        result = runner.run(api.redact_file, path, case_path, reader, out, ner=runner.ner)
    audit.record("redact", user, decision="written", reason=f"{len(result.cuts)} spans removed; verified clean",
                 case_id=result.plan.case_id, reader=reader, input_sha256=result.source.sha256,
                 output_sha256=result.output_sha256, findings=result.plan.to_remove,
                 extra={"verifier": result.verification.reader, "notes": list(result.notes),
                        **_case_used(result.case)})  # fmt: skip
    return result


def _case_used(used: CaseUsed) -> dict[str, Any]:
    return {"case_record": used.record_digest, "case_digest": used.digest}


def _extra(result: CheckResult) -> dict[str, Any]:
    plan = result.plan
    return {
        "domestic_abuse": plan.assessment.domestic_abuse,
        "marker_only": plan.assessment.marker_only,
        "problems": [f"{p.code} at {p.place}" for p in plan.problems],
        "format": result.document.format,
        "pages": result.document.pages,
    }


def verdict_line(result: CheckResult) -> str:
    plan = result.plan
    remove = len(plan.to_remove)
    if plan.verdict == "clear":
        return "clear to send as it is"
    parts = [f"{remove} span(s) must be removed or reviewed"] if remove else []
    parts += [p.message for p in plan.problems]
    return "; ".join(parts)
