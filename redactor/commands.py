"""The audited operations that every face (CLI, HTTP service, watcher, batch) calls.

Each runs an `api` function and writes one audit entry for it, whatever the outcome:
the result, a refusal of bad input, an unsafe output or an internal error. Audit
entries hold kinds, places, rules and keyed hashes, never a protected value.

`run_release` and `run_remove_more` are the gate's operations for every face: they hand the
gate (which imports nothing above it) the one release check, `release_check`, and the
redaction, `run_redact`, both run by the face's runner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from redactor import api
from redactor.audit.failures import audited_failures, context
from redactor.ner import NerEngine, SplitNer
from redactor.settings import settings, valid_user
from redactor.types import CaseUsed, CheckResult, RedactResult, Segment

if TYPE_CHECKING:
    from redactor.gate import Held, ReleaseResult
    from redactor.gate.additions import Addition
    from redactor.gate.behind import Removal
    from redactor.gate.restores import Restoration

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
    from redactor.workers import OneShot

    return OneShot(settings().limits)


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
    from redactor.gate.originals import keep_original

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
    keep_original(path, result.source.sha256)  # for a clerk's "see behind" and restore (gate/originals.py)
    return result


def release_check(path: Path, case_path: Path, reader: str, runner: Runner | None = None) -> CheckResult:
    """The one release check (`api.check_for_release`: the whole check, raw bytes included), run by
    `runner` (default: a child process under the configured limits, as `check`)."""
    runner = runner or default_runner()
    return runner.run(api.check_for_release, path, case_path, reader, ner=runner.ner)


def run_release(path: Path, case_path: Path, reader: str, user: str, runner: Runner | None = None) -> ReleaseResult:
    """`gate.release` with the one release check: what every face calls to let a file out."""
    from redactor import gate

    return gate.release(path, case_path, reader, user, _checker(runner))


def run_remove_more(held: Held, document: Path, case_path: Path, text: str, clerk: str,
                    runner: Runner | None = None) -> Addition:  # fmt: skip
    """`gate.additions.remove_more` with `run_redact` and the one release check, both run by `runner`."""
    from redactor.gate.additions import remove_more

    def redaction(path: Path, case: Path, reader: str, out: Path, user: str) -> RedactResult:
        return run_redact(path, case, reader, out, user, runner)

    return remove_more(held, document, case_path, text, clerk, redaction, _checker(runner))


def verified_bytes(result: RedactResult) -> bytes:
    """The output's bytes, only if they are exactly the ones verified clean (fail closed)."""
    import hashlib

    from redactor.errors import UnsafeOutput

    body = result.output.read_bytes()
    if not result.verification.clean or hashlib.sha256(body).hexdigest() != result.output_sha256:
        raise UnsafeOutput("the output sent would not be the one verified clean")
    return body


def released_already(path: Path, case_path: Path, reader: str) -> dict[str, Any] | None:
    """The receipt of a release of this exact file already made (a clerk's approval on the review
    screen releases at once): that approval was used, so a face delivers the file, not releases it again."""
    from redactor.casefile import load_case
    from redactor.gate.receipts import verify_receipt

    try:
        found = verify_receipt(path, load_case(case_path).case_id, reader)
    except Exception:  # noqa: BLE001 - then the gate decides, as for any held document
        return None
    return found.receipt if found.valid else None


def run_restore(held: Held, ref: str, reason: str, clerk: str, runner: Runner | None = None) -> Restoration:
    """`gate.restores.restore` with `run_redact`, the one release check and the document reader."""
    from redactor.gate.restores import restore

    def redaction(path: Path, case: Path, reader: str, out: Path, user: str) -> RedactResult:
        return run_redact(path, case, reader, out, user, runner)

    return restore(held, ref, reason, clerk, redaction, _checker(runner), read_segments)


def run_see_behind(held: Held, ref: str, clerk: str) -> tuple[Removal, str]:
    """`gate.behind.see_behind`, reading the kept original as the check reads a document."""
    from redactor.gate.behind import see_behind

    return see_behind(held, ref, clerk, read_segments)


def read_segments(path: Path) -> tuple[Segment, ...]:
    """A document's segments, read under the settings' limits as the check reads it."""
    return api.read_safely(path, settings().limits).segments


def _checker(runner: Runner | None) -> Callable[[Path, Path, str], CheckResult]:
    """`release_check` run by `runner`, looked up when it is called (a test may replace it)."""
    return lambda path, case_path, reader: release_check(path, case_path, reader, runner)


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
