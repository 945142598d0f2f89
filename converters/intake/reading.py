"""Reading the inbox's .docx files on every core: reading is most of intake (≈60 ms a document) and
each document is independent. The documents come back whole, so no stage reads a file twice.

Worker processes are forked (the reader, possibly the conversion cache's, is inherited rather than
pickled); what a worker's cache counted is sent back with each document and added to the caller's.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..model import Document

# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_MIN_DOCUMENTS = 8

_reader: Callable | None = None  # set in the parent just before forking; inherited by the workers


def read_one(path: Path, source: str, digest: str, read: Callable | None) -> Document:
    """`read` (default converters.ooxml.read_docx); the file's SHA-256 goes along when known."""
    if read is None:
        from ..ooxml import read_docx

        return read_docx(path, source)
    return read(path, source, digest=digest) if digest else read(path, source)


def read_all(jobs: list[tuple[Path, str, str]], read: Callable | None) -> dict[str, Document]:
    """source -> Document for (path, source, digest) jobs; in parallel when there are enough of them.
    An empty result means: read them one by one (too few, one core, or the pool failed to start)."""
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < PARALLEL_MIN_DOCUMENTS:
        return {}
    global _reader
    _reader = read
    cache = getattr(read, "cache", None)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_read_in_worker, jobs, chunksize=2))
    except Exception:  # noqa: BLE001 - a pool that cannot start or a broken worker: read serially instead
        return {}
    finally:
        _reader = None
    out: dict[str, Document] = {}
    for (_path, source, _digest), (doc, stats) in zip(jobs, results):
        out[source] = doc
        if cache is not None and stats is not None:
            _add_stats(cache.stats, stats)
    return out


def _read_in_worker(job: tuple[Path, str, str]):
    path, source, digest = job
    cache = getattr(_reader, "cache", None)
    if cache is not None:
        cache.stats = type(cache.stats)()  # count this document only
    doc = read_one(path, source, digest, _reader)
    return doc, (cache.stats if cache is not None else None)


def _add_stats(total, part) -> None:
    for name in ("hits", "misses"):
        into, add = getattr(total, name), getattr(part, name)
        for kind, n in add.items():
            into[kind] = into.get(kind, 0) + n
