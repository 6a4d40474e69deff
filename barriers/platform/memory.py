"""Memory habits of long jobs in a long-lived process."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, on again after it (if it was on).

    For a job that builds many objects it keeps until the end (a meeting document's data and
    layout): the collector otherwise runs again and again as they accumulate, each time over
    everything built so far, so the job's time grows faster than its size (an 800-item agenda's
    print data: 242 ms with it, 162 ms without; 41 ms at 200 items either way). Reference
    counting frees everything that is not a cycle as usual; a cycle made in the block is
    collected after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
