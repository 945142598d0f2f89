"""Conversion cache: content-addressed pickles under build/cache/, so a rebuild reads and converts
only the documents that changed.

Entries are keyed by a SHA-256 of everything the result depends on:

- ``package``: what intake made of one top-level inbox file (a ZIP and everything in it, or one
  document): its files' kinds, digests and findings, so an unchanged package is not unpacked again;
- ``document``: the reader's Document for one .docx (its bytes + its source name), its pictures
  in ``blobs/`` (a document entry holds no picture bytes);
- ``facts``: what pairing needs from one document or workbook (titles, names, form values);
- ``experience``: one submission's conversion (document bytes, paired form and summary values,
  recommender, pairing findings, year, strict mode, policy and overrides files), with its page
  already rendered; its pictures sit in ``blobs/`` by SHA-256;
- ``pii``: the contact-data scan of one generated page's text.

Whether an inbox file changed is decided by its SHA-256; ``digests.pickle`` remembers the digest
of each file with the size, mtime and inode it had, so an untouched 20 MB ZIP is not read again
(as git's index does; files touched within the last seconds are always hashed).

Every key also holds CONVERTER_VERSION and a fingerprint of the converter's own code and data
files, so editing the converter invalidates the cache without anyone remembering to bump a
number. Entries of other fingerprints are pruned when the cache is opened. The cache is a private
build artefact: it is trusted like the code (pickle), never published, and safe to delete.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

# Bump when cached values change shape in a way the code fingerprint cannot see.
CONVERTER_VERSION = "1"
PACKAGE, DOCUMENT, FACTS, EXPERIENCE, PII = "package", "document", "facts", "experience", "pii"
# A file modified this recently may change again within the clock's granularity: always hash it.
RACY_SECONDS = 2.0
# Entries no run has used for this long are deleted: old versions of edited documents, past inboxes.
UNUSED_DAYS = 30

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


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class StaleCache(Exception):
    """A cached record points at an entry that is gone: the run starts over without the package cache."""


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


class FileDigests:
    """SHA-256 of inbox files, remembered with (size, mtime_ns, inode) so an unchanged file is not read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known: dict[str, tuple[int, int, int, str]] = {}
        self.changed = False
        with contextlib.suppress(Exception):  # a missing or broken index only costs hashing
            with open(path, "rb") as fh:
                known = pickle.load(fh)
            if isinstance(known, dict):
                self.known = known

    def digest(self, path: Path) -> str:
        try:
            st = os.stat(path)
        except OSError:
            return "missing"
        name = str(Path(path).resolve())
        signature = (st.st_size, st.st_mtime_ns, st.st_ino)
        entry = self.known.get(name)
        if entry is not None and entry[:3] == signature:
            return entry[3]
        digest = file_digest(path)
        if time.time() - st.st_mtime_ns / 1e9 > RACY_SECONDS:
            self.known[name] = (*signature, digest)
            self.changed = True
        return digest

    def save(self) -> None:
        if self.changed:
            _write_atomically(self.path, lambda fh: pickle.dump(self.known, fh, protocol=pickle.HIGHEST_PROTOCOL))
            self.changed = False


def _touch(path: Path) -> bool:
    """Mark a cache file as used now; False when it is gone."""
    try:
        os.utime(path)
        return True
    except OSError:
        return False


