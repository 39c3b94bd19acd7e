"""Generate dictionaries/places.yaml from the tables of China's administrative divisions.

The tables (province -> prefecture -> county, and Hong Kong / Macao / Taiwan) are public facts
kept outside the repository; the YAML generated from them is committed. Every division becomes an
entry under its full name (the canonical form); a short form (贵州 for 贵州省, 黔南 and 黔南州 for
黔南布依族苗族自治州) is added as an alias only where it is safe to match in running text:

* a bare short form (the name without 省/市/县/区/自治州 …) needs two characters or more and must not
  be the full name of another division; the hand-checked blocklist and allowlist of
  rules/places.yaml decide first, the rules below only for the forms on neither list;
* it must not be a poor match in annotated text: the lexicon matches characters, not words, so
  in the NER training corpora (MSRA, People's Daily) a bare short form that is found with the
  leftmost-longest rule must mostly be a gold place or the start of a gold place/organisation
  (和政 in 经济和政治, 高要 in 提高要求, 荣昌 in 繁荣昌盛 are dropped this way);
* otherwise a county-level bare short form must pass jieba's dictionary, unless the corpora show it
  to be reliable: unknown to jieba, or tagged ns and not very frequent,
  or tagged otherwise but so rare that the tag is jieba's guess (和平, 通道, 大方 are dropped;
  惠水, 都匀, 花溪 are kept);
* a short form claimed by several divisions goes to the province or prefecture that is the only
  claimant at the highest level (吉林 -> 吉林省, 恩施 -> 恩施土家族苗族自治州, 西安 -> 西安市), and to
  nobody when two divisions of the same level share it (鼓楼, 长安), unless rules/places.yaml names
  the one news means (新竹 -> 新竹市).

Usage:
    python scripts/build_place_dictionary.py [--pca PATH] [--hk-mo-tw PATH] [--evidence PATH ...] [--output PATH]

Without the evidence corpora the corpus rule is skipped (with a warning) and the output differs.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import ahocorasick
import yaml
from yaml_scalars import scalar

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
DEFAULT_PCA = SHARED_DATA / "admin_divisions_pca.json"
DEFAULT_HK_MO_TW = SHARED_DATA / "admin_divisions_hk_mo_tw.json"
DEFAULT_EVIDENCE = [SHARED_DATA / "msra_train.jsonl", SHARED_DATA / "pku_peoples_daily_199801_train.jsonl"]
DEFAULT_OUTPUT = REPO / "dictionaries" / "places.yaml"
RULES = REPO / "dictionaries" / "rules" / "places.yaml"

PROVINCE, PREFECTURE, COUNTY = 1, 2, 3
#: A jieba ns word at least this frequent is a region in its own right (江南, 长安), not one county.
FREQUENT_PLACE = 1000
#: Below this frequency a non-place jieba tag is a guess on a rare name (惠水/nr 6), not a common word.
RARE_WORD = 30
#: A short form seen at least this often in the evidence corpora is judged by them.
MIN_EVIDENCE = 4
#: Below this share of good matches a short form is dropped; at or above RELIABLE it is kept.
POOR_MATCH = 0.6
RELIABLE = 0.9
#: Gold labels under which a short-form match counts as right (the start of 贵州大学 is fine too).
GOOD_LABELS = ("LOC", "ORG")
#: Suffixes stripped to get a bare short form, longest first; autonomous units are handled apart.
SUFFIXES = {
    PROVINCE: ("特别行政区", "省", "市"),
    PREFECTURE: ("地区", "市", "盟", "县"),
    COUNTY: ("新区", "林区", "特区", "矿区", "区", "县", "市", "旗", "镇", "乡"),
}
AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
#: The short type word kept in the typed alias of an autonomous unit: 黔南州, 三都县, 鄂温克旗.
TYPE_WORD = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
#: Parenthesised second names in the tables: 嘉模堂区（氹仔）.
PARENTHESIS = re.compile(r"^(?P<name>[^（(]+)[（(](?P<other>[^）)]+)[）)]$")


@dataclass(eq=False)
class Division:
    """One administrative division and where it sits in the tree."""

    name: str
    level: int
    parent: Division | None
    code: str = ""
    #: Second names the tables give in brackets (氹仔 of 嘉模堂区).
    other_names: list[str] = field(default_factory=list)
    #: The short forms chosen for the entry.
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Claim:
    """A division's claim to a short form; bare forms (no type word) are the risky ones."""

    division: Division
    bare: bool


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pca", type=Path, default=DEFAULT_PCA, help="province/prefecture/county JSON tree")
    parser.add_argument("--hk-mo-tw", type=Path, default=DEFAULT_HK_MO_TW, help="Hong Kong, Macao, Taiwan JSON")
    parser.add_argument(
        "--evidence", type=Path, nargs="*", default=DEFAULT_EVIDENCE, help="NER-annotated JSONL corpora"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="YAML file to write")
    parser.add_argument("--jieba-dict", type=Path, default=None, help="jieba dict.txt (default: jieba's own)")
    args = parser.parse_args(argv)
    missing = [str(path) for path in (args.pca, args.hk_mo_tw) if not path.is_file()]
    if missing:
        print(f"build_place_dictionary: skipped, division table(s) not found: {', '.join(missing)}", file=sys.stderr)
        return 0
    evidence_paths = [path for path in args.evidence if path.is_file()]
    for path in sorted(set(args.evidence) - set(evidence_paths)):
        print(f"build_place_dictionary: warning: evidence corpus not found, rule skipped for it: {path}", file=sys.stderr)
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    jieba_words = read_jieba_dictionary(args.jieba_dict or default_jieba_dictionary())
    divisions = read_divisions(args.pca, rules) + read_divisions(args.hk_mo_tw, rules)
    claims = collect_claims(divisions, rules)
    surfaces = {d.name for d in divisions} | set(claims)
    evidence = corpus_evidence(evidence_paths, surfaces, set(claims))
    assign_aliases(claims, {d.name for d in divisions}, rules, jieba_words, evidence)
    entries = unique_by_name(divisions)
    args.output.write_text(render(entries, [args.pca.name, args.hk_mo_tw.name]), encoding="utf-8")
    aliases = sum(len(d.aliases) for d in entries)
    print(f"wrote {args.output}: {len(entries)} divisions, {aliases} aliases")
    return 0


