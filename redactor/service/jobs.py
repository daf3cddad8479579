"""Where the service's document work runs: warm worker processes, or threads here.

With `workers > 0` and `redactor.workers.Pool` available, each operation runs in
one of N warm worker processes (the NER model loaded once per worker, the
document limits enforced there). Otherwise it runs in threads of this process
with the model loaded once here. Either way the blocking work is off the event
loop, and at most N documents are worked on at once (the rest wait their turn).
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from redactor.api import warm
from redactor.commands import InProcess, Runner
from redactor.settings import Limits

T = TypeVar("T")


@dataclass
class Jobs:
    runner: Runner
    size: int
    kind: str  # "pool" (warm worker processes) or "threads" (in this process)
    limiter: anyio.CapacityLimiter | None = None

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` in a thread, at most `size` at once."""
        if self.limiter is None:
            self.limiter = anyio.CapacityLimiter(self.size)
        return await anyio.to_thread.run_sync(fn, *args, limiter=self.limiter)

    async def start(self) -> None:
        """Wait until the model is loaded: here (threads), or in every worker (pool)."""
        if self.kind == "threads":
            await anyio.to_thread.run_sync(warm)
            return
        for _ in range(self.size):
            # Idle workers are handed out in turn, so `size` calls reach every one of them.
            await anyio.to_thread.run_sync(self.runner.run, os.getpid)

    def close(self) -> None:
        close = getattr(self.runner, "close", None)
        if callable(close):
            close()


def pool_available() -> bool:
    return importlib.util.find_spec("redactor.workers") is not None


def make_jobs(workers: int, limits: Limits) -> Jobs:
    """N warm worker processes when asked for and available, else threads here."""
    if workers > 0 and pool_available():
        from redactor.workers import Pool

        return Jobs(Pool(workers, limits, warm=warm), workers, "pool")
    # Threads cannot be stopped or capped: a hostile document could hang or starve the service.
    logging.getLogger("redactor.service").warning(
        "documents are worked on in threads of this process, without the time and memory limits "
        "(--workers 0): for development only")
    return Jobs(InProcess(), max(1, workers), "threads")
