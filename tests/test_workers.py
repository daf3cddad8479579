"""Worker processes under limits: OneShot (the CLI) and Pool (the service, batch).

The task functions below are module-level so a spawned pool worker can import
them by name. The CLI tests run the real `.venv/bin/redactor` in a subprocess.
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import hostile
import pytest

from redactor import api
from redactor.errors import BadInput, InternalError, LimitExceeded
from redactor.ner import NerEngine
from redactor.settings import Limits
from redactor.workers import OneShot, Pool, subject

pytestmark = pytest.mark.slow  # forked worker pools and the CLI in subprocesses

# ---------------------------------------------------------------- tasks run in the children


def echo(value: object) -> object:
    return value


def engine_started(ner: NerEngine) -> str:
    with ner.started() as engine:
        return type(engine).__name__


def pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def sleep_noting_pid(note: str, seconds: float) -> None:
    Path(note).write_text(str(os.getpid()))
    time.sleep(seconds)


def write_slowly(out: Path) -> None:
    """Like api.redact_checked: a temporary file beside the output, removed in `finally`."""
    fd, name = tempfile.mkstemp(prefix=".redactor-", dir=out.parent)
    os.close(fd)
    try:
        time.sleep(30)
    finally:
        Path(name).unlink()


def write_stubbornly(out: Path) -> None:
    """Ignores SIGTERM, so only SIGKILL ends it: what it left is found by its pid."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    (out.parent / f".redactor-{os.getpid()}-half.pdf").write_bytes(b"%PDF-half")
    time.sleep(30)


def allocate(mb: int) -> int:
    return len(bytearray(mb * 1024 * 1024))


def hold_then_abort(mb: int) -> None:
    """Fill most of the cap, stay there long enough to be seen, then die by a signal."""
    block = bytearray(mb * 1024 * 1024)
    time.sleep(0.5)
    os.abort()
    print(len(block))


def crash() -> None:
    ctypes.string_at(0)  # SIGSEGV


def leave_quietly() -> None:
    os._exit(3)


def fail_quoting() -> None:
    raise ValueError(f"could not parse {hostile.ADDRESS}")


def refuse() -> None:
    raise BadInput("report.pdf: encrypted PDF: remove the password first")


def fail_to_map() -> None:
    raise ImportError("libmupdf.so: failed to map segment from shared object")


def damaged_by_malloc() -> None:
    try:
        raise RuntimeError("code=2: malloc (1048576 bytes) failed")
    except RuntimeError:
        raise BadInput("report.pdf: damaged PDF (it cannot be read)") from None


def unpicklable() -> object:
    return threading.Lock()


def spacy_loaded() -> bool:
    return "spacy" in sys.modules


def vm_mb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


def gone(pid: int) -> bool:
    """True once `pid` no longer runs (a zombie counts as gone only once reaped)."""
    return not Path(f"/proc/{pid}").exists()


# ---------------------------------------------------------------- OneShot


def test_oneshot_returns_the_result_and_big_results_pass_the_pipe() -> None:
    runner = OneShot(Limits())
    assert runner.run(echo, {"a": [1, 2]}) == {"a": [1, 2]}
    big = b"x" * (30 * 1024 * 1024)  # larger than any pipe buffer: the parent must read as it comes
    assert runner.run(echo, big) == big


def test_only_the_oneshot_child_loads_ner_ahead() -> None:
    # There the NER model is loaded ahead in a further child; a warm worker keeps its own.
    from redactor.commands import InProcess
    from redactor.ner import AheadNer, SplitNer, model
    from redactor.workers.oneshot import _learned_model

    oneshot = OneShot(Limits())
    assert oneshot.ner == AheadNer(also_load=_learned_model)  # its child loads the learned model too
    # A child forked to load it, unless this test process already has the model (as the CLI never does).
    ahead = "SplitNer" if model.model_loaded() else "_AheadRun"
    assert oneshot.run(engine_started, ner=oneshot.ner) == ahead
    assert InProcess().ner == SplitNer()
    with Pool(1, Limits(), warm=api.warm) as pool:
        assert pool.ner == SplitNer()
        assert pool.run(engine_started, ner=pool.ner) == "SplitNer"


def test_oneshot_runs_a_real_check(tmp_path: Path) -> None:
    doc, case = tmp_path / "note.txt", tmp_path / "case.yaml"
    doc.write_bytes(hostile.txt())
    case.write_text(hostile.CASE_YAML)
    result = OneShot(Limits()).run(api.check_file, doc, case, "father")
    assert str(result.verdict) == "redact"
    assert {f.kind for f in result.plan.to_remove} >= {"ADDRESS", "PHONE"}


