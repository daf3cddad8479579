"""Both cores for one document, with forked children.

- `split_map`: half of a batch in a child forked after the NER model is loaded, so the
  child shares it copy-on-write and needs no second load: a 56-page report's NER takes
  about half the wall time.
- `Ahead`: a child forked before the model is loaded, which loads it while this process
  reads the document and runs the rules, then does the NER: a cold run no longer waits
  for spaCy and Presidio to import before it starts reading.

Used only when it is safe to fork (one thread, Linux, `fork: true` in the settings); a
failed child fails the run (fail closed), never returns half the findings. Also here, as
every forked child needs them: `die_with_parent`, and `out_of_memory` (a failure the
address-space cap caused). A leaf: it imports nothing of ours but errors and settings,
so the runners (redactor.workers) and the NER engines (redactor.ner) both build on it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import resource
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from redactor.errors import InternalError, RedactorError
from redactor.settings import Limits, settings

T = TypeVar("T")
R = TypeVar("R")
MIN_WEIGHT = 30_000  # below this (about 10 pages), a fork costs more than it saves
MB = 1024 * 1024
NEAR_LIMIT = 0.9  # a child that fails or dies this close to its memory cap ran out of memory
MEMORY_WORDS = ("memory", "malloc", "failed to map segment", "cannot allocate")
PR_SET_PDEATHSIG = 1  # prctl(2)


def can_fork() -> bool:
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1  # forking a threaded process can deadlock
        and settings().fork
    )


def die_with_parent(parent: int) -> None:
    """Linux: the child is killed if the CLI dies (kill -9) instead of running on unwatched."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(70)


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
    """`out_of_memory` in a helper child (split_map, Ahead), which knows its cap only as
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


def _half(weights: Sequence[int]) -> int:
    total, running = sum(weights), 0
    for i, w in enumerate(weights):
        running += w
        if running * 2 >= total:
            return i + 1
    return len(weights)


def _child(fn: Callable[[list[T]], list[R]], items: list[T], write_fd: int, parent: int) -> None:
    code = 1
    try:
        die_with_parent(parent)
        data = pickle.dumps(fn(items))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)


def split_map(fn: Callable[[list[T]], list[R]], items: list[T], weight: Callable[[T], int]) -> list[R]:
    """`fn(items)`, with the second half of `items` done in a forked child when worth it."""
    weights = [weight(item) for item in items]
    if len(items) < 2 or sum(weights) < MIN_WEIGHT or not can_fork():
        return fn(items)
    cut = _half(weights)
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(fn, items[cut:], write_fd, parent)
    os.close(write_fd)
    try:
        mine = fn(items[:cut])
    finally:
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        raise InternalError("the second detection process failed; nothing was decided")
    theirs: list[R] = pickle.loads(data)
    return mine + theirs


def _read_all(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as pipe:
        return pipe.read()


def _write_all(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)


def _answer(prepare: Callable[[], object], work: Callable[[list[T]], list[R]], request_fd: int) -> tuple[bool, Any]:
    try:
        prepare()
        items = _read_all(request_fd)
        return True, work(pickle.loads(items)) if items else []
    except RedactorError as exc:  # our errors carry safe, useful messages ("model not installed")
        return False, exc
    except Exception as exc:  # noqa: BLE001 - a foreign message may quote document text
        if out_of_memory_here(exc):
            return False, MemoryError()  # the caller's runner reports its memory limit
        return False, InternalError(f"the NER process failed ({type(exc).__name__}); nothing was decided")


class Ahead(Generic[T, R]):
    """A forked child that runs `prepare()` at once, then `work(items)` for the one batch
    `run` sends it. Fork it before slow set-up (loading a model) that this process does not
    need itself, and do other work meanwhile. Use it as a context manager: leaving the
    block kills a child that was never used."""

    def __init__(self, prepare: Callable[[], object], work: Callable[[list[T]], list[R]]) -> None:
        request_read, self._request = os.pipe()
        self._answer_fd, answer_write = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self._request)
            os.close(self._answer_fd)
            _ahead_child(prepare, work, request_read, answer_write, parent)
        os.close(request_read)
        os.close(answer_write)
        self.used = False  # the batch was sent
        self.done = False  # the answer was read and the child reaped

    def run(self, items: list[T]) -> list[R]:
        self.send(items)
        return self.receive()

    def send(self, items: list[T]) -> None:
        """Hand over the batch: returns at once for a small one, else once the child reads."""
        if self.used:
            raise InternalError("the NER process serves one batch")
        self.used = True
        # If the child died preparing, its exit status says so in `receive`.
        with contextlib.suppress(OSError):
            _write_all(self._request, pickle.dumps(items))

    def receive(self) -> list[R]:
        data = _read_all(self._answer_fd)
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        if status != 0 or not data:
            raise InternalError("the NER process failed; nothing was decided")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        result: list[R] = value
        return result

    def __enter__(self) -> Ahead[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        """A child never used, or whose answer was never read (the caller failed between
        `send` and `receive`), is killed and reaped; its pipes are closed."""
        if self.done:
            return
        if not self.used:
            os.close(self._request)  # `send` closes it otherwise
        os.close(self._answer_fd)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _ahead_child(prepare: Callable[[], object], work: Callable[[list[T]], list[R]],
                 request_fd: int, answer_fd: int, parent: int) -> None:  # fmt: skip
    code = 1
    try:
        die_with_parent(parent)
        _write_all(answer_fd, pickle.dumps(_answer(prepare, work, request_fd)))
        code = 0
    finally:
        os._exit(code)
