"""Bytes to text for Chinese files: UTF-8 (with or without BOM), UTF-16, GBK/GB18030.

UTF-8 is tried strictly first, since it is both the common case and
self-validating; anything else goes to charset-normalizer, limited to the
encodings Chinese text actually comes in so that its guess cannot wander off to
a Western code page.
"""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

#: Encodings worth considering for Chinese text, in charset-normalizer's names.
CHINESE_ENCODINGS = ["utf_8", "gb18030", "gbk", "big5", "utf_16", "utf_32"]


class UnreadableInput(ValueError):
    """An input file (or record) that cannot be turned into text; the message says which and why."""


def decode(data: bytes, name: str) -> str:
    """The text of a file's bytes; :class:`UnreadableInput` naming ``name`` when it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise UnreadableInput(f"{name}: binary file (NUL bytes), not text; give UTF-8, GBK/GB18030 or UTF-16 text")
    best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best()
    if best is None:
        raise UnreadableInput(
            f"{name}: undecodable bytes (not UTF-8, GBK/GB18030 or UTF-16 text); convert it to UTF-8"
        )
    encoding = "gb18030" if best.encoding in ("gbk", "gb2312", "gb18030") else best.encoding
    return _strict(data, encoding, name)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"{name}: undecodable bytes at byte {error.start} for {encoding}; convert it to UTF-8") from None
    if "\x00" in text:
        raise UnreadableInput(f"{name}: binary file (NUL characters), not text")
    return text
