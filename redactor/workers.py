"""Document operations in worker processes, under the time and memory limits.

A hostile document must neither hang the CLI or the service nor eat the machine's
memory: each operation runs in a child whose address space is capped with
``setrlimit(RLIMIT_AS)`` and which is killed past the time limit; the child sends
back the result or the exception, pickled. Both runners implement
`redactor.commands.Runner`:

- `OneShot(limits)`: one forked child per operation (the CLI, whose process has
  not imported spaCy or PyMuPDF, so the child starts small).
- `Pool(size, limits)`: warm workers, each with the NER model loaded once (the
  HTTP service, batch runs); one that times out or dies is replaced.

RLIMIT_AS rather than RLIMIT_DATA: it caps all that the process maps, so resident
memory can never pass it. Measured through the CLI: a 50-page DOCX redaction peaks
at 0.71 GB of address space (0.57 GB resident), a 50-page PDF at 0.52 GB (0.37 GB),
a 100-page DOCX at 1.08 GB (0.95 GB); the default 1400 MB passes them all.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import os
import pickle
import queue
import resource
import select
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from redactor.errors import InternalError, LimitExceeded, RedactorError, one_line
from redactor.parallel import one_operation_process
from redactor.settings import Limits

T = TypeVar("T")
MB = 1024 * 1024
STEP = 0.05  # seconds between checks of a running child (and samples of its memory)
NEAR_LIMIT = 0.9  # a child that fails or dies this close to its memory cap ran out of memory
STOP = b"stop"  # tells a pool worker to exit (a task always holds a NUL, never this)
PR_SET_PDEATHSIG = 1  # prctl(2)
MEMORY_WORDS = ("memory", "malloc", "failed to map segment", "cannot allocate")
GRACE = 3.0  # seconds a child told to stop (SIGTERM) has to unwind and remove its temporary files
WARM_SECONDS = 180.0  # how long a new worker may take to load the NER model
# One thread each for the numeric libraries: threads add address space, not speed, here.
THREAD_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


# ---------------------------------------------------------------- shared by both runners


class Terminated(BaseException):
    """Raised in a child told to stop: unwinding runs the `finally` blocks that remove temp files."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def sweep(pid: int, args: tuple[Any, ...]) -> None:
    """Remove what a child that was killed left behind: files named for its pid (see api.py)."""
    folders = {Path(a).parent for a in args if isinstance(a, Path)} | {Path(tempfile.gettempdir())}
    for folder in folders:
        for left in folder.glob(f"*redactor-{pid}-*"):
            with contextlib.suppress(OSError):
                if left.is_dir():
                    shutil.rmtree(left)
                else:
                    left.unlink()


