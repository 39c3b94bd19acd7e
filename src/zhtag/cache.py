"""Results zhtag can rebuild, kept between processes: what makes a second start fast.

A fresh process would parse ~26,000 dictionary entries from YAML, index the name
model's 68,000 attributes and read jieba's tables, about 0.7 s before the first
article. Each of these is built once per version of its sources and kept in the user's
cache directory (``platformdirs.user_cache_dir("zhtag")``, or ``$ZHTAG_CACHE_DIR``). A cache file's name carries
a stamp of its sources (path, size, modification time of each, the code that builds it
included), so an edited dictionary or a new zhtag is read anew; a file that cannot be
read back is rebuilt, and without a writable directory everything is built in memory.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, TypeVar

import platformdirs

logger = logging.getLogger(__name__)

T = TypeVar("T")
#: Versions of one cached result kept side by side (see _prune).
KEEP_VERSIONS = 3


def cache_dir() -> Path:
    """Where zhtag keeps files it can rebuild (raises OSError when it cannot be made)."""
    path = Path(os.environ.get("ZHTAG_CACHE_DIR") or platformdirs.user_cache_dir("zhtag"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def stamp(sources: Iterable[Path]) -> str:
    """A short digest of the sources' paths, sizes and modification times, and of Python's version."""
    digest = hashlib.sha1(f"py{sys.version_info[0]}.{sys.version_info[1]};".encode())
    for source in sources:
        status = Path(source).stat()
        digest.update(f"{Path(source).resolve()}:{status.st_size}:{status.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def write_atomically(path: Path, dump: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` through a temporary file, so that parallel workers never read half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            dump(stream)
        os.replace(temporary, path)
    except OSError as error:
        logger.warning("zhtag could not write its cache %s: %s", path, error)
        Path(temporary).unlink(missing_ok=True)


def cached(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, or the result an earlier process pickled for the same ``name`` and sources.

    ``sources`` are every file the result depends on, the module that builds it among
    them. Writing a new version removes all but the KEEP_VERSIONS newest of the same ``name``.
    """
    try:
        folder = cache_dir()
        path = folder / f"{name}-{stamp(sources)}.pickle"
    except OSError as error:
        logger.warning("zhtag cannot use its cache directory (%s); building %s in memory", error, name)
        return build()
    try:
        return pickle.loads(path.read_bytes())
    except FileNotFoundError:
        pass
    except Exception as error:  # a truncated or foreign file: rebuild it
        logger.warning("zhtag rebuilds its unreadable cache %s: %s", path, error)
    value = build()
    write_atomically(path, lambda stream: pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL))
    _prune(folder, name, path)
    return value


def _prune(folder: Path, name: str, written: Path) -> None:
    """Keep ``written`` and the newest others of ``name``, KEEP_VERSIONS in all: an edited source
    leaves its old file behind, and two installs of zhtag that share the folder must not delete
    each other's file at every start."""
    others = []
    for path in folder.glob(f"{name}-*.pickle"):
        try:
            if path != written:
                others.append((path.stat().st_mtime_ns, str(path)))
        except FileNotFoundError:  # removed by another process meanwhile
            continue
    for _, path in sorted(others, reverse=True)[KEEP_VERSIONS - 1 :]:
        Path(path).unlink(missing_ok=True)
