"""The collector pause around tagging leaves the process's garbage collector as it found it."""
import gc

import pytest

from zhtag.collector import collector_paused


@pytest.fixture()
def collector_state():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_paused_inside_and_enabled_again_after(collector_state):
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner pause does not end the outer one
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled(collector_state):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_enabled_again_after_an_error(collector_state):
    gc.enable()
    with pytest.raises(ValueError):
        with collector_paused():
            raise ValueError("broken article")
    assert gc.isenabled()


def test_tagging_leaves_the_collector_enabled(tagger, collector_state):
    gc.enable()
    doc = tagger.tag("2025年8月19日，贵州省发布数据。")
    assert doc.mentions
    assert gc.isenabled()
    tagger.tag_articles([])
    tagger.segmenter.segment("贵安超算中心")
    assert gc.isenabled()
