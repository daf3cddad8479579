"""Measure the audit log: append rate, and `audit verify` time on N entries (default 10,000).

    .venv/bin/python scripts/audit_verify_bench.py [--entries 10000]

Runs in a temporary $REDACTOR_HOME; every entry carries three findings, like a
typical redaction. Prints the figures; writes nothing outside the temporary folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FINDINGS = [
    {"kind": "PHONE", "text": "07700 900461", "location": "page 2, line 14",
     "rule": "known:mother:phone", "detector": "known", "party": "mother", "decision": "redact"},
    {"kind": "POSTCODE", "text": "SK11 6QP", "location": "page 1, line 3", "rule": "uk-postcode",
     "detector": "pattern", "party": "mother", "decision": "redact"},
    {"kind": "SCHOOL", "text": "Brookside Primary School", "location": "header (header1.xml)",
     "rule": "known:child:school", "detector": "known", "party": "child", "decision": "redact"},
]  # fmt: skip


def fill(count: int) -> float:
    from redactor import audit

    started = time.perf_counter()
    for n in range(count):
        audit.record(
            "redact", f"worker{n % 7}", decision="written", reason="3 spans removed; verified",
            case_id=f"CS-2024-{n % 500:04d}", reader="father", input_sha256=f"{n:064x}",
            output_sha256=f"{n + 1:064x}", findings=FINDINGS, extra={"format": "docx"},
        )  # fmt: skip
    return time.perf_counter() - started


def timed_cli(home: str) -> tuple[float, str]:
    env = {**os.environ, "REDACTOR_HOME": home, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "redactor.cli.main", "audit", "verify"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return time.perf_counter() - started, done.stdout.strip() or done.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["REDACTOR_HOME"] = home
        from redactor import audit

        wrote = fill(args.entries)
        print(f"appended {args.entries} entries in {wrote:.1f}s ({args.entries / wrote:.0f}/s)")
        started = time.perf_counter()
        status = audit.verify()
        took = time.perf_counter() - started
        print(f"audit.verify(): {took:.3f}s -> {status.summary}")
        seconds, said = timed_cli(home)
        print(f"`redactor audit verify` (whole process): {seconds:.3f}s -> {said}")
        size = sum(p.stat().st_size for p in Path(home).rglob("*") if p.is_file())
        print(f"state folder: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