def default_jieba_dictionary() -> Path:
    import jieba

    return Path(os.path.dirname(jieba.__file__)) / "dict.txt"


def read_jieba_dictionary(path: Path) -> dict[str, tuple[int, str]]:
    """``word -> (frequency, tag)`` from a jieba dictionary (``word freq tag`` per line)."""
    words: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def read_divisions(path: Path, rules: dict[str, Any]) -> list[Division]:
    """All real divisions of one table, parents before children, placeholders skipped."""
    tree = json.loads(path.read_text(encoding="utf-8"))
    placeholders = set(rules["admin_placeholders"])
    dropped = set(rules["generic_division_names"]) | set(rules["non_place_divisions"])
    divisions: list[Division] = []

    def visit(nodes: list[dict[str, Any]], level: int, parent: Division | None) -> None:
        for node in nodes:
            children = node.get("children") or []
            if node["name"] in placeholders or node["name"] in dropped:
                # 市辖区 stands for its parent, and a dropped 新界 keeps its districts: the children
                # are one level below it.
                visit(children, level + 1, parent)
                continue
            name, other_names = split_parenthesis(node["name"])
            division = Division(name, level, parent, node.get("code", ""), other_names)
            divisions.append(division)
            visit(children, level + 1, division)

    visit(as_tree(tree), PROVINCE, None)
    return divisions


def as_tree(data: Any) -> list[dict[str, Any]]:
    """The ``[{code, name, children}]`` form, also from a nested ``{name: {name: [names]}}`` mapping."""
    if isinstance(data, list):
        return [item if isinstance(item, dict) else {"name": item} for item in data]
    return [{"name": name, "children": as_tree(children)} for name, children in data.items()]


def split_parenthesis(name: str) -> tuple[str, list[str]]:
    match = PARENTHESIS.match(name)
    if match is None:
        return name, []
    return match["name"], [match["other"]]


