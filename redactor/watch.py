"""A watched outbox for tools that can only drop files.

A tool drops a document into OUTBOX, then (last, once the document is whole) a sidecar
`<name>.json` (or `<stem>.json`) naming the case file (in --case-dir), the reader and the user:

    {"case": "cs-2024-0317.yaml", "to": "father", "user": "sw.jones"}

The document is redacted (verified by an independent re-read) and the redacted
copy goes to the release gate (`commands.run_release`, the one release check of every face).
Released: OUTBOX/released/<name> with <name>.receipt.json. Otherwise OUTBOX/held/<name>
with <name>.reason.txt: a domestic-abuse document waits there for a clerk's approval
(`redactor approve held/<name> ...`), and once a clerk approved it the watcher releases it
into released/ with its receipt; a document that could not be redacted is held as it was
dropped, and its reason file says so. Reasons name kinds and places, never values.

A document is taken only when its sidecar is there and the document has not changed for
the settle time (settings `watch.settle_seconds`, default 2 s, `--once` too). Only regular
files are read, never through a link (`redactor.inputs`); a link, FIFO or device dropped
with a sidecar is refused with a one-line reason and removed, its target never read.

Crash safety: a job is claimed by renaming its sidecar, then its document, into
OUTBOX/.processing/ (atomic on one filesystem); outputs are written under a
temporary name and renamed into place before the claimed inputs are removed. On
start, whatever .processing/ holds is taken up again first, so a crash or restart
never leaves a document half-processed or lost. One watcher per outbox (a lock file).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import stat
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from redactor.commands import Runner, default_runner, released_already
from redactor.errors import BadInput, one_line
from redactor.watch_held import JOBS

if TYPE_CHECKING:
    from redactor.gate import ReleaseResult

log = logging.getLogger("redactor.watch")
Stamp = tuple[int, int]  # (size, mtime in ns): a document being written changes it


def stamp(path: Path) -> Stamp:
    info = path.lstat()
    return (info.st_size, info.st_mtime_ns)

SIDECAR = ".json"
MAX_SIDECAR_BYTES = 64 * 1024
PROCESSING, RELEASED, HELD, WORK = ".processing", "released", "held", ".work"


@dataclass(frozen=True)
class Request:
    """What a sidecar asks for."""

    case: Path
    to: str
    user: str


@dataclass
class Summary:
    released: int = 0
    held: int = 0

    @property
    def total(self) -> int:
        return self.released + self.held


def read_sidecar(path: Path, case_dir: Path) -> Request:
    """The sidecar's case (a plain file name inside `case_dir`), reader and user."""
    try:
        raw = path.read_bytes()[: MAX_SIDECAR_BYTES + 1]
        data = json.loads(raw) if len(raw) <= MAX_SIDECAR_BYTES else None
    except (OSError, ValueError):
        raise BadInput("sidecar: not valid JSON") from None
    if not isinstance(data, dict):
        raise BadInput('sidecar: expected {"case": ..., "to": ..., "user": ...}')
    case, to, user = data.get("case"), data.get("to"), data.get("user")
    if not isinstance(case, str) or not case.strip() or Path(case).name != case or case[0] == ".":
        raise BadInput("sidecar: case must be the name of a case file in --case-dir")
    if not isinstance(to, str) or not to.strip():
        raise BadInput("sidecar: to must name the reader (a party id of the case file)")
    if user is not None and (not isinstance(user, str) or not user.strip()):
        raise BadInput("sidecar: user must be a name")
    from redactor.settings import current_user

    return Request(case_dir / case, to.strip(), current_user(user))


def sidecar_of(document: Path) -> Path | None:
    """`<name>.json`, else `<stem>.json`, next to the document."""
    for candidate in (document.with_name(document.name + SIDECAR), document.with_suffix(SIDECAR)):
        if is_regular(candidate):
            return candidate
    return None


def is_candidate(path: Path) -> bool:
    """A dropped document: a visible entry that is not a sidecar or a folder (links, FIFOs and
    devices are candidates too, so that they are refused with a reason, never followed)."""
    if path.name.startswith(".") or path.suffix.lower() == SIDECAR:
        return False
    try:
        return not stat.S_ISDIR(path.lstat().st_mode)
    except FileNotFoundError:
        return False


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except FileNotFoundError:
        return False


def place(source: Path, target: Path) -> None:
    """Move `source` to `target` whole: synced, then renamed (never half-written). Anything but
    a regular file (a link, a FIFO) is removed instead: its target is never opened or moved."""
    if not is_regular(source):
        source.unlink(missing_ok=True)
        return
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(source, target)


def write_whole(target: Path, text: str) -> None:
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


