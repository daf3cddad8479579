"""Document operations in worker processes, under the time and memory limits.

A hostile document must neither hang the CLI or the service nor eat the
machine's memory. Each operation runs in a child process whose address space
is capped with ``setrlimit(RLIMIT_AS)`` and which is killed when it runs past
the time limit; the child sends back the result or the exception, pickled.

- `OneShot(limits)`: one forked child per operation (the CLI). The parent has
  not imported spaCy, so the child starts small and loads it itself.
- `Pool(size, limits)`: warm worker processes, each with the NER model loaded
  once (the HTTP service, batch runs). A worker that times out, runs out of
  memory or dies is replaced; callers in several threads are served at once.

Both implement `redactor.commands.Runner`. Why RLIMIT_AS rather than RLIMIT_DATA:
it caps everything the process maps (C libraries' buffers included), so the
resident memory can never pass the limit. Measured with spaCy and PyMuPDF
loaded: a 50-page DOCX check peaks near 1.2 GB of address space, so the
default 1400 MB passes it and stops a hostile file well before 1.5 GB.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import resource
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from redactor.errors import InternalError, LimitExceeded, RedactorError, one_line
from redactor.settings import Limits

T = TypeVar("T")
MB = 1024 * 1024
STEP = 0.05  # seconds between checks of a running child (and samples of its memory)
NEAR_LIMIT = 0.8  # a child killed by a signal this close to its memory cap ran out of memory
WARM_SECONDS = 180.0  # how long a new worker may take to load the NER model
# One thread each for the numeric libraries: threads add address space, not speed, here.
THREAD_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


# ---------------------------------------------------------------- shared by both runners


def subject(fn: Callable[..., Any], args: tuple[Any, ...]) -> str:
    """What a message names: the document's file name, else the operation."""
    if args and isinstance(args[0], str | Path):
        return Path(args[0]).name
    return getattr(fn, "__name__", "operation")


def too_slow(name: str, limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"{name}: took longer than {limits.seconds:g} s; refused")


def too_big(name: str, limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"{name}: needed more than {limits.memory_mb} MB of memory; refused")


