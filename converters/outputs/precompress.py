"""Pre-compressed copies of the site's text files (name.gz beside name), for `showcase build --gzip`.

nginx's ``gzip_static on`` (deploy/showcase-site.conf) and most object stores behind a CDN can send
such a file instead of compressing each response: compressed once, at the highest level, at build
time. The copies are byte-reproducible (no name, no time in the gzip header), so a rebuild of an
unchanged site uploads nothing new.
"""

from __future__ import annotations

import gzip
from pathlib import Path

TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
MIN_BYTES = 256  # as gzip_min_length: smaller files gain nothing


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def precompress(site_dir: Path) -> tuple[int, int]:
    """Write name.gz beside every text file of `site_dir` worth compressing; returns (files written,
    bytes saved). A copy that would not be smaller is not written."""
    written = saved = 0
    for path in sorted(Path(site_dir).rglob("*")):
        if path.suffix.lower() not in TEXT_SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        packed = gzip_bytes(data)
        if len(packed) >= len(data):
            continue
        path.with_name(path.name + ".gz").write_bytes(packed)
        written += 1
        saved += len(data) - len(packed)
    return written, saved