def collect_claims(divisions: list[Division], rules: dict[str, Any]) -> dict[str, list[Claim]]:
    """Every short form any division could go by, with the divisions that claim it."""
    ethnic = ethnic_pattern(rules["ethnic_groups"])
    no_short_form = tuple(rules["no_short_form_endings"])
    claims: dict[str, list[Claim]] = defaultdict(list)
    for division in divisions:
        forms = [] if division.name.endswith(no_short_form) else short_forms(division, ethnic)
        forms += [(alias, False) for alias in rules["conventional_aliases"].get(division.name, [])]
        forms += [(other, False) for other in division.other_names]
        for form, bare in forms:
            if len(form) >= 2 and form != division.name:
                claims[form].append(Claim(division, bare))
    return claims


def short_forms(division: Division, ethnic: re.Pattern[str]) -> list[tuple[str, bool]]:
    """``(short form, bare)`` pairs derived from the name alone, before any safety check."""
    name = division.name
    for ending in AUTONOMOUS:
        if name.endswith(ending):
            base, groups = split_ethnic(name[: -len(ending)], ethnic)
            if ending == "自治区":
                return [(base, True)] if base else []
            type_word = TYPE_WORD[ending]
            if not base:
                return [(strip_zu(groups[0]) + type_word, False)] if groups else []
            return [(base, True), (base + type_word, False)]
    for suffix in SUFFIXES[division.level]:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if stem.endswith("族"):  # 管城回族区 -> 管城
                stem = split_ethnic(stem, ethnic)[0]
            if not stem or starts_with_parent(stem, division):  # 邯郸冀南新区 has no shorter name
                return []
            return [(stem, True)]
    return []


def starts_with_parent(stem: str, division: Division) -> bool:
    parent = division.parent
    if parent is None or parent.level == PROVINCE:
        return False
    parent_stem = parent.name[:-1] if parent.name.endswith("市") else parent.name
    return len(stem) > len(parent_stem) and stem.startswith(parent_stem)


