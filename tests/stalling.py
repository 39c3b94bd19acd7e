"""A test-only Tagger that stalls on one marked text, shared by the batch and dask time-limit tests.

A module of its own (not a test file) so that worker processes, forked, spawned or started by
dask, can import the class by name.
"""
from __future__ import annotations

import time

from zhtag import Tagger

#: Put this in a text to make StallingTagger stall on it.
STALL = "触发超时"


class StallingTagger(Tagger):
    """Takes half a minute on one marked text (in Python, so a time limit can stop it): a text that stalls."""

    def tag(self, text, *args, **kwargs):
        if STALL in text:
            started = time.perf_counter()
            while time.perf_counter() - started < 30:
                time.sleep(0.01)
        return super().tag(text, *args, **kwargs)