def _write_atomically(path: Path, write: Callable) -> None:
    """Temporary file + rename, so parallel builds sharing the folder never see half a file.
    Never raises: an unwritable cache only costs time."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class ConversionCache:
    """A folder of pickles, one per key, grouped by code fingerprint. Never raises for a broken
    entry or an unwritable folder: the value is simply computed again."""

    def __init__(self, root: Path, fingerprint: str | None = None) -> None:
        self.root = Path(root)
        self.fingerprint = fingerprint or code_fingerprint()
        self.folder = self.root / self.fingerprint[:16]
        self.stats = CacheStats()
        self._digests: FileDigests | None = None

    def __getstate__(self):
        # Worker processes get the cache for loading documents; the digest index stays here.
        return {"root": self.root, "fingerprint": self.fingerprint, "folder": self.folder, "stats": CacheStats()}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._digests = None

    @property
    def digests(self) -> FileDigests:
        if self._digests is None:
            self._digests = FileDigests(self.folder / "digests.pickle")
        return self._digests

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
        _touch(path)
        return value

    def store(self, kind: str, key: str, value: Any) -> None:
        """Write atomically (temporary file + rename): parallel builds may share the folder."""
        _write_atomically(self._path(kind, key), lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL))

    def memo(self, kind: str, parts: Any, compute: Callable[[], Any]) -> Any:
        """The cached value for `parts` (with the code fingerprint), computed and stored on a miss."""
        key = make_key(kind, self.fingerprint, parts)
        value = self.load(kind, key)
        if value is None:
            value = compute()
            self.store(kind, key, value)
        return value

    def document_key(self, digest: str, source: str) -> str:
        return make_key(DOCUMENT, self.fingerprint, digest, str(source))

    def cached_reader(self, read: Callable) -> Callable:
        """Wrap ``read_docx(path, source)`` so an unchanged file is not read again; `digest`
        (SHA-256 of the file) may be passed when the caller already has it."""

        def read_through(path, source="", *args, digest: str | None = None, **kwargs):
            if args or kwargs:
                return read(path, source, *args, **kwargs)
            key = self.document_key(digest or file_digest(Path(path)), source)
            doc = self.load_document(key)
            if doc is None:
                doc = read(path, source)
                self.store_document(key, doc)
            return doc

        read_through.cache = self  # intake's parallel reading sends each worker's counts back here
        read_through.reloader = self.reloader
        return read_through

    def store_document(self, key: str, doc) -> None:
        """The document without its picture bytes, which go to the blobs (a few hundred KB an entry
        instead of the pictures of the whole inbox inside pickles)."""
        pictures = {name: self.put_blob(asset.data) for name, asset in doc.assets.items()}
        light = dataclasses.replace(doc, assets={n: dataclasses.replace(a, data=b"") for n, a in doc.assets.items()})
        self.store(DOCUMENT, key, _StoredDocument(light, pictures))

    def load_document(self, key: str, counted: bool = True):
        """The stored document with its pictures, or None (also when a picture blob is gone).
        `counted`: a hit or miss in the stats (not for a document this run has just read itself)."""
        stats = self.stats
        if not counted:
            self.stats = CacheStats()
        try:
            value = self.load(DOCUMENT, key)
        finally:
            self.stats = stats
        if not isinstance(value, _StoredDocument):
            return None
        assets = {}
        for name, asset in value.document.assets.items():
            try:
                blob = self.blob_path(value.pictures[name])
                assets[name] = dataclasses.replace(asset, data=blob.read_bytes())
            except (OSError, KeyError):
                return None
            _touch(blob)  # used: kept by prune() as long as its document is
        return dataclasses.replace(value.document, assets=assets)

    def reloader(self, digest: str, source: str) -> "CachedDocument | None":
        """A loader of the stored document of (digest, source), when it is stored: intake then keeps the
        loader instead of the document, and the conversion loads it when (and where) it is needed."""
        key = self.document_key(digest, source)
        return CachedDocument(self, key, counted=False) if _touch(self._path(DOCUMENT, key)) else None

    def installed_stats(self, content_dir: Path) -> Path:
        """Where converters.manifest keeps the stats of the files it installed into one docs dir."""
        name = hashlib.sha256(str(Path(content_dir).resolve()).encode()).hexdigest()[:16]
        return self.folder / "installed" / f"{name}.json"

    # ---------------------------------------------------------------- pictures

    def blob_path(self, digest: str) -> Path:
        return self.folder / "blobs" / digest[:2] / digest

    def has_blob(self, digest: str) -> bool:
        """Whether the picture is still cached (and mark it used, so pruning keeps it)."""
        return _touch(self.blob_path(digest))

    def prune(self, days: float = UNUSED_DAYS) -> int:
        """Delete entries and pictures unused for `days` (every hit marks its file used); returns how many."""
        cutoff = time.time() - days * 86400
        removed = 0
        for kind in (PACKAGE, DOCUMENT, FACTS, EXPERIENCE, PII, "blobs"):
            for path in (self.folder / kind).glob("*/*"):
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime < cutoff:
                        path.unlink()
                        removed += 1
        return removed

    def put_blob(self, data: bytes) -> str:
        """Store bytes by their SHA-256 (once); returns the digest."""
        digest = bytes_digest(data)
        path = self.blob_path(digest)
        if not path.exists():
            _write_atomically(path, lambda fh: fh.write(data))
        return digest


@dataclass(frozen=True)
class CachedDocument:
    """Loads a package's document from the cache when (and only when) a conversion needs it."""

    cache: ConversionCache
    key: str
    counted: bool = True

    def __call__(self):
        doc = self.cache.load_document(self.key, self.counted)
        if doc is None:
            raise StaleCache(self.key)
        return doc


@dataclass(frozen=True)
class _StoredDocument:
    document: Any  # converters.model.Document with empty picture bytes
    pictures: dict[str, str]  # asset name -> blob digest


def experience_key(cache: ConversionCache, parts: dict[str, Any]) -> str:
    return make_key(EXPERIENCE, cache.fingerprint, parts)


# Kinds whose document a conversion or pairing may need after the package is recalled.
_DOCUMENT_KINDS = ("experience", "form", "campaign", "work_summary")


class PackageCache:
    """converters.intake's PackageMemo: the files of an unchanged top-level inbox file, without
    unpacking it. Their documents stay in the document cache and are loaded only when needed."""

    def __init__(self, cache: ConversionCache, limits: Any, recall: bool = True) -> None:
        self.cache = cache
        self.limits = repr(limits)
        self.recalling = recall  # False: take every package in afresh, but remember them for next time
        self.keys: dict[tuple[str, ...], str] = {}

    def _key(self, parts: list[str], path: Path) -> str:
        return make_key(PACKAGE, self.cache.fingerprint, self.cache.digests.digest(path), parts, self.limits)

    def recall(self, parts: list[str], path: Path):
        key = self._key(parts, path)
        self.keys[tuple(parts)] = key
        files = self.cache.load(PACKAGE, key) if self.recalling else None
        if not isinstance(files, list):
            return None
        keys = {id(f): self.cache.document_key(f.digest, f.source) for f in files if f.kind in _DOCUMENT_KINDS and f.digest}
        # The documents must still be there (touching them also keeps them from being pruned).
        if not all(_touch(self.cache._path(DOCUMENT, k)) for k in keys.values()):
            return None
        return [dataclasses.replace(f, loader=CachedDocument(self.cache, keys[id(f)])) if id(f) in keys else f
                for f in files]

    def remember(self, parts: list[str], path: Path, files: list) -> None:
        key = self.keys.get(tuple(parts)) or self._key(parts, path)
        self.cache.store(PACKAGE, key, [dataclasses.replace(f, path=None, document=None, loader=None) for f in files])