@pytest.mark.parametrize(
    "task, error, message",
    [
        (refuse, BadInput, "report.pdf: encrypted PDF: remove the password first"),
        (fail_quoting, InternalError, "internal error (ValueError)"),
        (unpicklable, InternalError, "internal error (result not picklable: TypeError)"),
        (crash, InternalError, "the worker process died (signal"),
        (leave_quietly, InternalError, "the worker process died (exit status 3)"),
        (fail_to_map, LimitExceeded, "fail_to_map: needed more than 1400 MB of memory; refused"),
        (damaged_by_malloc, LimitExceeded, "needed more than 1400 MB of memory; refused"),
    ],
)
def test_oneshot_failures_come_back_as_our_errors(task: object, error: type, message: str) -> None:
    with pytest.raises(error) as caught:
        OneShot(Limits()).run(task)  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert hostile.ADDRESS not in str(caught.value)  # foreign messages may quote the document


def test_oneshot_kills_a_child_past_the_time_limit(tmp_path: Path) -> None:
    note = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"^pid: took longer than 1 s; refused$"):
        OneShot(Limits(seconds=1)).run(sleep_noting_pid, str(note), 30)
    assert time.monotonic() - started < 5
    assert gone(int(note.read_text()))


@pytest.mark.parametrize("task", [write_slowly, write_stubbornly])
def test_oneshot_past_the_time_limit_leaves_no_temporary_file(tmp_path: Path, task: object) -> None:
    """Told to stop, the child unwinds (its `finally` removes the file); killed, its pid finds it."""
    with pytest.raises(LimitExceeded):
        OneShot(Limits(seconds=1)).run(task, tmp_path / "out.pdf")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_oneshot_refuses_what_needs_more_memory_than_the_cap() -> None:
    with pytest.raises(LimitExceeded, match=r"needed more than 1400 MB of memory; refused"):
        OneShot(Limits()).run(allocate, 3000)
    assert OneShot(Limits()).run(allocate, 100) == 100 * 1024 * 1024


def test_oneshot_a_death_at_the_cap_is_a_memory_refusal_and_far_from_it_is_internal() -> None:
    cap = vm_mb() + 300
    with pytest.raises(LimitExceeded, match=f"needed more than {cap} MB"):
        OneShot(Limits(memory_mb=cap)).run(hold_then_abort, 290)
    with pytest.raises(InternalError, match="died"):
        OneShot(Limits(memory_mb=cap + 4000)).run(hold_then_abort, 10)


@pytest.mark.parametrize(
    "args, name",
    [
        ((Path("/x/report.pdf"), Path("case.yaml"), "father"), "report.pdf"),
        (("/x/notes.txt",), "notes.txt"),
        ((b"%PDF-", "Claire Mottram 41 Wharf Street.PDF", b"case", "father"), "document.pdf"),
        ((), "echo"),
    ],
)
def test_messages_name_the_file_but_never_an_uploads_name(args: tuple[object, ...], name: str) -> None:
    assert subject(echo, args) == name


# ---------------------------------------------------------------- Pool


@pytest.fixture(scope="module")
def pool() -> object:
    with Pool(2, Limits(seconds=3), warm=api.warm) as shared:
        yield shared


def test_pool_workers_are_warm_and_answer(pool: Pool, tmp_path: Path) -> None:
    assert pool.run(spacy_loaded) is True  # loaded at start, before any document
    doc, case = tmp_path / "note.txt", tmp_path / "case.yaml"
    doc.write_bytes(hostile.txt())
    case.write_text(hostile.CASE_YAML)
    pool.run(api.check_file, doc, case, "father")
    started = time.monotonic()
    result = pool.run(api.check_file, doc, case, "father")
    assert time.monotonic() - started < 2.5  # no model load on the way
    assert str(result.verdict) == "redact"


def test_pool_refusals_pass_through_and_keep_the_worker(pool: Pool) -> None:
    before = sorted(pool.pids())
    with pytest.raises(BadInput, match="encrypted PDF"):
        pool.run(refuse)
    with pytest.raises(InternalError, match=r"internal error \(ValueError\)"):
        pool.run(fail_quoting)
    time.sleep(0.3)
    assert sorted(pool.pids()) == before
    assert not any(gone(pid) for pid in before)


@pytest.mark.parametrize(
    "task, args, error, message",
    [
        (pid_after, (30,), LimitExceeded, "pid_after: took longer than 3 s; refused"),
        (allocate, (3000,), LimitExceeded, "needed more than 1400 MB of memory; refused"),
        (crash, (), InternalError, "the worker process died"),
    ],
)
def test_pool_replaces_a_worker_that_times_out_runs_out_or_dies(
    pool: Pool, task: object, args: tuple[object, ...], error: type, message: str
) -> None:
    before = set(pool.pids())
    with pytest.raises(error, match=message):
        pool.run(task, *args)  # type: ignore[arg-type]
    after = set(pool.pids())
    assert len(after) == 2 and len(before - after) == 1  # one worker replaced, the other kept
    assert all(not gone(pid) for pid in after)
    assert all(gone(pid) for pid in before - after)
    assert pool.run(echo, "still serving") == "still serving"


