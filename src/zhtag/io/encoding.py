"""Bytes to text for Chinese files: UTF-8 (with or without BOM), UTF-16, GBK/GB18030.

UTF-8 is tried strictly first, since it is both the common case and
self-validating; anything else goes to charset-normalizer, limited to the
encodings Chinese text actually comes in so that its guess cannot wander off to
a Western code page.
"""
from __future__ import annotations

import codecs
import zlib
from pathlib import Path
from typing import BinaryIO, Callable

from charset_normalizer import from_bytes

#: Encodings worth considering for Chinese text, in charset-normalizer's names.
CHINESE_ENCODINGS = ["utf_8", "gb18030", "gbk", "big5", "utf_16", "utf_32"]
#: How much of a file is read at a time when checking it, and shown to charset-normalizer.
BLOCK = 1 << 20


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
    return _strict(data, _guess(data, name), name)


def open_binary(path: Path) -> BinaryIO:
    return open(path, "rb")


def detect_file_encoding(path: Path, opener: Callable[[Path], BinaryIO] = open_binary) -> str:
    """The encoding of a file that will be read in pieces, found without holding it whole.

    The file is checked for UTF-8 block by block; at the first byte that is not
    UTF-8, charset-normalizer sees the megabyte from there on (a file whose
    head is plain ASCII and whose body is GBK is still GBK). A Python codec name
    comes back (``utf-8-sig`` for a BOM); :class:`UnreadableInput` for binary data.
    """
    with opener(path) as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        checker = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        try:
            while block := handle.read(BLOCK):
                try:
                    checker.decode(block)
                except UnicodeDecodeError as error:
                    start = max(offset + error.start - 64, 0)
                    handle.seek(start)
                    return _guess(handle.read(BLOCK), str(path))
                offset += len(block)
        except (OSError, EOFError, zlib.error):
            pass  # a cut-off or corrupt (compressed) file: the reader reports it at the line where it breaks
    return "utf-8"  # a character cut off at the very end is reported by the reader, on its line


def _guess(data: bytes, name: str) -> str:
    """charset-normalizer's pick among :data:`CHINESE_ENCODINGS` for bytes that are not UTF-8."""
    if b"\x00" in data:
        raise UnreadableInput(f"{name}: binary file (NUL bytes), not text; give UTF-8, GBK/GB18030 or UTF-16 text")
    best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best()
    if best is None:
        raise UnreadableInput(
            f"{name}: undecodable bytes (not UTF-8, GBK/GB18030 or UTF-16 text); convert it to UTF-8"
        )
    return "gb18030" if best.encoding in ("gbk", "gb2312", "gb18030") else best.encoding


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"{name}: undecodable bytes at byte {error.start} for {encoding}; convert it to UTF-8") from None
    if "\x00" in text:
        raise UnreadableInput(f"{name}: binary file (NUL characters), not text")
    return text
