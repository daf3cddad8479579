"""Throughput of `redactor serve` with one and two instances sharing one database.

    .venv/bin/python scripts/bench_instances.py [--requests 24] [--clients 4] [--no-write]

Starts real `redactor serve` processes on 127.0.0.1 (each `--workers 1`), registers the SPEC's
case, and sends `--requests` checks and as many redactions of the 1-page benchmark PDF
(scripts/make_bench_docs.py), then as many approve + release pairs of a short letter, from
`--clients` threads spread over the instances. Configurations: SQLite with one instance;
PostgreSQL (a fresh database on 127.0.0.1:5432) with one instance, with one instance of two
workers, and with two instances. Prints pages per second checked and redacted and gate
operations per second, and writes the table into BENCHMARKS.md (section "Instances").
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
import make_bench_docs as docs  # noqa: E402
from pgtest import fresh_database  # noqa: E402
from servers import Instance, start  # noqa: E402

WORKER, CLERK = "bench-worker", "bench-clerk"
CASE = (ROOT / "tests" / "data" / "spec_case.yaml").read_bytes()
MARK = "## Instances"


def _settings(root: Path) -> Path:
    path = root / "settings.yaml"
    path.write_text(f"clerks: [clara]\ntokens:\n  {WORKER}: {{user: sw.jones, role: worker}}\n"
                    f"  {CLERK}: {{user: clara, role: clerk}}\nfiles: {root / 'shared'}\n"
                    f"keys: {{folder: {root / 'keys'}}}\nlimits: {{max_upload_mb: 20}}\n")  # fmt: skip
    return path


def _timed(clients: int, jobs: list[Callable[[], int]]) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        codes = list(pool.map(lambda job: job(), jobs))
    bad = [c for c in codes if c not in (200, 409)]
    if bad:
        raise SystemExit(f"bench_instances: unexpected HTTP answers {sorted(set(bad))}")
    return time.perf_counter() - started


def _post(instance: Instance, path: str, token: str, body: bytes, name: str, to: str = "father") -> int:
    files = {"file": (name, body), "case": ("case.yaml", CASE)}
    return instance.post(path, token, files, to=to, timeout=600).status_code


def _run(label: str, instances: list[Instance], pdf: bytes, requests: int, clients: int) -> dict[str, str]:
    def on(n: int) -> Instance:
        return instances[n % len(instances)]

    assert instances[0].post("/v1/cases", CLERK, {"case": ("case.yaml", CASE)}).status_code == 200
    _post(instances[-1], "/v1/check", WORKER, pdf, "warm.pdf")  # every worker loads its model first
    _post(instances[0], "/v1/check", WORKER, pdf, "warm.pdf")
    checks = _timed(clients, [lambda n=n: _post(on(n), "/v1/check", WORKER, pdf, "r.pdf") for n in range(requests)])
    redacts = _timed(clients, [lambda n=n: _post(on(n), "/v1/redact", WORKER, pdf, "r.pdf") for n in range(requests)])
    letters = [f"Letter {n}: Mia's attendance this term was good.\n".encode() for n in range(requests)]

    def approve_then_release(n: int) -> int:  # approved on one instance, released on the next
        approved = _post(on(n), "/v1/approve", CLERK, letters[n], "l.txt")
        return approved if approved != 200 else _post(on(n + 1), "/v1/release", WORKER, letters[n], "l.txt")

    gate = _timed(clients, [lambda n=n: approve_then_release(n) for n in range(requests)])
    return {"setup": label, "check": f"{requests / checks:.2f}", "redact": f"{requests / redacts:.2f}",
            "gate": f"{requests / gate:.2f}"}  # fmt: skip


def _configuration(label: str, count: int, workers: int, database: str | None, pdf: bytes, args: argparse.Namespace,
                   ) -> dict[str, str]:  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-inst-") as folder:
        root = Path(folder)
        env = {"REDACTOR_CONFIG": str(_settings(root)), "REDACTOR_HOME": str(root / "home")}
        if database:
            env["REDACTOR_DATABASE"] = database
            import subprocess

            subprocess.run([sys.executable, "-m", "redactor.cli.main", "db", "upgrade"], env={**os.environ, **env},
                           check=True, capture_output=True)  # fmt: skip
        instances = [start({**env, "REDACTOR_HOME": str(root / f"home-{n}")}, root / f"{n}.log", workers)
                     for n in range(count)]  # fmt: skip
        try:
            return _run(label, instances, pdf, args.requests, args.clients)
        finally:
            for instance in instances:
                instance.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=24)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    docs.build()
    pdf = (docs.DEFAULT_OUT / "1page.pdf").read_bytes()
    rows = [_configuration("SQLite, 1 instance (1 worker)", 1, 1, None, pdf, args)]
    for label, count, workers in (("PostgreSQL, 1 instance (1 worker)", 1, 1),
                                  ("PostgreSQL, 1 instance (2 workers)", 1, 2),
                                  ("PostgreSQL, 2 instances (1 worker each)", 2, 1)):  # fmt: skip
        with fresh_database() as url:
            rows.append(_configuration(label, count, workers, url, pdf, args))
    table = _table(rows, args)
    print(table)
    if not args.no_write:
        _write(table)
    return 0


def _table(rows: list[dict[str, str]], args: argparse.Namespace) -> str:
    head = (f"{MARK}\n\nMeasured {datetime.now().strftime('%Y-%m-%d %H:%M')} on {platform.node()} "
            f"({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the end) by `scripts/bench_instances.py`: "
            f"{args.requests} requests of each kind from {args.clients} client threads spread over the instances; "
            "1-page PDF report; gate = one approve and one release of a short letter.\n\n"
            "| setup | pages/s checked | pages/s redacted | approve+release pairs/s |\n"
            "|---|---|---|---|\n")  # fmt: skip
    return head + "".join(f"| {r['setup']} | {r['check']} | {r['redact']} | {r['gate']} |\n" for r in rows)


def _write(table: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text("utf-8") if path.exists() else ""
    before = text.split(MARK)[0].rstrip()
    after = text.split(MARK, 1)[1].split("\n## ", 1) if MARK in text else []
    rest = ("\n## " + after[1]) if len(after) > 1 else ""
    path.write_text(f"{before}\n\n{table}{rest}".lstrip(), "utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
