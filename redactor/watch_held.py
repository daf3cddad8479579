"""Which documents held in a watched outbox a clerk has approved since they were held.

The watcher keeps, for each held document, OUTBOX/.jobs/NAME.json with the request
(case file name, reader, user) and the held copy's SHA-256. A job counts as approved
when the gate's queue shows a clerk's approval after the hold, and the held file is
still that exact file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from redactor.errors import RedactorError

if TYPE_CHECKING:
    from redactor.watch import Request

JOBS = ".jobs"


def _jobs(jobs: Path) -> Iterator[tuple[str, dict[str, str]]]:
    for path in sorted(jobs.glob("*.json")):
        try:
            job = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(job, dict):
            yield path.name.removesuffix(".json"), {k: str(v) for k, v in job.items()}


def _approved() -> set[tuple[str, str]]:
    """(file SHA-256, reader) of held files with a clerk's approval since the hold, or released
    since (a clerk approving on the review screen releases at once, to the state's outbox):
    the watcher then releases its copy into released/ too (the gate decides again)."""
    from redactor import audit
    from redactor.gate import queue

    approved = {(h.file_sha256, h.reader) for h in queue(include_all=True) if h.approved_since}
    released = {(str(e.input_sha256), str(e.reader)) for e in audit.entries(action="release", decision="released")}
    return approved | released


def approved_jobs(outbox: Path, held: Path, case_dir: Path) -> Iterator[tuple[str, Request]]:
    """(held document name, its request) for each held document approved since the hold."""
    from redactor.inputs import read_in
    from redactor.watch import Request

    jobs = list(_jobs(outbox / JOBS))
    if not jobs:
        return
    approved = _approved()
    for name, job in jobs:
        if (job.get("sha256", ""), job.get("to", "")) not in approved:
            continue
        try:
            same = hashlib.sha256(read_in(held, name)).hexdigest() == job["sha256"]
        except (RedactorError, KeyError):
            continue
        if same:
            yield name, Request(case_dir / Path(job["case"]).name, job["to"], job["user"])
