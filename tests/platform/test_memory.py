"""The collector is paused for a document's build and always comes back on: a build that left it
off would let every later cycle in the process pile up."""

from __future__ import annotations

import gc

import pytest

from barriers.platform.memory import collector_paused


def test_the_collector_is_off_in_the_block_and_on_after_it_even_when_the_block_fails() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("the build failed")
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_cycle_made_while_paused_is_collected_afterwards() -> None:
    class Node:
        pass

    gc.collect()
    with collector_paused():
        first, second = Node(), Node()
        first.other, second.other = second, first  # type: ignore[attr-defined]
        del first, second
    assert gc.collect() >= 2
