"""A test-only Tagger that stalls on one marked text, shared by the batch and dask time-limit tests.

A module of its own (not a test file) so that worker processes, forked, spawned or started by
dask, can import the class by name.
"""
from __future__ import annotations

import time

from zhtag import Tagger

#: Put this in a text to make StallingTagger stall on it.
STALL = "触发超时"


class Stall:
    """A pipeline component that takes half a minute on a marked text (in Python, so a time limit can stop it)."""

    source = "test"

    def find(self, doc):
        if STALL in doc.text:
            started = time.perf_counter()
            while time.perf_counter() - started < 30:
                time.sleep(0.01)
        return []


class StallingTagger(Tagger):
    """A Tagger whose pipeline stalls on one marked text: a text that stalls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recognizers.append(Stall())
