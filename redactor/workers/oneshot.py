"""One forked child per operation: the CLI's runner.

The CLI's process has not imported spaCy or PyMuPDF, so the child starts small. The child
does one operation and exits, so its NER engine (`ner`, by default `AheadNer`) loads the
model ahead in a further child while it reads the document (`redactor.parallel.Ahead`).
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NoReturn, TypeVar

from redactor.ner import AheadNer, NerEngine
from redactor.parallel import MB, die_with_parent
from redactor.settings import Limits
from redactor.workers.child import (
    GRACE,
    STEP,
    confine,
    death,
    on_sigterm,
    outcome,
    packed,
    quiet,
    settled,
    subject,
    sweep,
    too_slow,
    unpacked,
    vm_bytes,
)

T = TypeVar("T")


def _child(write_fd: int, fn: Callable[..., Any], args: tuple[Any, ...], name: str, limits: Limits,
           parent: int) -> NoReturn:  # fmt: skip
    """The forked child: never returns, never runs the parent's exit handlers."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child; the parent reports it
        signal.signal(signal.SIGTERM, on_sigterm)
        quiet()
        die_with_parent(parent)
        confine(limits)
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


def _learned_model() -> None:
    """The learned ADDRESS model as the settings ask for it, loaded in the NER child (none when off)."""
    from redactor.detect.learned import configured

    configured().warm()


class OneShot:
    """Runs each operation in a fresh forked child under the limits (the CLI's runner).

    `ner`: the NER engine that fits a child doing one operation, for the caller to pass to it."""

    def __init__(self, limits: Limits, ner: NerEngine | None = None) -> None:
        self.limits = limits
        self.ner = ner if ner is not None else AheadNer(also_load=_learned_model)
        self.last_peak_rss_kb = 0  # the last child's peak resident memory (KB), for measurements

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        name = subject(fn, args)
        call = partial(fn, **kwargs) if kwargs else fn
        sys.stdout.flush()
        sys.stderr.flush()
        read_fd, write_fd = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(write_fd, call, args, name, self.limits, parent)
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
