"""The collector pause around tagging leaves the process's garbage collector as it found it."""
import gc

import pandas as pd
import pytest

from zhtag import worker
from zhtag.collector import collector_paused
from zhtag.io.readers import Record


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


def test_a_dataframe_tagged_leaves_the_collector_enabled(tagger, collector_state):
    gc.enable()
    tables = tagger.tag_frame(pd.DataFrame({"text": ["8月19日，贵阳召开数字经济大会。"], "id": ["a"]}))
    assert list(tables.mentions["text"]) == ["8月19日", "贵阳"]
    assert gc.isenabled()


def test_a_batch_task_runs_with_the_collector_paused_and_leaves_it_enabled(monkeypatch, collector_state):
    enabled_inside = []
    run_docs = worker._run_docs

    def spy(*args):
        enabled_inside.append(gc.isenabled())
        return run_docs(*args)

    monkeypatch.setattr(worker, "_run_docs", spy)
    gc.enable()
    task = worker.Task("tag", 0, 1, (0,), [Record(text="贵安超算中心今年上半年新增算力超40%。", id="a")])
    result = worker.run_task(worker.WorkerSpec(), task)
    assert result.tables["mentions"]["text"].to_pylist() == ["贵安超算中心", "今年上半年", "超40%"]
    assert enabled_inside == [False]
    assert gc.isenabled()