@pytest.mark.parametrize("task", [write_slowly, write_stubbornly])
def test_pool_past_the_time_limit_leaves_no_temporary_file(pool: Pool, tmp_path: Path, task: object) -> None:
    with pytest.raises(LimitExceeded):
        pool.run(task, tmp_path / "out.pdf")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_pool_serves_callers_from_many_threads_in_parallel(pool: Pool) -> None:
    pool.run(echo, 1)
    pool.run(echo, 2)  # both workers warm
    answers: list[int] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            answers.append(pool.run(pid_after, 0.5))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(6)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(answers) == 6 and set(answers) <= set(pool.pids())
    assert time.monotonic() - started < 2.9  # two at a time: 1.5 s, not 3 s


def test_pool_close_ends_every_worker_and_refuses_more_work() -> None:
    running = Pool(1, Limits(seconds=30), warm=api.warm)
    pids = running.pids()
    outcome: list[BaseException] = []

    def long_call() -> None:
        try:
            running.run(pid_after, 20)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            outcome.append(exc)

    caller = threading.Thread(target=long_call)
    caller.start()
    time.sleep(4)  # the worker warms, then takes the task
    running.close()
    caller.join(10)
    assert not caller.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], InternalError)
    assert all(gone(pid) for pid in pids)
    with pytest.raises(InternalError, match="closed"):
        running.run(echo, 1)


# ---------------------------------------------------------------- through the CLI


def _config(tmp_path: Path, limits: str) -> Path:
    path = tmp_path / "settings.yaml"
    path.write_text(f"limits: {{{limits}}}\n")
    return path


def _last_audit(home: Path) -> tuple[str, str, str]:
    with sqlite3.connect(home / "audit.sqlite") as db:
        row = db.execute("SELECT action, decision, reason FROM entries ORDER BY id DESC LIMIT 1").fetchone()
    return row[0], row[1], row[2]


@pytest.fixture
def long_docx(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("long")
    doc, case = folder / "report.docx", folder / "case.yaml"
    doc.write_bytes(hostile.long_docx(pages=50))
    case.write_text(hostile.CASE_YAML)
    return doc, case


@pytest.mark.parametrize(
    "limits, message",
    [
        ("seconds: 0.5", "redactor: error: report.docx: took longer than 0.5 s; refused"),
        ("memory_mb: 150", "redactor: error: report.docx: needed more than 150 MB of memory; refused"),
    ],
)
def test_the_cli_refuses_past_its_limits(tmp_path: Path, limits: str, message: str) -> None:
    doc, case = tmp_path / "report.docx", tmp_path / "case.yaml"
    doc.write_bytes(hostile.docx_bytes())
    case.write_text(hostile.CASE_YAML)
    home, out = tmp_path / "home", tmp_path / "out.docx"
    config = _config(tmp_path, limits)
    for args in (("check", doc), ("redact", doc, "--out", out)):
        done = hostile.run_cli(*args, "--case", case, "--to", "father", home=home, config=config)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == message
        assert _last_audit(home)[0] == "limit-exceeded"
    assert not out.exists() and not list(tmp_path.glob(".redactor-*"))


def test_the_cli_checks_a_50_page_document_within_the_default_limits(tmp_path: Path,
                                                                     long_docx: tuple[Path, Path]) -> None:  # fmt: skip
    doc, case = long_docx
    done = hostile.run_cli("check", doc, "--case", case, "--to", "father", "--format", "json",
                           home=tmp_path / "home")  # fmt: skip
    assert done.returncode == 1, done.stderr  # the protected address is in it: found, not refused
    assert '"decision": "redact"' in done.stdout


def test_the_cli_process_itself_never_loads_spacy(tmp_path: Path) -> None:
    """The forked child starts small only if the parent stayed small."""
    doc, case = tmp_path / "note.txt", tmp_path / "case.yaml"
    doc.write_bytes(hostile.txt())
    case.write_text(hostile.CASE_YAML)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from redactor.cli.main import _register\n"
        "from redactor import api\n"
        "from redactor.settings import Limits\n"
        "from redactor.workers import OneShot\n"
        "_register()\n"
        f"result = OneShot(Limits()).run(api.check_file, Path({str(doc)!r}), Path({str(case)!r}), 'father')\n"
        "print(result.verdict, 'spacy' in sys.modules, 'pymupdf' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "REDACTOR_HOME": str(tmp_path / "home")})  # fmt: skip
    assert done.stdout.split() == ["redact", "False", "False"], done.stderr


def test_the_cli_stops_a_content_stream_bomb(tmp_path: Path) -> None:
    """Under 300 KB on disk, 140 MB of drawing once inflated: stopped by a limit, not the machine."""
    doc, case = tmp_path / "letter.pdf", tmp_path / "case.yaml"
    doc.write_bytes(hostile.content_bomb_pdf())
    case.write_text(hostile.CASE_YAML)
    config = _config(tmp_path, "seconds: 8")
    started = time.monotonic()
    done = hostile.run_cli("check", doc, "--case", case, "--to", "father", home=tmp_path / "home", config=config)
    assert done.returncode == 2, done.stderr
    assert re.fullmatch(r"redactor: error: letter\.pdf: (took longer than 8 s|needed more than \d+ MB of memory); "
                        r"refused", done.stderr.strip())  # fmt: skip
    assert time.monotonic() - started < 20
