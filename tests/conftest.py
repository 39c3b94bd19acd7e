"""Shared fixtures: one bundled Tagger for the whole session (building one loads every dictionary)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The tests' own cache folder (zhtag.cache), so that test models and dictionaries stay out of the user's.
os.environ.setdefault("ZHTAG_CACHE_DIR", tempfile.mkdtemp(prefix="zhtag-test-cache-"))

from zhtag import Tagger

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    return Tagger()


@pytest.fixture(scope="session")
def rule_tagger() -> Tagger:
    """Dictionaries and rules only, for tests of what the rules find without the name model."""
    return Tagger(model=False)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
