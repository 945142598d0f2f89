"""Conversion cache: content-addressed pickles under build/cache/, so a rebuild reads and converts
only the documents that changed.

Two kinds of entries, both keyed by a SHA-256 of everything the result depends on:

- ``document``: the reader's Document for one .docx (its bytes + its source name);
- ``experience``: one submission's conversion (document bytes, paired form and summary values,
  recommender, pairing findings, year, strict mode, policy and overrides files).

Every key also holds CONVERTER_VERSION and a fingerprint of the converter's own code and data
files, so editing the converter invalidates the cache without anyone remembering to bump a
number. Entries of other fingerprints are pruned when the cache is opened. The cache is a private
build artefact: it is trusted like the code (pickle), never published, and safe to delete.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

# Bump when cached values change shape in a way the code fingerprint cannot see.
CONVERTER_VERSION = "1"
DOCUMENT, EXPERIENCE = "document", "experience"

_PACKAGE = Path(__file__).resolve().parent
_FINGERPRINTED = (".py", ".yml", ".yaml", ".txt", ".j2", ".json", ".css")


def code_fingerprint(package: Path = _PACKAGE) -> str:
    """SHA-256 over the converter's source, data and template files (paths and bytes, sorted)."""
    digest = hashlib.sha256(CONVERTER_VERSION.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in _FINGERPRINTED and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_digest(path: Path | None) -> str:
    """SHA-256 of a file's bytes; "" for no file, "missing" when it cannot be read."""
    if path is None:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def make_key(*parts: Any) -> str:
    """A stable key from strings, numbers, bools, None, dicts, lists and tuples of them."""
    digest = hashlib.sha256()
    _feed(digest, parts)
    return digest.hexdigest()


def _feed(digest, value: Any) -> None:
    if isinstance(value, dict):
        digest.update(b"{")
        for k in sorted(value, key=str):
            _feed(digest, str(k))
            _feed(digest, value[k])
        digest.update(b"}")
    elif isinstance(value, (list, tuple)):
        digest.update(b"[")
        for item in value:
            _feed(digest, item)
        digest.update(b"]")
    else:
        text = repr(value).encode("utf-8", "surrogatepass")
        digest.update(len(text).to_bytes(8, "big") + text)


@dataclass
class CacheStats:
    hits: dict[str, int] = field(default_factory=lambda: {DOCUMENT: 0, EXPERIENCE: 0})
    misses: dict[str, int] = field(default_factory=lambda: {DOCUMENT: 0, EXPERIENCE: 0})


class ConversionCache:
    """A folder of pickles, one per key, grouped by code fingerprint. Never raises for a broken
    entry or an unwritable folder: the value is simply computed again."""

    def __init__(self, root: Path, fingerprint: str | None = None) -> None:
        self.root = Path(root)
        self.fingerprint = fingerprint or code_fingerprint()
        self.folder = self.root / self.fingerprint[:16]
        self.stats = CacheStats()

    @classmethod
    def open(cls, root: Path, fingerprint: str | None = None) -> "ConversionCache":
        cache = cls(root, fingerprint)
        cache._prune_other_versions()
        return cache

    def _prune_other_versions(self) -> None:
        if not self.root.is_dir():
            return
        for entry in self.root.iterdir():
            if entry.is_dir() and entry.name != self.folder.name:
                shutil.rmtree(entry, ignore_errors=True)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def load(self, kind: str, key: str) -> Any | None:
        path = self._path(kind, key)
        try:
            with open(path, "rb") as fh:
                value = pickle.load(fh)
        except FileNotFoundError:
            self.stats.misses[kind] = self.stats.misses.get(kind, 0) + 1
            return None
        except Exception:  # noqa: BLE001 – a truncated or stale entry is a miss, not a failure
            with contextlib.suppress(OSError):
                path.unlink()
            self.stats.misses[kind] = self.stats.misses.get(kind, 0) + 1
            return None
        self.stats.hits[kind] = self.stats.hits.get(kind, 0) + 1
        return value

    def store(self, kind: str, key: str, value: Any) -> None:
        """Write atomically (temporary file + rename): parallel builds may share the folder."""
        path = self._path(kind, key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except Exception:  # noqa: BLE001 – an unwritable cache only costs time
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def cached_reader(self, read: Callable) -> Callable:
        """Wrap ``read_docx(path, source)`` so an unchanged file is not read again."""

        def read_through(path, source="", *args, **kwargs):
            if args or kwargs:
                return read(path, source, *args, **kwargs)
            key = make_key(DOCUMENT, self.fingerprint, file_digest(Path(path)), str(source))
            doc = self.load(DOCUMENT, key)
            if doc is None:
                doc = read(path, source)
                self.store(DOCUMENT, key, doc)
            return doc

        return read_through


def experience_key(cache: ConversionCache, parts: dict[str, Any]) -> str:
    return make_key(EXPERIENCE, cache.fingerprint, parts)