def ethnic_pattern(groups: list[str]) -> re.Pattern[str]:
    names = sorted({n for group in groups for n in (group, strip_zu(group))}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def split_ethnic(stem: str, ethnic: re.Pattern[str]) -> tuple[str, list[str]]:
    """Split 黔南布依族苗族 into 黔南 and [布依族, 苗族]: the longest tail made only of ethnic names.

    The place part is empty (鄂伦春自治旗) or two characters or more, so 内蒙古 stays whole.
    """
    for cut in [0, *range(2, len(stem) + 1)]:
        rest = stem[cut:]
        groups = ethnic.findall(rest)
        if groups and "".join(groups) == rest:
            return stem[:cut], groups
    return stem, []


def strip_zu(group: str) -> str:
    return group[:-1] if group.endswith("族") and len(group) > 2 else group


def corpus_evidence(paths: list[Path], surfaces: Iterable[str], forms: set[str]) -> dict[str, tuple[int, int]]:
    """``form -> (good matches, counted matches)`` in NER-annotated JSONL corpora.

    Matches are found as the lexicon finds them (leftmost-longest over every surface). A match is
    good when it is a gold place or starts a gold place/organisation; a match strictly inside a
    gold place/organisation is not counted (a longer entry has to catch that); any other match,
    inside a person's name or in plain words, is bad.
    """
    automaton = ahocorasick.Automaton()
    for surface in surfaces:
        automaton.add_word(surface, len(surface))
    automaton.make_automaton()
    good: dict[str, int] = defaultdict(int)
    counted: dict[str, int] = defaultdict(int)
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                text, entities = record["text"], record["entities"]
                named = [(e["start"], e["end"]) for e in entities if e["label"] in GOOD_LABELS]
                places = {(e["start"], e["end"]) for e in entities if e["label"] == "LOC"}
                for last, length in automaton.iter_long(text):
                    start, end = last - length + 1, last + 1
                    form = text[start:end]
                    if form not in forms:
                        continue
                    if (start, end) in places or any(s == start for s, _ in named):
                        good[form] += 1
                    elif any(s < start and end <= e for s, e in named):
                        continue
                    counted[form] += 1
    return {form: (good[form], counted[form]) for form in counted}


def assign_aliases(
    claims: dict[str, list[Claim]],
    full_names: set[str],
    rules: dict[str, Any],
    jieba_words: dict[str, tuple[int, str]],
    evidence: dict[str, tuple[int, int]],
) -> None:
    """Give each short form to the division it safely stands for; see the module docstring."""
    blocklist = set(rules["short_form_blocklist"])
    allowlist = set(rules["short_form_allowlist"])
    named_owners = rules.get("shared_short_form_owners", {})
    for form, claimants in claims.items():
        owner = owner_of(claimants, named_owners.get(form))
        if owner is None or form in full_names:
            continue
        bare = any(c.bare for c in claimants if c.division is owner)
        if bare and owner.level != PROVINCE and not safe_bare_form(form, owner.level, blocklist, allowlist, jieba_words, evidence):
            continue
        owner.aliases.append(form)
    for division in {id(c.division): c.division for cs in claims.values() for c in cs}.values():
        division.aliases.sort(key=lambda alias: (-len(alias), alias))


def owner_of(claimants: list[Claim], named_owner: str | None = None) -> Division | None:
    """The one division a shared short form may stand for, or None when it is ambiguous.

    News uses a shared short form for the higher division (吉林 is 吉林省, 西安 is 西安市, not 西安区
    of 辽源), so a province or prefecture that is the only claimant at its level owns it; two
    counties, or two prefectures, sharing a short form leave it to nobody, unless the rules name
    the claimant at the top level that news means (``named_owner``).
    """
    divisions = list({id(c.division): c.division for c in claimants}.values())
    top_level = min(d.level for d in divisions)
    top = [d for d in divisions if d.level == top_level]
    named = [d for d in top if d.name == named_owner]
    if named:
        return named[0]
    if len(top) == 1 and (len(divisions) == 1 or top_level != COUNTY):
        return top[0]
    return None


def safe_bare_form(
    form: str,
    level: int,
    blocklist: set[str],
    allowlist: set[str],
    jieba_words: dict[str, tuple[int, str]],
    evidence: dict[str, tuple[int, int]],
) -> bool:
    """Whether a prefecture's or county's bare short form reads as that place in running text."""
    if form in blocklist:
        return False
    if form in allowlist:
        return True
    good, counted = evidence.get(form, (0, 0))
    if counted >= MIN_EVIDENCE and good / counted < POOR_MATCH:
        return False
    if counted >= MIN_EVIDENCE and good / counted >= RELIABLE or level != COUNTY:
        return True
    if form not in jieba_words:
        return True
    frequency, tag = jieba_words[form]
    return frequency < (FREQUENT_PLACE if tag == "ns" else RARE_WORD)


def unique_by_name(divisions: list[Division]) -> list[Division]:
    """The first division of each full name: 鼓楼区 of 南京, 徐州, 福州 and 开封 is one surface."""
    seen: dict[str, Division] = {}
    for division in divisions:
        seen.setdefault(division.name, division)
    return list(seen.values())


def render(divisions: list[Division], sources: list[str]) -> str:
    lines = [
        "# GENERATED by scripts/build_place_dictionary.py: do not edit by hand. To change it, edit",
        "# dictionaries/rules/places.yaml or the script and run:  python scripts/build_place_dictionary.py",
        "description: >-",
        "  China's provinces, prefecture- and county-level divisions, Hong Kong, Macao and Taiwan,",
        f"  from the public division tables {', '.join(sources)}.",
        "  Canonical = full name; aliases = short forms that are safe to match in running text.",
        "label: LOC",
        "pos: ns",
        "entries:",
    ]
    for division in divisions:
        if division.level == PROVINCE:
            lines.append(" ".join(filter(None, ["  #", division.code, division.name])))
        lines.append("  - " + render_entry(division))
    return "\n".join(lines) + "\n"


def render_entry(division: Division) -> str:
    if not division.aliases:
        return scalar(division.name)
    aliases = ", ".join(scalar(alias) for alias in division.aliases)
    return f"{{text: {scalar(division.name)}, aliases: [{aliases}]}}"


if __name__ == "__main__":
    sys.exit(main())
