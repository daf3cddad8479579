"""Half a batch in a forked child: same answer as one process, and a failed child fails the run."""

from __future__ import annotations

import os

import pytest

from redactor import parallel
from redactor.errors import InternalError


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
