"""Checkpoints the log keeps of itself, so a cut-off or deleted log is never "intact".

After every entry the head of the chain (count and head hash, signed with the chain
key) is written to `head.json` in the checkpoint folder (settings `checkpoints:`,
default STATE/checkpoints); every release receipt carries the chain's length and head
too. `known_points` gathers them all; `audit verify` compares the log with the
latest. Someone who owns the state folder can remove these as well: an auditor keeps
copies elsewhere (see the README).
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from pathlib import Path
from typing import Any

from redactor.audit.entry import canonical
from redactor.keys import mac
from redactor.settings import home, settings

HEAD = "head.json"


def folder() -> Path:
    named = settings().checkpoints
    path = Path(named) if named else home() / "checkpoints"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def signed(count: int, head_hash: str, time: str) -> dict[str, Any]:
    body = {"count": count, "head_hash": head_hash, "time": time}
    return {**body, "signature": mac("chain", canonical({"count": count, "head_hash": head_hash}).encode())}


def _valid(point: dict[str, Any]) -> bool:
    try:
        return signed(int(point["count"]), str(point["head_hash"]), "")["signature"] == point.get("signature")
    except (KeyError, TypeError, ValueError):
        return False


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"invalid": path.name}
    return data if isinstance(data, dict) else {"invalid": path.name}


def advance(count: int, head_hash: str, time: str) -> None:
    """Move head.json forward to this entry (never back: writers may finish out of order)."""
    where = folder()
    fd = os.open(where / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        current = _read(where / HEAD)
        if current and _valid(current) and int(current["count"]) >= count:
            return
        tmp = where / f".{HEAD}.{uuid.uuid4().hex}.tmp"
        tmp.write_text(json.dumps(signed(count, head_hash, time)) + "\n", "utf-8")
        os.replace(tmp, where / HEAD)
    finally:
        os.close(fd)


def _receipt_points() -> list[dict[str, Any]]:
    from redactor.gate.receipts import outbox, signature_valid

    found = []
    for path in outbox().glob("*/*.receipt.json"):
        receipt = _read(path)
        chain = receipt.get("chain") if receipt else None
        if receipt and isinstance(chain, dict) and signature_valid(receipt):
            found.append({"count": chain.get("count"), "head_hash": chain.get("head_hash"),
                          "source": f"receipt {path.name}"})  # fmt: skip
    return found


def known_points() -> tuple[list[dict[str, Any]], list[str]]:
    """(the valid checkpoints and receipt heads, the problems: a checkpoint that is not valid)."""
    head = _read(folder() / HEAD)
    points, problems = _receipt_points(), []
    if head is not None:
        if _valid(head):
            points.append({**head, "source": f"checkpoint {HEAD}"})
        else:
            problems.append(f"the checkpoint {HEAD} is not valid (altered, or not written by this log)")
    return points, problems


def latest_point() -> tuple[dict[str, Any] | None, list[str]]:
    points, problems = known_points()
    return (max(points, key=lambda p: int(p["count"])) if points else None), problems
