"""Warm worker processes: the service's and batch's runner.

Each worker runs the owner's `warm` once when it starts (`redactor.api.warm`: the rules and
the NER model), then serves tasks. Workers are spawned, not forked (the service that owns a
pool runs threads); one that times out, dies or nears its memory cap is replaced.
"""

from __future__ import annotations

import contextlib
import pickle
import queue
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from redactor.errors import InternalError, LimitExceeded, RedactorError, one_line
from redactor.ner import NerEngine, SplitNer
from redactor.parallel import near_cap
from redactor.settings import Limits
from redactor.workers.child import (
    GRACE,
    STEP,
    STOP,
    WARM_SECONDS,
    Terminated,
    confine,
    death,
    on_sigterm,
    outcome,
    packed,
    settled,
    subject,
    sweep,
    too_slow,
    unpacked,
    vm_bytes,
)

T = TypeVar("T")


Warm = Callable[[], object]  # a module-level function: it is sent to each spawned worker


def serve(conn: Connection, limits: Limits, warm: Warm) -> None:
    """A pool worker's life: confine, `warm()`, then answer tasks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers end
    signal.signal(signal.SIGTERM, on_sigterm)
    confine(limits)
    with contextlib.suppress(Terminated):
        ready, value = outcome(warm, (), "worker start", limits)
        conn.send_bytes(packed(ready, value))
        while ready:
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
    fn, args, kwargs = pickle.loads(body)
    return fn(*args, **kwargs)


class _Worker:
    """One warm worker process and the parent's end of its pipe."""

    def __init__(self, limits: Limits, warm: Warm) -> None:
        import multiprocessing

        # spawn, not fork: the service that owns a pool runs threads, and forking those is unsafe.
        ctx = multiprocessing.get_context("spawn")
        self.limits = limits
        self.conn, child_end = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child_end, limits, warm), daemon=True, name="redactor-worker")
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

    def call(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        try:
            self.ensure_warm()
        except RedactorError as exc:
            self.healthy = False
            raise InternalError(f"a worker process could not start: {one_line(exc)}") from None
        name = subject(fn, args)
        self._send(name, fn, args, kwargs)
        self.busy, self.args = True, args
        try:
            return self._receive(name, self.limits.seconds, too_slow(name, self.limits))  # type: ignore[no-any-return]
        except LimitExceeded:
            self.healthy = False  # after a memory failure its heap is suspect; after a timeout it is busy
            raise

    def _send(self, name: str, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        try:
            body = pickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
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
    """`size` warm worker processes; `run` may be called from many threads at once.

    `warm`: run once in each worker as it starts (a module-level function, sent to it).
    `ner`: the NER engine that fits a warm worker, for the caller to pass to its tasks."""

    def __init__(self, size: int, limits: Limits, *, warm: Warm, ner: NerEngine = SplitNer()) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.limits, self.warm, self.ner = limits, warm, ner
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self.limits, self.warm)
        with self._lock:
            self._all.add(worker)
        return worker

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        worker = self._acquire()
        try:
            return worker.call(fn, args, kwargs)
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
