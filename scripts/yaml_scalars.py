"""How the dictionary build scripts write a name into their generated YAML."""
from __future__ import annotations

import json
import re

#: A name YAML reads as itself when written bare: Han characters, Latin letters and digits.
_BARE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")


def scalar(text: str) -> str:
    """The text as a YAML flow scalar: bare when it is plain Han or Latin text, JSON-quoted otherwise."""
    if _BARE.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)
