"""zhtag's cache: a second process starts from what the first one built, never from stale files."""
from __future__ import annotations

import os

import pytest

from zhtag.cache import KEEP_VERSIONS, cached
from zhtag.dictionaries import load_entries
from zhtag.recognizers.model import ModelRecognizer


@pytest.fixture
def cache_dir(monkeypatch, tmp_path):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ZHTAG_CACHE_DIR", str(folder))
    return folder


def test_a_result_is_built_once_and_read_back_while_its_sources_stay_the_same(cache_dir, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("一", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return {"text": source.read_text(encoding="utf-8")}

    assert cached("demo", [source], build) == {"text": "一"}
    assert cached("demo", [source], build) == {"text": "一"}
    assert len(calls) == 1
    source.write_text("二二", encoding="utf-8")
    assert cached("demo", [source], build) == {"text": "二二"}
    assert len(calls) == 2


def test_only_the_newest_versions_of_a_result_are_kept(cache_dir, tmp_path):
    source = tmp_path / "source.txt"
    for version in range(KEEP_VERSIONS + 2):
        source.write_text("字" * (version + 1), encoding="utf-8")  # a new size: a new version
        assert cached("demo", [source], lambda: version) == version
    assert len(list(cache_dir.glob("demo-*.pickle"))) == KEEP_VERSIONS
    assert cached("demo", [source], lambda: "rebuilt") == KEEP_VERSIONS + 1  # the newest is still read


def test_an_unreadable_cache_file_is_rebuilt(cache_dir, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("一", encoding="utf-8")
    cached("demo", [source], lambda: [1, 2, 3])
    (written,) = cache_dir.glob("demo-*.pickle")
    written.write_bytes(b"\x80\x05 truncated")
    assert cached("demo", [source], lambda: [4, 5]) == [4, 5]


def test_without_a_writable_cache_directory_results_are_built_in_memory(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ZHTAG_CACHE_DIR", str(blocker / "cache"))
    source = tmp_path / "source.txt"
    source.write_text("一", encoding="utf-8")
    assert cached("demo", [source], lambda: "built") == "built"


def test_an_edited_bundled_dictionary_is_read_anew(cache_dir, tmp_path, monkeypatch):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    monkeypatch.setattr("zhtag.dictionaries.bundled_dir", lambda: bundled)
    path = bundled / "demo.yaml"
    path.write_text("label: ORG\nentries:\n  - 黔灵数智科技\n", encoding="utf-8")
    assert [entry.text for entry in load_entries(path)] == ["黔灵数智科技"]
    assert list(cache_dir.glob("entries-demo-*.pickle"))
    path.write_text("label: ORG\nentries:\n  - 黔灵数智科技\n  - 筑城云算\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [entry.text for entry in load_entries(path)] == ["黔灵数智科技", "筑城云算"]


def test_the_name_model_tables_come_back_from_the_cache_equal(cache_dir):
    from zhtag.recognizers import model as model_module

    model_module._load_model.cache_clear()
    try:
        built = ModelRecognizer()._decoder
        assert list(cache_dir.glob("name-model-*.pickle"))
        model_module._load_model.cache_clear()
        loaded = ModelRecognizer()._decoder
        assert loaded._state is not built._state
        assert (loaded._state == built._state).all() and loaded.labels == built.labels
        assert loaded._ids == built._ids and loaded._ids["no-such-attribute"] == built._unknown
    finally:
        model_module._load_model.cache_clear()
