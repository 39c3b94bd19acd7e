"""One-character short names in a list of their kind: 工、农、中、建四大行 names four banks.

A lone 工 or 中 names nothing, but Chinese financial news lists the big banks by their initials
(工、农、中、建、交5家国有银行). A run of a family's initials joined by 、, followed closely by one
of the family's closing words (行, 银行), makes each initial a mention with its canonical name.
The families, their initials and closing words are in ``dictionaries/rules/initials.yaml``.
"""
from __future__ import annotations

import re

from zhtag.dictionaries import load_rules
from zhtag.document import Document, Mention
from zhtag.recognizers.patterns import alternation


class InitialsRecognizer:
    source = "initials"

    def __init__(self) -> None:
        rules = load_rules("initials")
        repeats, window = rules["min_items"] - 1, rules["closing_window"]
        self._families = []
        for family in rules["families"]:
            initials: dict[str, str] = family["initials"]
            one = "[" + "".join(map(re.escape, initials)) + "]"
            closing = alternation(family["closing_words"])
            run = re.compile(rf"{one}(?:、{one}){{{repeats},}}(?=[^。！？；\n]{{0,{window}}}?{closing})")
            self._families.append((run, family["label"], initials))

    def find(self, doc: Document) -> list[Mention]:
        text = doc.text
        mentions = []
        for run, label, initials in self._families:
            for match in run.finditer(text):
                for start in range(match.start(), match.end(), 2):  # an initial, then 、
                    char = text[start]
                    mentions.append(Mention(start, start + 1, char, label, norm=initials[char], source=self.source))
        return mentions
