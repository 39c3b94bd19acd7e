"""Shared fixtures: one bundled Tagger for the whole session (building one loads every dictionary)."""
from __future__ import annotations

from pathlib import Path

import pytest

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
