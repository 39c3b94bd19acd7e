"""Dictionary files: the schema is enforced with file and line, and jieba user dictionaries load."""
from __future__ import annotations

from pathlib import Path

import pytest

from zhtag.dictionaries import DictionaryError, bundled_entry_files, load_all, load_entries


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_yaml_entries_carry_label_canonical_and_aliases(tmp_path):
    path = write(
        tmp_path,
        "mine.yaml",
        "label: ORG\npos: nt\nentries:\n  - 黔云科技\n  - text: 贵州云上数据公司\n    aliases: [云上数据]\n",
    )
    entries = {e.text: e for e in load_entries(path)}
    assert entries["黔云科技"].label == "ORG"
    assert entries["云上数据"].canonical == "贵州云上数据公司"
    assert entries["云上数据"].pos == "nt"


def test_unknown_label_names_file_and_line(tmp_path):
    path = write(tmp_path, "bad.yaml", "label: ORG\nentries:\n  - 甲\n  - text: 乙公司\n    label: COMPANY\n")
    with pytest.raises(DictionaryError, match=r"bad\.yaml:4: unknown label 'COMPANY'"):
        load_entries(path)


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "broken.yaml", "label: ORG\nentries:\n  - text: [unclosed\n  - 乙\n")
    with pytest.raises(DictionaryError, match=r"broken\.yaml:\d+: YAML error"):
        load_entries(path)


def test_unknown_entry_key_is_refused(tmp_path):
    path = write(tmp_path, "typo.yaml", "label: LOC\nentries:\n  - text: 惠水县\n    alias: [惠水]\n")
    with pytest.raises(DictionaryError, match=r"typo\.yaml:3: unknown key\(s\) \['alias'\]"):
        load_entries(path)


def test_jieba_user_dictionary_maps_name_tags_to_labels(tmp_path):
    path = write(tmp_path, "user.txt", "贵安超算中心 100 nt\n数据标注 50\n黔东南 ns\n")
    entries = {e.text: e for e in load_entries(path)}
    assert (entries["贵安超算中心"].label, entries["贵安超算中心"].freq) == ("ORG", 100)
    assert entries["数据标注"].label == "TERM"
    assert entries["黔东南"].label == "LOC"


def test_jieba_tag_that_is_not_lowercase_is_refused_with_line(tmp_path):
    path = write(tmp_path, "user.txt", "算力 10 n\n灯塔工厂 5 N\n")
    with pytest.raises(DictionaryError, match=r"user\.txt:2: tag 'N' of '灯塔工厂' is not lower-case a-z"):
        load_entries(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DictionaryError, match="nothing.yaml: no such dictionary file"):
        load_entries(tmp_path / "nothing.yaml")


def test_later_files_override_earlier_ones(tmp_path):
    first = write(tmp_path, "a.yaml", "label: LOC\nentries:\n  - 小米\n")
    second = write(tmp_path, "b.yaml", "label: ORG\nentries:\n  - 小米\n")
    assert [e.label for e in load_all([first, second])] == ["ORG"]


def test_every_bundled_dictionary_loads():
    files = bundled_entry_files()
    assert {f.name for f in files} >= {"places.yaml", "organizations.yaml", "guizhou_digital.yaml", "terms.yaml"}
    entries = {e.text: e for e in load_all(files)}
    assert entries["贵州省"].label == "LOC"
    assert entries["贵州"].canonical == "贵州省"
    assert entries["惠水县"].label == "LOC"
    assert entries["贵安新区"].label == "LOC"
    assert entries["灯塔工厂"].label == "TERM"
    assert entries["瓴泓智能科技(贵州)有限公司"].label == "ORG"