def confine(limits: Limits) -> None:
    """In the child: cap the address space, and keep numeric libraries to one thread."""
    for var in THREAD_ENV:
        os.environ.setdefault(var, "1")
    cap = limits.memory_mb * MB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def outcome(fn: Callable[..., Any], args: tuple[Any, ...], name: str, limits: Limits) -> tuple[bool, Any]:
    """In the child: (True, result) or (False, a RedactorError safe to pickle and print)."""
    try:
        return True, fn(*args)
    except MemoryError:
        return False, too_big(name, limits)
    except RedactorError as exc:
        return False, exc
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        if os.environ.get("REDACTOR_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        # Foreign exceptions may quote document text (and may not unpickle): keep the type only.
        return False, InternalError(f"internal error ({type(exc).__name__})")


def packed(ok: bool, value: Any) -> bytes:
    try:
        return pickle.dumps((ok, value), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - an unpicklable result is our bug, reported as such
        return pickle.dumps((False, InternalError(f"internal error (result not picklable: {type(exc).__name__})")))


def unpacked(data: bytes) -> Any:
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def vm_bytes(pid: int) -> int:
    """The address space a running process maps (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def death(name: str, signum: int, code: int, peak: int, limits: Limits) -> RedactorError:
    """Why a child ended without an answer: the memory cap, or something else (internal)."""
    near_cap = peak >= NEAR_LIMIT * limits.memory_mb * MB
    if signum and (near_cap or signum == signal.SIGKILL):  # SIGKILL we did not send: the OOM killer
        return too_big(name, limits)
    how = f"signal {signal.Signals(signum).name}" if signum else f"exit status {code}"
    return InternalError(f"{name}: the worker process died ({how}); nothing was written")


# ---------------------------------------------------------------- one child per operation


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _child(write_fd: int, fn: Callable[..., Any], args: tuple[Any, ...], name: str, limits: Limits) -> NoReturn:
    """The forked child: never returns, never runs the parent's exit handlers."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child; the parent reports it
        confine(limits)
        ok, value = outcome(fn, args, name, limits)
        _write_all(write_fd, packed(ok, value))
    except BaseException:  # noqa: BLE001 - the parent sees the missing answer as a death
        status = 70
    finally:
        os._exit(status)


@dataclass
class _Child:
    """A forked child seen from the parent: its pid, its answer pipe, its peak memory."""

    pid: int
    fd: int
    peak: int = 0
    chunks: list[bytes] = field(default_factory=list)
    reaped: bool = False
    peak_rss_kb: int = 0

    def read_until_eof(self, deadline: float) -> bool:
        """Collect the answer while it runs; False when the deadline passes first."""
        while time.monotonic() < deadline:
            self.peak = max(self.peak, vm_bytes(self.pid))
            ready, _, _ = select.select([self.fd], [], [], min(STEP, max(0.0, deadline - time.monotonic())))
            if ready:
                chunk = os.read(self.fd, MB)
                if not chunk:
                    return True
                self.chunks.append(chunk)
        return False

    def reap(self) -> tuple[int, int]:
        """(signal, exit code) of the finished child; notes its peak resident memory."""
        _, status, usage = os.wait4(self.pid, 0)
        self.reaped, self.peak_rss_kb = True, usage.ru_maxrss
        return (os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0), os.waitstatus_to_exitcode(status)

    def kill(self) -> None:
        if not self.reaped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.reap()


class OneShot:
    """Runs each operation in a fresh forked child under the limits (the CLI's runner)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.last_peak_rss_kb = 0  # the last child's peak resident memory (KB), for measurements

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        name = subject(fn, args)
        sys.stdout.flush()
        sys.stderr.flush()
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(write_fd, fn, args, name, self.limits)
        os.close(write_fd)
        child = _Child(pid, read_fd)
        try:
            return self._answer(child, name)
        finally:
            child.kill()
            os.close(read_fd)

    def _answer(self, child: _Child, name: str) -> Any:
        if not child.read_until_eof(time.monotonic() + self.limits.seconds):
            raise too_slow(name, self.limits)
        signum, code = child.reap()
        self.last_peak_rss_kb = child.peak_rss_kb
        data = b"".join(child.chunks)
        if signum or code or not data:
            raise death(name, signum, code, child.peak, self.limits)
        return unpacked(data)


# ---------------------------------------------------------------- warm workers


def _warm() -> None:
    from redactor.detect import ner
    from redactor.ruleset import load_rules

    load_rules()
    ner.analyzer()


def serve(conn: Connection, limits: Limits) -> None:
    """A pool worker's life: confine, warm the model, then answer tasks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers end
    confine(limits)
    ok, value = outcome(_warm, (), "worker start", limits)
    conn.send_bytes(packed(ok, value))
    while ok:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, args, name = task
        conn.send_bytes(packed(*outcome(fn, args, name, limits)))


class _Worker:
    """One warm worker process and the parent's end of its pipe."""

    def __init__(self, limits: Limits) -> None:
        import multiprocessing

        # spawn, not fork: the service that owns a pool runs threads, and forking those is unsafe.
        ctx = multiprocessing.get_context("spawn")
        self.limits = limits
        self.conn, child_end = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child_end, limits), daemon=True, name="redactor-worker")
        self.process.start()
        child_end.close()
        self.warm = False
        self.healthy = True

    def _wait(self, seconds: float) -> tuple[bool, int]:
        """(answered, peak address space) while waiting up to `seconds` for the worker."""
        deadline, peak = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            peak = max(peak, vm_bytes(self.process.pid or 0))
            if self.conn.poll(min(STEP, max(0.0, deadline - time.monotonic()))):
                return True, peak
        return False, peak

    def _receive(self, name: str, seconds: float, slow: RedactorError) -> Any:
        answered, peak = self._wait(seconds)
        if not answered:
            self.healthy = False
            raise slow
        try:
            data = self.conn.recv_bytes()
        except (EOFError, OSError):
            self.healthy = False
            self.process.join(5)
            code = self.process.exitcode or 0
            raise death(name, max(0, -code), max(0, code), peak, self.limits) from None
        return unpacked(data)

    def ensure_warm(self) -> None:
        if not self.warm:
            self._receive("worker start", WARM_SECONDS, InternalError("a worker did not start in time"))
            self.warm = True

    def call(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        try:
            self.ensure_warm()
        except RedactorError as exc:
            self.healthy = False
            raise InternalError(f"a worker process could not start: {one_line(exc)}") from None
        name = subject(fn, args)
        self.conn.send((fn, args, name))
        try:
            return self._receive(name, self.limits.seconds, too_slow(name, self.limits))
        except LimitExceeded:
            self.healthy = False  # after a memory failure its heap is suspect; after a timeout it is busy
            raise

    def stop(self) -> None:
        if self.process.is_alive() and self.healthy:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class Pool:
    """`size` warm worker processes; `run` may be called from many threads at once."""

    def __init__(self, size: int, limits: Limits) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.limits = limits
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self.limits)
        with self._lock:
            self._all.add(worker)
        return worker

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        worker = self._acquire()
        try:
            return worker.call(fn, args)
        finally:
            self._give_back(worker)

    def _acquire(self) -> _Worker:
        """An idle worker, waiting for one; a worker that died while idle is replaced first."""
        while True:
            if self._closed:
                raise InternalError("the worker pool is closed")
            try:
                worker = self._idle.get(timeout=0.5)
            except queue.Empty:
                continue
            if self._closed:
                self._idle.put(worker)
                continue
            if worker.process.is_alive():
                return worker
            self._retire(worker)
            self._idle.put(self._start())

    def _give_back(self, worker: _Worker) -> None:
        if worker.healthy and not self._closed:
            self._idle.put(worker)
            return
        self._retire(worker)
        if not self._closed:
            self._idle.put(self._start())  # warms in the background; the next caller waits for it

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()

    def pids(self) -> list[int]:
        """The worker processes' ids (for tests and the service's status)."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid]

    def close(self) -> None:
        """Stop every worker; tasks still running end with an error."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._retire(worker)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
