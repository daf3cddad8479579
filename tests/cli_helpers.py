"""Running the real `redactor` command in a subprocess, as users and outside checks do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REDACTOR = str(Path(sys.executable).with_name("redactor"))


def run(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([REDACTOR, *map(str, args)], capture_output=True, text=True, env=full_env,
                          timeout=timeout, stdin=subprocess.DEVNULL)  # fmt: skip
