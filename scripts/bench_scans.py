"""Seconds per scanned page: `check` and `redact` of a 4-page image-only PDF (grey 200 dpi
speckled JPEG pages, made as the tests make them), cold (the CLI, a fresh process) and warm
(the library, the model loaded), with the CPU seconds spent (Tesseract included).

    .venv/bin/python scripts/bench_scans.py [--pages 4]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import scanbuild  # noqa: E402

CASE = ROOT / "tests" / "data" / "spec_case.yaml"
LINES = [
    "Child and Family Assessment",
    "Ms Mottram now lives at Flat 2, Ropewalk House,",
    "41 Wharf Street, Macclesfield, SK11 6QP.",
    "She can be reached on 07700 900461.",
    *["The family support worker visited on Tuesday and the children were well."] * 24,
]


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _cold(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    cpu, started = _cpu(), time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "redactor"), *args], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started, _cpu() - cpu


def _warm(scan: Path, out: Path) -> tuple[float, float]:
    from redactor import api

    api.check_file(scan, CASE, "father")  # loads the model
    cpu, started = _cpu(), time.perf_counter()
    api.redact_file(scan, CASE, "father", out)
    return time.perf_counter() - started, _cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=4)
    pages = parser.parse_args().pages
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        scan = scanbuild.image_pdf(tmp / "scan.pdf", [scanbuild.scan_image(LINES)] * pages)
        env = dict(os.environ, REDACTOR_HOME=str(tmp / "home"))
        os.environ["REDACTOR_HOME"] = env["REDACTOR_HOME"]
        common = [str(scan), "--case", str(CASE), "--to", "father"]
        rows = {
            "check, cold": _cold(["check", *common], env),
            "redact, cold": _cold(["redact", *common, "--out", str(tmp / "cold.pdf")], env),
            "redact, warm": _warm(scan, tmp / "warm.pdf"),
        }
    print(f"| {pages} scanned pages | seconds | per page | CPU seconds per page |")
    print("|---|---|---|---|")
    for name, (wall, cpu) in rows.items():
        print(f"| {name} | {wall:.1f} | {wall / pages:.2f} | {cpu / pages:.2f} |")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
