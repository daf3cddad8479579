"""What every worker child shares: limits, answers and the parent's reading of a death.

Both runners (`redactor.workers.oneshot`, `redactor.workers.pool`) fork or spawn a
child that confines itself (`confine`), runs one operation (`outcome`) and sends back
`packed(ok, value)`; the parent turns a missing answer into our error (`death`).
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import resource
import shutil
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from redactor.errors import InternalError, LimitExceeded, RedactorError
from redactor.parallel import MB, NEAR_LIMIT, out_of_memory
from redactor.settings import Limits

STEP = 0.05  # seconds between checks of a running child (and samples of its memory)
STOP = b"stop"  # tells a pool worker to exit (a task always holds a NUL, never this)
GRACE = 3.0  # seconds a child told to stop (SIGTERM) has to unwind and remove its temporary files
WARM_SECONDS = 180.0  # how long a new worker may take to load the NER model
# One thread each for the numeric libraries: threads add address space, not speed, here.
THREAD_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


class Terminated(BaseException):
    """Raised in a child told to stop: unwinding runs the `finally` blocks that remove temp files."""


def on_sigterm(signum: int, frame: object) -> None:
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


def quiet() -> None:
    """The CLI prints one line per failure and JSON on stdout: library noise must not add to them."""
    faulthandler.disable()  # a crash is reported by the parent in one line, not a stack dump
    if os.environ.get("REDACTOR_DEBUG") != "1":
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
