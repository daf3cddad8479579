"""Both cores for one document: run half of a batch in a forked child.

The fork happens after the NER model is loaded, so the child shares it copy-on-write and
needs no second load: a 56-page report's NER takes about half the wall time. Used only
when it is safe to fork (one thread, Linux) and there is enough work; a failed child fails
the run (fail closed), never returns half the findings.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from redactor.errors import InternalError

T = TypeVar("T")
R = TypeVar("R")
MIN_WEIGHT = 30_000  # below this (about 10 pages), a fork costs more than it saves


def can_fork() -> bool:
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1  # forking a threaded process can deadlock
        and os.environ.get("REDACTOR_NO_FORK") != "1"
    )


def _half(weights: Sequence[int]) -> int:
    total, running = sum(weights), 0
    for i, w in enumerate(weights):
        running += w
        if running * 2 >= total:
            return i + 1
    return len(weights)


def _child(fn: Callable[[list[T]], list[R]], items: list[T], write_fd: int, parent: int) -> None:
    from redactor.workers import die_with_parent

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
