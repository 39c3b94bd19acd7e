"""Organisation names built from parts: [place | name …] + suffix (有限公司, 集团, 大学, 局 …).

jieba rarely tags a full organisation name, but the name's last word is telling.
Walking back from a suffix over name-like tokens recovers 贵州数据宝网络科技有限公司
or 中国移动贵州公司. Only a legal-form suffix (有限公司 …) makes an organisation out of common nouns alone;
a strong suffix (集团, 大学 …) needs a place, a known name or a proper noun among the
parts, and a weak one (局, 中心, 部 …) needs a place or an organisation to lead the
span, so 科技公司 and 数据中心 stay common nouns.
"""
from __future__ import annotations

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention, Token, Tokens

#: Brackets that may sit inside a name: 瓴泓智能科技(贵州)有限公司.
BRACKETS = frozenset("()（）")
#: Words that join two parts of one name (工业和信息化部).
CONJUNCTIONS = frozenset({"和"})
MAX_PARTS = 6
#: jieba tags of proper nouns: place, other proper noun, foreign name, Latin. Not nt or j: jieba gives
#: them to common nouns (中央银行, 商业银行, 民间组织; 联盟, 党委), and the suffix's own token counts not.
PROPER_POS = frozenset({"ns", "nz", "nrt", "eng"})


class OrganizationRecognizer:
    source = "organizations"

    def __init__(self) -> None:
        rules = load_rules("organizations")
        self._legal = set(rules["legal_suffixes"])
        self._strong = set(rules["strong_suffixes"]) | self._legal
        self._weak = set(rules["weak_suffixes"])
        self._not_suffix_words = set(rules["not_suffix_words"])
        self._name_pos = set(rules["org_name_pos"])
        self._not_name_words = set(rules["not_name_words"])
        #: jieba's proper-noun tags of these are no proper noun here (城市 ns, 高科技 nz)
        self._common_nouns = frozenset(load_rules("places")["common_nouns_tagged_as_names"])
        self._longest_suffix = max(map(len, self._strong | self._weak))
        self._strengths: dict[str, str | None] = {}

    def find(self, doc: Document) -> list[Mention]:
        tokens = doc.tokens
        mentions = []
        known, strength_of = self._strengths, self._learn_strength
        # one comprehension over the tokens, then the few that end in a suffix
        strengths = [known[text] if text in known else strength_of(text) for text in tokens.texts]
        for index in [index for index, strength in enumerate(strengths) if strength is not None]:
            token, strength = tokens[index], strengths[index]
            if token.label in ("LOC", "PER"):  # a dictionary place or person ending like a suffix (莫斯科, 科)
                continue
            first = self._name_start(tokens, index, strength)
            if first is None:
                continue
            start, end = tokens[first].start, token.end
            mentions.append(Mention(start, end, doc.text[start:end], "ORG", source=self.source))
        return mentions

    def _learn_strength(self, text: str) -> str | None:
        """The strength of the organisation suffix a new token ``text`` ends with, kept (tokens repeat)."""
        if len(self._strengths) > 50_000:
            self._strengths.clear()
        strength = self._strengths[text] = self._strength_of(text)
        return strength

    def _strength_of(self, text: str) -> str | None:
        if text in self._not_suffix_words:
            return None
        for length in range(min(len(text), self._longest_suffix), 0, -1):
            tail = text[-length:]
            if tail in self._legal:
                return "legal"
            if tail in self._strong:
                return "strong"
            if tail in self._weak:
                return "weak"
        return None

    def _name_start(self, tokens: Tokens, index: int, strength: str) -> int | None:
        """Index of the first token of the name ending at ``tokens[index]``, if there is a name."""
        first = index
        while first > 0 and index - first < MAX_PARTS:
            previous = tokens[first - 1]
            if previous.end != tokens[first].start:
                break
            if previous.text in CONJUNCTIONS and first >= 2 and _joins_one_name(tokens[first - 2], tokens[first]):
                first -= 1
                continue
            if not self._name_like(previous):
                break
            first -= 1
        while first < index and tokens[first].text in BRACKETS:
            first += 1
        if first == index:
            return None
        parts = tokens[first : index + 1]
        proper = any(t.label in ("ORG", "LOC") or (t.pos in PROPER_POS and t.text not in self._common_nouns)
                     for t in parts[:-1])
        if strength != "legal" and not proper:
            return None
        if strength == "weak" and not _is_place_or_org(tokens[first]):
            return None
        if not _brackets_balanced(parts):
            return None
        return first

    def _name_like(self, token: Token) -> bool:
        if token.text in self._not_name_words:
            return False
        return token.label in ("ORG", "LOC") or token.pos in self._name_pos or token.text in BRACKETS


def _joins_one_name(before: Token, after: Token) -> bool:
    """和 between two common nouns inside a name (经济和信息化局), not between two names (中国和美国)."""
    return all(t.pos in ("n", "vn") and t.label is None for t in (before, after))


def _is_place_or_org(token: Token) -> bool:
    return token.label in ("ORG", "LOC") or token.pos in ("ns", "nt")


def _brackets_balanced(tokens: Tokens) -> bool:
    depth = 0
    for token in tokens:
        if token.text in "(（":
            depth += 1
        elif token.text in ")）":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
