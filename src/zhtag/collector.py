"""Python's cyclic garbage collector paused while zhtag tags: its passes find nothing to free.

Tagging an article allocates thousands of small container objects (tokens, mentions,
tuples, feature rows), and each 700 of them start a pass of the collector; every few
passes it walks every object of the process, the tagger's tables and caches included.
Tagging makes no reference cycles (reference counting frees all of it), so those passes
only cost time: 3-4% of the whole tagger's and a fifth of the segmenter's
(benchmarks/bench_throughput.py). The collector runs again as soon as the call returns,
so a cycle that other code makes meanwhile is collected late, never lost.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block (or the decorated function) the cyclic collector does not run; it is
    enabled again after it only if it was enabled before, so pauses nest."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