class Watcher:
    """One outbox: claim, redact, gate, deliver; recover what a crash left behind.

    `runner` runs the redaction and the release check (default: a child process under the
    configured limits, as for every face; `redactor watch` passes one warm worker)."""

    def __init__(self, outbox: Path, case_dir: Path, runner: Runner | None = None,
                 settle: float | None = None) -> None:  # fmt: skip
        from redactor.settings import settings

        if not outbox.is_dir():
            raise BadInput(f"outbox folder does not exist: {outbox}")
        if not case_dir.is_dir():
            raise BadInput(f"--case-dir folder does not exist: {case_dir}")
        self.outbox, self.case_dir = outbox, case_dir
        self.settle = settings().watch.settle_seconds if settle is None else settle
        self.runner = runner or default_runner()
        self.processing = outbox / PROCESSING
        for folder in (self.processing, outbox / RELEASED, outbox / HELD, outbox / JOBS):
            folder.mkdir(exist_ok=True)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Only one watcher per outbox, or two would take up each other's jobs."""
        fd = os.open(self.outbox / ".watch.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BadInput(f"another redactor watch is running on {self.outbox}") from None
            yield
        finally:
            os.close(fd)

    def run_once(self) -> Summary:
        """Take up what a crash left, then everything ready in the outbox, and return."""
        with self.locked():
            summary = Summary()
            self._drain(self.recover(), summary)
            self._drain(self.claim_ready(), summary)
            summary.released += self.release_approved()
            return summary

    def run_forever(self, interval: float = 1.0) -> None:
        """Poll every `interval` seconds until interrupted."""
        with self.locked():
            summary = Summary()
            self._drain(self.recover(), summary)
            while True:
                try:
                    self._drain(self.claim_ready(), summary)
                    summary.released += self.release_approved()
                except OSError as exc:  # a passing file-system hiccup: nothing was lost, try again
                    log.warning("poll failed (%s); retrying", type(exc).__name__)
                time.sleep(interval)

    def _drain(self, jobs: list[tuple[Path, Path]], summary: Summary) -> None:
        for document, sidecar in jobs:
            released = self.process(document, sidecar)
            summary.released += released
            summary.held += not released

    # Claiming and recovery

    def _settled(self, path: Path) -> bool:
        try:
            return time.time() - path.lstat().st_mtime >= self.settle
        except FileNotFoundError:
            return False

    def ready(self) -> list[tuple[Path, Path, Stamp]]:
        """Documents in the outbox whose sidecar is there and that have settled, oldest first."""
        found = []
        for path in self.outbox.iterdir():
            sidecar = sidecar_of(path) if is_candidate(path) else None
            with contextlib.suppress(FileNotFoundError):  # taken away while we looked
                if sidecar and self._settled(path) and self._settled(sidecar):
                    found.append((stamp(path), path, sidecar))
        return [(path, sidecar, st) for st, path, sidecar in sorted(found)]

    def claim(self, document: Path, sidecar: Path, seen: Stamp | None = None) -> tuple[Path, Path] | None:
        """Rename the sidecar, then the document, into .processing/ (None: taken already, or the
        document changed since it was seen settled: it is still being written, so it waits)."""
        claimed = (self.processing / document.name, self.processing / (document.name + SIDECAR))
        try:
            os.rename(sidecar, claimed[1])
        except FileNotFoundError:
            return None
        try:
            os.rename(document, claimed[0])
        except FileNotFoundError:
            os.rename(claimed[1], sidecar)  # the document went away: give the sidecar back
            return None
        if seen is not None and stamp(claimed[0]) != seen:
            os.rename(claimed[0], document)  # written to since it was seen: not whole yet
            os.rename(claimed[1], sidecar)
            return None
        return claimed

    def claim_ready(self) -> list[tuple[Path, Path]]:
        jobs = (self.claim(document, sidecar, seen) for document, sidecar, seen in self.ready())
        return [job for job in jobs if job is not None]

    def recover(self) -> list[tuple[Path, Path]]:
        """Jobs a crash left in .processing/, completed and queued again."""
        shutil.rmtree(self.processing / WORK, ignore_errors=True)
        jobs = []
        for sidecar in sorted(self.processing.glob("*" + SIDECAR)):
            document = sidecar.with_name(sidecar.name.removesuffix(SIDECAR))
            if not document.exists() and (self.outbox / document.name).is_file():
                os.rename(self.outbox / document.name, document)  # the claim was half done
            if document.exists():
                jobs.append((document, sidecar))
            else:
                self._hold_lone_sidecar(sidecar)
        for path in self.processing.iterdir():
            if is_candidate(path) and (path, path.with_name(path.name + SIDECAR)) not in jobs:
                self._hold(path, None, "the sidecar of this document was lost; drop both again")
        return jobs

    def _hold_lone_sidecar(self, sidecar: Path) -> None:
        write_whole(self.outbox / HELD / (sidecar.name + ".reason.txt"),
                    "held: a sidecar whose document was lost; drop both again\n")  # fmt: skip
        sidecar.unlink(missing_ok=True)

    # Processing

    def process(self, document: Path, sidecar: Path) -> bool:
        """Redact, gate and deliver one claimed job; True when released. Never raises."""
        work = self.processing / WORK / uuid.uuid4().hex
        work.mkdir(parents=True)
        try:
            return self._redact_and_gate(document, sidecar, work)
        except Exception as exc:  # noqa: BLE001 - fail closed: anything unexpected holds the file
            self._hold(document, sidecar, f"NOT redacted: {self._reason(exc, work)}")
            log.info("held, not redacted (%s)", getattr(exc, "code", "internal-error"))
            return False
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _redact_and_gate(self, document: Path, sidecar: Path, work: Path) -> bool:
        from redactor.commands import run_redact, run_release
        from redactor.inputs import read_in

        request = read_sidecar(sidecar, self.case_dir)
        # Read once, inside .processing/, without following a link; work on that copy only.
        source = work / f"source{Path(document.name).suffix.lower()}"
        source.write_bytes(read_in(self.processing, document.name))
        out = work / document.name
        run_redact(source, request.case, request.to, out, request.user, self.runner)
        result = run_release(out, request.case, request.to, request.user, self.runner)
        self._deliver(out, document.name, result, request)
        self._finish(document, sidecar)
        return bool(result.decision == "released")

    def _deliver(self, out: Path, name: str, result: ReleaseResult, request: Request) -> None:
        """Put the redacted copy in released/ (with its receipt) or held/ (with the reason and,
        hidden, the request, so that it is released once a clerk approves it)."""
        released = result.decision == "released"
        folder = self.outbox / (RELEASED if released else HELD)
        if released:
            write_whole(folder / f"{name}.receipt.json", json.dumps(result.receipt, indent=2))
        else:
            reasons = "".join(f"- {r}\n" for r in result.reasons)
            write_whole(folder / f"{name}.reason.txt",
                        f"held: redacted and verified clean, but not released:\n{reasons}")  # fmt: skip
            job = {"case": request.case.name, "to": request.to, "user": request.user, "sha256": result.file_sha256}
            write_whole(self.outbox / JOBS / f"{name}.json", json.dumps(job))
        place(out, folder / name)
        log.info("%s: case %s, reader %s", result.decision, result.case_id, result.reader)

    def release_approved(self) -> int:
        """Release the held documents a clerk approved since they were held; how many went out."""
        from redactor.watch_held import approved_jobs

        released = 0
        for name, request in approved_jobs(self.outbox, self.outbox / HELD, self.case_dir):
            released += self._release_held(name, request)
        return released

    def _release_held(self, name: str, request: Request) -> int:
        from redactor.commands import run_release

        held = self.outbox / HELD
        receipt = released_already(held / name, request.case, request.to)
        if receipt is None:
            try:
                result = run_release(held / name, request.case, request.to, request.user, self.runner)
            except Exception as exc:  # noqa: BLE001 - it stays held; the gate recorded why
                log.info("approved document still held (%s)", getattr(exc, "code", "internal-error"))
                return 0
            if result.decision != "released":
                write_whole(held / f"{name}.reason.txt", "held: approved, but still not released:\n"
                            + "".join(f"- {r}\n" for r in result.reasons))  # fmt: skip
                return 0
            receipt = result.receipt or {}
        write_whole(self.outbox / RELEASED / f"{name}.receipt.json", json.dumps(receipt, indent=2))
        place(held / name, self.outbox / RELEASED / name)
        for leftover in (held / f"{name}.reason.txt", self.outbox / JOBS / f"{name}.json"):
            leftover.unlink(missing_ok=True)
        log.info("released after approval: case %s, reader %s", receipt["case_id"], receipt["reader"])
        return 1

    def _reason(self, exc: BaseException, work: Path) -> str:
        # Messages name files by path: keep only the names, the folders say nothing useful.
        text = one_line(exc)
        for folder in (work, self.processing, self.case_dir):
            text = text.replace(f"{folder}{os.sep}", "")
        return text

    def _hold(self, document: Path, sidecar: Path | None, reason: str) -> None:
        """Hold the document as it was dropped (it was not redacted), saying why."""
        held = self.outbox / HELD
        write_whole(held / f"{document.name}.reason.txt", f"held: {reason}\n")
        place(document, held / document.name)
        self._finish(None, sidecar)

    def _finish(self, document: Path | None, sidecar: Path | None) -> None:
        """The job is delivered: remove what was claimed."""
        for path in (document, sidecar):
            if path is not None:
                path.unlink(missing_ok=True)
