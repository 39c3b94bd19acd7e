"""Load and validate dictionaries: entry files for the lexicon, word lists for the rules.

Entry files are YAML (schema in ``dictionaries/README.md``) or plain jieba user
dictionaries. Every problem is reported as a :class:`DictionaryError` naming the
file and line, because a silently mis-read dictionary shows up only much later as
a wrong tag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from zhtag.cache import cached

#: Labels an entry may carry; TERM marks a domain keyword rather than a named thing.
ENTRY_LABELS = ("ORG", "LOC", "PER", "TERM")
ENTRY_KEYS = frozenset({"text", "label", "canonical", "aliases", "freq", "pos"})
FILE_KEYS = frozenset({"description", "label", "pos", "entries"})
#: jieba glues anything that is not a-z onto the word, so we refuse it up front.
POS_PATTERN = re.compile(r"[a-z]+")
#: jieba POS tags that name a label in plain user-dictionary files.
POS_LABELS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}


class DictionaryError(ValueError):
    """A dictionary file is malformed; the message names the file and line."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Entry:
    """One surface form of a dictionary entry."""

    text: str
    label: str
    canonical: str
    pos: str | None = None
    freq: int | None = None
    origin: str = field(default="", compare=False)


def bundled_dir() -> Path:
    """The folder of dictionaries that ships inside the package."""
    return Path(str(resources.files("zhtag.dictionary_data")))


def bundled_entry_files() -> list[Path]:
    """The bundled entry dictionaries, in a stable order."""
    return sorted(bundled_dir().glob("*.yaml"))


@lru_cache(maxsize=None)
def load_rules(name: str) -> Any:
    """The parsed rule word list ``dictionaries/rules/<name>.yaml`` (cached: it never changes)."""
    path = bundled_dir() / "rules" / f"{name}.yaml"
    try:
        return cached(f"rules-{name}", [path, Path(__file__)], lambda: _read_rules(path))
    except FileNotFoundError:
        raise DictionaryError(path, None, "rule list not found") from None
    except yaml.YAMLError as error:
        raise DictionaryError(path, _yaml_line(error), f"YAML error: {_yaml_problem(error)}") from None


def _read_rules(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_entries(path: str | Path) -> list[Entry]:
    """Every surface form in one dictionary file (YAML or jieba user-dictionary text).

    A bundled file is parsed once per version and then read from zhtag's cache.
    """
    path = Path(path)
    if not path.is_file():
        raise DictionaryError(path, None, "no such dictionary file")
    if path.suffix.lower() in (".yaml", ".yml"):
        if path.parent == bundled_dir():
            return cached(f"entries-{path.stem}", [path, Path(__file__)], lambda: _load_yaml_entries(path))
        return _load_yaml_entries(path)
    return _load_jieba_entries(path)


def load_all(paths: Iterable[str | Path]) -> list[Entry]:
    """Entries of several files; later files override earlier ones for the same surface."""
    by_text: dict[str, Entry] = {}
    for path in paths:
        for entry in load_entries(path):
            by_text.pop(entry.text, None)
            by_text[entry.text] = entry
    return list(by_text.values())


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that remembers the line of every mapping, for error messages."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _yaml_line(error: yaml.YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def _yaml_problem(error: yaml.YAMLError) -> str:
    return str(getattr(error, "problem", None) or error).strip()


def _load_yaml_entries(path: Path) -> list[Entry]:
    try:
        with path.open(encoding="utf-8") as handle:
            document = yaml.load(handle, Loader=_LineLoader)
    except UnicodeDecodeError:
        raise DictionaryError(path, None, "not UTF-8 text") from None
    except yaml.YAMLError as error:
        raise DictionaryError(path, _yaml_line(error), f"YAML error: {_yaml_problem(error)}") from None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise DictionaryError(path, 1, "expected a mapping with an 'entries' list")
    unknown = set(document) - FILE_KEYS - {"__line__"}
    if unknown:
        raise DictionaryError(path, 1, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(FILE_KEYS)}")
    default_label = document.get("label")
    default_pos = document.get("pos")
    file_line = document["__line__"]
    if default_label is not None:
        _check_label(path, file_line, default_label)
    if default_pos is not None:
        _check_pos(path, file_line, default_pos)
    entries: list[Entry] = []
    for item in document["entries"]:
        if isinstance(item, str):
            item = {"text": item, "__line__": None}
        if not isinstance(item, dict):
            raise DictionaryError(path, None, f"entry {item!r} is neither a string nor a mapping")
        entries.extend(_yaml_entry(path, item, default_label, default_pos))
    return entries


def _yaml_entry(path: Path, item: dict, default_label: str | None, default_pos: str | None) -> list[Entry]:
    line = item.get("__line__")
    unknown = set(item) - ENTRY_KEYS - {"__line__"}
    if unknown:
        raise DictionaryError(path, line, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(ENTRY_KEYS)}")
    text = str(item.get("text") or "").strip()
    if not text:
        raise DictionaryError(path, line, "entry without text")
    label = item.get("label", default_label)
    if label is None:
        raise DictionaryError(path, line, f"entry {text!r} has no label and the file sets none")
    _check_label(path, line, label)
    pos = item.get("pos", default_pos)
    if pos is not None:
        _check_pos(path, line, pos)
    freq = item.get("freq")
    if freq is not None and (not isinstance(freq, int) or freq <= 0):
        raise DictionaryError(path, line, f"freq of {text!r} must be a positive whole number, got {freq!r}")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list):
        raise DictionaryError(path, line, f"aliases of {text!r} must be a list")
    canonical = str(item.get("canonical") or text)
    surfaces = [text] + [str(alias).strip() for alias in aliases if str(alias).strip()]
    return [Entry(surface, label, canonical, pos, freq, origin=str(path)) for surface in surfaces]


def _load_jieba_entries(path: Path) -> list[Entry]:
    """A jieba user dictionary: ``word [freq] [tag]`` per line, as jieba reads it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise DictionaryError(path, None, "not UTF-8 text") from None
    entries: list[Entry] = []
    for number, line in enumerate(lines, start=1):
        parts = line.strip().split()
        if not parts:
            continue
        if len(parts) > 3:
            raise DictionaryError(path, number, f"expected 'word [freq] [tag]', got {line.strip()!r}")
        word, freq, pos = parts[0], None, None
        for part in parts[1:]:
            if part.isdigit() and freq is None and pos is None:
                freq = int(part)
            else:
                pos = part
        if pos is not None and not POS_PATTERN.fullmatch(pos):
            raise DictionaryError(
                path, number, f"tag {pos!r} of {word!r} is not lower-case a-z (jieba would glue it onto the word)"
            )
        entries.append(Entry(word, POS_LABELS.get(pos or "", "TERM"), word, pos, freq, origin=str(path)))
    return entries


def _check_label(path: Path, line: int | None, label: Any) -> None:
    if label not in ENTRY_LABELS:
        raise DictionaryError(path, line, f"unknown label {label!r}; expected one of {', '.join(ENTRY_LABELS)}")


def _check_pos(path: Path, line: int | None, pos: Any) -> None:
    if not isinstance(pos, str) or not POS_PATTERN.fullmatch(pos):
        raise DictionaryError(path, line, f"POS {pos!r} is not lower-case a-z")