def subject(fn: Callable[..., Any], args: tuple[Any, ...]) -> str:
    """What a message names: the document's file name, else the operation."""
    if args and isinstance(args[0], str | Path):
        return Path(args[0]).name
    if len(args) > 1 and isinstance(args[0], bytes) and isinstance(args[1], str):
        # An upload (api.check_bytes): its name may carry a victim's name; keep the type only.
        return f"document{Path(args[1]).suffix.lower()}"
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
    except Terminated:
        raise
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        if out_of_memory(exc, limits):
            return False, too_big(name, limits)
        if isinstance(exc, RedactorError):
            return False, exc
        if os.environ.get("REDACTOR_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        # Foreign exceptions may quote document text (and may not unpickle): keep the type only.
        return False, InternalError(f"internal error ({type(exc).__name__})")


def out_of_memory(exc: BaseException, limits: Limits) -> bool:
    """A failure the cap caused: a C library's failed malloc or mmap surfaces as ImportError,
    RuntimeError or (wrapped by a reader) "damaged PDF"; the messages are read, never shown."""
    seen: BaseException | None = exc
    for _ in range(4):  # the exception and those it was raised from
        if seen is None:
            break
        if isinstance(seen, MemoryError) or any(w in _message(seen) for w in MEMORY_WORDS):
            return True
        seen = seen.__cause__ or seen.__context__
    return near_cap(limits)


def out_of_memory_here(exc: BaseException) -> bool:
    """`out_of_memory` in a helper child (redactor.parallel), which knows its cap only as
    the RLIMIT_AS it inherited."""
    cap, _ = resource.getrlimit(resource.RLIMIT_AS)
    if cap == resource.RLIM_INFINITY:
        return isinstance(exc, MemoryError)
    return out_of_memory(exc, Limits(memory_mb=max(65, cap // MB)))


def _message(exc: BaseException) -> str:
    # args[0], never str(exc): a validation error's str() renders its input (a YAML bomb, say).
    first = exc.args[0] if exc.args else ""
    return first[:300].lower() if isinstance(first, str) else ""


def near_cap(limits: Limits) -> bool:
    """True once this process has mapped nearly all the address space it may."""
    try:
        with open("/proc/self/status") as f:
            line = next(x for x in f if x.startswith("VmPeak:"))
    except (OSError, StopIteration):
        return False
    return int(line.split()[1]) * 1024 >= NEAR_LIMIT * limits.memory_mb * MB


def packed(ok: bool, value: Any, retire: bool = False) -> bytes:
    """The child's answer; `retire` asks the pool for a fresh worker after this one."""
    try:
        return pickle.dumps((ok, value, retire), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - an unpicklable result is our bug, reported as such
        error = InternalError(f"internal error (result not picklable: {type(exc).__name__})")
        return pickle.dumps((False, error, retire))


def unpacked(data: bytes) -> tuple[bool, Any, bool]:
    try:
        ok, value, retire = pickle.loads(data)
    except Exception as exc:  # noqa: BLE001 - a garbled answer is an internal error
        return False, InternalError(f"internal error (answer not readable: {type(exc).__name__})"), True
    return bool(ok), value, bool(retire)


def settled(ok: bool, value: Any) -> Any:
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
    close = peak >= NEAR_LIMIT * limits.memory_mb * MB
    if close or signum == signal.SIGKILL:  # a SIGKILL we did not send: the kernel's OOM killer
        return too_big(name, limits)
    how = f"signal {signal.strsignal(signum) or signum}" if signum else f"exit status {code}"
    return InternalError(f"{name}: the worker process died ({how}); nothing was written")


# ---------------------------------------------------------------- one child per operation


def quiet() -> None:
    """The CLI prints one line per failure and JSON on stdout: library noise must not add to them."""
    faulthandler.disable()  # a crash is reported by the parent in one line, not a stack dump
    if os.environ.get("REDACTOR_DEBUG") != "1":
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)


def die_with_parent(parent: int) -> None:
    """Linux: the child is killed if the CLI dies (kill -9) instead of running on unwatched."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(70)


def _child(write_fd: int, fn: Callable[..., Any], args: tuple[Any, ...], name: str, limits: Limits,
           parent: int) -> NoReturn:  # fmt: skip
    """The forked child: never returns, never runs the parent's exit handlers."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child; the parent reports it
        signal.signal(signal.SIGTERM, _terminated)
        quiet()
        die_with_parent(parent)
        confine(limits)
        one_operation_process()
        ok, value = outcome(fn, args, name, limits)
        with open(write_fd, "wb") as pipe:  # a buffered writer: partial writes are its business
            pipe.write(packed(ok, value))
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

    def end(self) -> None:
        """Stop a child still running: SIGTERM, a grace period to unwind, then SIGKILL."""
        if self.reaped:
            return
        os.kill(self.pid, signal.SIGTERM)  # not reaped yet, so the pid is still ours
        deadline = time.monotonic() + GRACE
        while time.monotonic() < deadline:
            if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                self.reaped = True
                return
            time.sleep(STEP)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.reaped = True


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
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(write_fd, fn, args, name, self.limits, parent)
        os.close(write_fd)
        child = _Child(pid, read_fd)
        try:
            return self._answer(child, name)
        except BaseException:
            child.end()
            sweep(pid, args)
            raise
        finally:
            child.end()
            os.close(read_fd)

    def _answer(self, child: _Child, name: str) -> Any:
        if not child.read_until_eof(time.monotonic() + self.limits.seconds):
            raise too_slow(name, self.limits)
        signum, code = child.reap()
        self.last_peak_rss_kb = child.peak_rss_kb
        data = b"".join(child.chunks)
        if signum or code or not data:
            raise death(name, signum, code, child.peak, self.limits)
        ok, value, _ = unpacked(data)
        return settled(ok, value)


# ---------------------------------------------------------------- warm workers


def _warm() -> None:
    from redactor.detect import ner
    from redactor.ruleset import load_rules

    load_rules()
    ner.analyzer()


def serve(conn: Connection, limits: Limits) -> None:
    """A pool worker's life: confine, warm the model, then answer tasks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers end
    signal.signal(signal.SIGTERM, _terminated)
    confine(limits)
    with contextlib.suppress(Terminated):
        warm, value = outcome(_warm, (), "worker start", limits)
        conn.send_bytes(packed(warm, value))
        while warm:
            try:
                task = conn.recv_bytes()
            except (EOFError, OSError):
                return
            if task == STOP:
                return
            name, _, body = task.partition(b"\0")  # the name travels apart: unpickling may fail
            ok, value = outcome(_call, (body,), name.decode(), limits)
            # Near the cap its peak would mislabel later failures, and its heap is bloated: retire it.
            conn.send_bytes(packed(ok, value, retire=near_cap(limits)))


def _call(body: bytes) -> Any:
    fn, args = pickle.loads(body)
    return fn(*args)


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
        self.busy = False  # a task was sent and its answer not yet read
        self.args: tuple[Any, ...] = ()
        self.stopping = False
        self.lock = threading.Lock()

    def _wait(self, seconds: float) -> tuple[bool, int]:
        """(answered, peak address space) while waiting up to `seconds` for the worker."""
        deadline, peak = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            peak = max(peak, vm_bytes(self.process.pid or 0))
            try:
                if self.conn.poll(min(STEP, max(0.0, deadline - time.monotonic()))):
                    return True, peak
            except (OSError, EOFError, ValueError):
                return True, peak  # closed under us: the read below reports it
        return False, peak

    def _receive(self, name: str, seconds: float, slow: RedactorError) -> Any:
        answered, peak = self._wait(seconds)
        if not answered:
            self.healthy = False
            raise slow
        try:
            data = self.conn.recv_bytes()
        except (EOFError, OSError, ValueError):
            self.healthy = False
            if self.stopping:
                raise InternalError(f"{name}: the worker pool was closed while it ran") from None
            self.process.join(5)
            code = self.process.exitcode or 0
            raise death(name, max(0, -code), max(0, code), peak, self.limits) from None
        self.busy = False
        ok, value, retire = unpacked(data)
        self.healthy = self.healthy and not retire
        return settled(ok, value)

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
        self._send(name, fn, args)
        self.busy, self.args = True, args
        try:
            return self._receive(name, self.limits.seconds, too_slow(name, self.limits))  # type: ignore[no-any-return]
        except LimitExceeded:
            self.healthy = False  # after a memory failure its heap is suspect; after a timeout it is busy
            raise

    def _send(self, name: str, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            body = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - only module-level functions can be sent
            raise InternalError(f"{name}: the task cannot be sent to a worker ({type(exc).__name__})") from None
        try:
            self.conn.send_bytes(name.replace("\0", "").encode() + b"\0" + body)
        except (OSError, ValueError):
            self.healthy = False
            raise InternalError(f"{name}: the worker process was gone; nothing was written") from None

    def stop(self) -> None:
        """Idle: ask it to exit. Busy (timed out): SIGTERM, a grace period to unwind, then SIGKILL."""
        with self.lock:  # close() and the caller's own clean-up may both get here
            if not self.stopping:
                self.stopping = True
                self._end()

    def _end(self) -> None:
        if self.process.is_alive():
            if self.busy:
                self.process.terminate()
            else:
                with contextlib.suppress(OSError, ValueError):
                    self.conn.send_bytes(STOP)
            self.process.join(GRACE)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.busy and self.process.pid:
            sweep(self.process.pid, self.args)


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
