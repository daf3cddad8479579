"""Redacting a whole folder: every document, on every core, resumable, one audit entry each.

    job = Job(folder, case_path, "father", out_dir, user="sw.jones", workers=2)
    todo = prepare(job)                  # what must run, what an earlier run already did
    summary = execute(job, todo, on_done=print)
    summary.exit_code                    # 0 all redacted, 1 some held or refused, 3 internal

Each document goes through `redactor.commands.run_redact` (which writes its audit
entry, refusals included) with a `redactor.workers.Pool` as the runner, so the
work runs in warm worker processes under the limits while this process keeps the
audit log and the state. The state file, OUTDIR/.redactor-batch.json, records each
finished input (relative path, SHA-256, outcome) after every document, so a run that
was interrupted resumes where it stopped. The state is trusted only for the same case
file (by hash), reader, tool and rules version, and a redacted output only while it
is still there unchanged: any doubt re-runs the document. Internal errors and
documents over the limits are tried again on the next run.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from redactor.errors import BadInput, LimitExceeded, UnsafeOutput, one_line

STATE_NAME = ".redactor-batch.json"
STATE_VERSION = 1
SUFFIXES = (".pdf", ".docx", ".txt")


class Outcome(StrEnum):
    REDACTED = "redacted"  # written and verified clean
    HELD = "held"  # the output could not be proved clean; nothing written
    REFUSED = "refused"  # bad input: unreadable, encrypted, over the limits...
    FAILED = "failed"  # an internal error; retried on the next run


@dataclass(frozen=True)
class Job:
    folder: Path
    case_path: Path
    reader: str
    out_dir: Path
    user: str
    workers: int = 2


@dataclass(frozen=True)
class Item:
    """One input document and where its redacted copy goes."""

    rel: str  # relative path inside the folder, with "/" separators
    path: Path
    out: Path
    sha256: str


@dataclass(frozen=True)
class Done:
    """What became of one input. `reason` is one line, never document text."""

    rel: str
    sha256: str
    outcome: Outcome
    reason: str
    output_sha256: str | None = None
    skipped: bool = False  # done by an earlier run and unchanged since
    retry: bool = False  # may go otherwise next time (over the limits, internal error)


@dataclass(frozen=True)
class Todo:
    items: tuple[Item, ...]  # to run now
    skipped: tuple[Done, ...]  # done earlier, unchanged
    ignored: tuple[str, ...]  # files of other types, not processed
    key: dict[str, str]  # what the state is valid for


@dataclass(frozen=True)
class Summary:
    results: tuple[Done, ...]
    ignored: tuple[str, ...] = ()

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def exit_code(self) -> int:
        if self.count(Outcome.FAILED):
            return 3
        return 0 if all(r.outcome == Outcome.REDACTED for r in self.results) else 1


# ---------------------------------------------------------------- finding the documents


def _walk(folder: Path, skip: Path) -> Iterator[Path]:
    """Every file under `folder`, sorted, not following links to folders, outside `skip`."""
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() != skip)
        yield from (here / name for name in sorted(files))


def _sha256(path: Path) -> str:
    from redactor.documents import sha256_file

    try:
        return sha256_file(path)
    except OSError:
        return ""  # unreadable: the run itself refuses it with the reason


def documents(job: Job) -> tuple[list[Item], list[str]]:
    """The documents to redact, and the other files that are not processed."""
    found: list[Item] = []
    ignored: list[str] = []
    skip = job.out_dir.resolve()
    for path in _walk(job.folder, skip):
        rel = path.relative_to(job.folder).as_posix()
        if path.suffix.lower() not in SUFFIXES:
            ignored.append(rel)
            continue
        found.append(Item(rel, path, job.out_dir / rel, _sha256(path)))
    return found, ignored


# ---------------------------------------------------------------- the state file


def state_key(job: Job) -> dict[str, str]:
    """What the recorded outcomes depend on besides the input itself."""
    from redactor.audit.log import rules_version, tool_version
    from redactor.documents import sha256_file

    return {"case_sha256": sha256_file(job.case_path), "reader": job.reader,
            "tool": tool_version(), "rules": rules_version()}  # fmt: skip


def load_state(out_dir: Path, key: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Recorded outcomes by relative path; nothing when the file is absent, bad or stale."""
    try:
        data = json.loads((out_dir / STATE_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION or data.get("key") != key:
        return {}
    recorded = data.get("documents")
    return recorded if isinstance(recorded, dict) else {}


def save_state(out_dir: Path, key: dict[str, str], done: Sequence[Done]) -> None:
    """Write the state atomically: a crash leaves the old file or the new one."""
    records = {d.rel: {k: v for k, v in asdict(d).items() if k not in ("rel", "skipped")}
               for d in done}  # fmt: skip
    body = json.dumps({"version": STATE_VERSION, "key": key, "documents": records}, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=".redactor-batch-", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(body)
        os.replace(tmp, out_dir / STATE_NAME)
    finally:
        Path(tmp).unlink(missing_ok=True)


def still_done(item: Item, record: Any) -> Done | None:
    """The earlier outcome, if it still stands for this exact input (and output)."""
    if not isinstance(record, dict) or not item.sha256 or record.get("sha256") != item.sha256:
        return None
    try:
        outcome = Outcome(str(record.get("outcome")))
    except ValueError:
        return None
    if outcome == Outcome.FAILED or record.get("retry"):
        return None
    output_sha = record.get("output_sha256")
    if outcome == Outcome.REDACTED and (not item.out.is_file() or _sha256(item.out) != output_sha):
        return None
    return Done(item.rel, item.sha256, outcome, str(record.get("reason", "")), output_sha, True)


# ---------------------------------------------------------------- running


def _check_job(job: Job) -> None:
    if not job.folder.is_dir():
        raise BadInput(f"{job.folder}: is not a folder")
    if job.out_dir.resolve() == job.folder.resolve():
        raise BadInput("--out must be another folder than the input folder")
    if job.workers < 1:
        raise BadInput("--workers must be at least 1")
    from redactor.casefile import load_case

    load_case(job.case_path).party(job.reader)  # a bad case file or reader: bad usage


def prepare(job: Job) -> Todo:
    """Check the job, find the documents and what an earlier run already did."""
    _check_job(job)
    items, ignored = documents(job)
    if not items:
        raise BadInput(f"{job.folder}: no .pdf, .docx or .txt documents in this folder")
    job.out_dir.mkdir(parents=True, exist_ok=True)
    key = state_key(job)
    recorded = load_state(job.out_dir, key)
    todo, skipped = [], []
    for item in items:
        earlier = still_done(item, recorded.get(item.rel))
        if earlier:
            skipped.append(earlier)
        else:
            todo.append(item)
    return Todo(tuple(todo), tuple(skipped), tuple(ignored), key)


def failure(item: Item, exc: BaseException) -> Done:
    if isinstance(exc, UnsafeOutput):
        outcome = Outcome.HELD
    elif isinstance(exc, BadInput):
        outcome = Outcome.REFUSED
    else:
        outcome = Outcome.FAILED
    retry = outcome == Outcome.FAILED or isinstance(exc, LimitExceeded)
    return Done(item.rel, item.sha256, outcome, one_line(exc), retry=retry)


def redact_one(job: Job, item: Item, runner: Any) -> Done:
    """Redact one document through the audited operation; any failure becomes its outcome."""
    from redactor.commands import run_redact

    try:
        item.out.parent.mkdir(parents=True, exist_ok=True)
        result = run_redact(item.path, job.case_path, job.reader, item.out, job.user, runner)
    except Exception as exc:  # noqa: BLE001 - every failure is this document's outcome
        return failure(item, exc)
    review = sum(1 for f in result.plan.to_remove if f.decision == "review")
    why = f"{len(result.cuts)} span(s) removed, verified clean" + (
        f"; {review} for review" if review else "")  # fmt: skip
    return Done(item.rel, result.source.sha256, Outcome.REDACTED, why, result.output_sha256)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def execute(job: Job, todo: Todo, on_done: Callable[[Done], None] | None = None) -> Summary:
    """Run every document of `todo`, recording each outcome as it comes."""
    from redactor.api import warm
    from redactor.settings import settings
    from redactor.workers import Pool

    finished: list[Done] = list(todo.skipped)
    size = max(1, min(job.workers, len(todo.items)))
    if todo.items:
        # The pool closes first on the way out, so an interrupt does not wait for running work.
        with ThreadPoolExecutor(size) as threads, Pool(size, settings().limits, warm=warm) as pool:
            futures = [threads.submit(redact_one, job, item, pool) for item in todo.items]
            _collect(job, todo, futures, finished, on_done)
    save_state(job.out_dir, todo.key, finished)
    return Summary(tuple(sorted(finished, key=lambda d: d.rel)), todo.ignored)


def _collect(job: Job, todo: Todo, futures: list[Future[Done]], finished: list[Done],
             on_done: Callable[[Done], None] | None) -> None:  # fmt: skip
    try:
        for future in as_completed(futures):
            done = future.result()
            finished.append(done)
            save_state(job.out_dir, todo.key, finished)
            if on_done:
                on_done(done)
    except BaseException:
        for future in futures:
            future.cancel()  # not started yet: never run; running ones end with the pool
        raise


def run(job: Job, on_done: Callable[[Done], None] | None = None) -> Summary:
    """`prepare` then `execute`."""
    return execute(job, prepare(job), on_done)
