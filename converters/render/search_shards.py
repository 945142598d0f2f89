"""The search index in shards, so that the first search of a large archive downloads kilobytes.

One whole index (search_index.index_data) grows with the archive: 5.5 MB gzip at 1,000
experiences, all of it fetched before the first result. Here the same data is split so that a
query fetches only what it needs, each file a ``<script>`` (works from file:// as over http):

- ``search/index.js``: the manifest (counts, the number of buckets), a few hundred bytes.
- ``search/g/<b>.js``: postings of every 1- and 2-character gram of the folded text, in bucket
  ``b = fnv1a(gram) % buckets``. A posting holds, per page, the best weight of a field that
  contains the gram and its occurrences in the section texts: exactly the score that
  search.js gives a 1- or 2-character term, and an upper bound for a longer one.
- ``search/r/<b>.js``: the pages' titles, teams and organisations (a query equal to one gives
  its page a bonus), bucketed by the hash of the whole string.
- ``search/d/<id>.js``: one page's entry, as the whole index holds it: shown in a result, and
  the check of a longer term (substring match, exact score) for the candidates the postings give.

search.js ranks candidates by their upper bound and checks them in that order until no
unchecked one can beat the next result, so the results and their order are those of the whole
index (the reference, kept in tests and bench/search_scale.py).
"""

from __future__ import annotations

import json
import re
import shutil
from array import array
from collections import Counter
from pathlib import Path
from typing import Iterator

from .search_index import Entry

FORMAT_VERSION = 2
SHARD_CALLBACK = "__showcaseSearchShard"
DOC_CALLBACK = "__showcaseSearchDoc"
RECORD_CALLBACK = "__showcaseSearchRecords"
GRAM_DIR, RECORD_DIR, DOC_DIR = "g", "r", "d"
# Raw bytes a gram bucket holds on average; about a quarter after gzip.
BUCKET_TARGET_BYTES = 12_000
RECORD_TARGET_BYTES = 6_000
MAX_BUCKETS = 1 << 15

# Must match search.js: weights of the fields, the per-section count cap, the fold.
WEIGHT_TITLE, WEIGHT_META, WEIGHT_HEADING, WEIGHT_TEXT = 8, 4, 2, 1
META_WEIGHTS = {"team": 4, "org": 4, "rec": 4, "ind": 4, "methods": 4, "year": 2, "facts": 2}
META_ORDER = ("team", "org", "rec", "ind", "methods", "year", "facts")
EXACT_META = ("team", "org")
COUNT_CAP = 1000
WEIGHT_CODE = {1: 0, 2: 1, 4: 2, 8: 3}
RECORD_TITLE, RECORD_META = 0, 1

_WIDE = [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF05, 0xFF0B, 0xFF0D, 0xFF0E, 0xFF0F]
_FOLD = {c: c + 32 for c in range(0x41, 0x5B)}  # A-Z
_FOLD.update({c: c - 0xFEE0 + (32 if 0xFF21 <= c <= 0xFF3A else 0) for c in _WIDE})
_SURROGATE = re.compile("[\ud800-\udfff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """search.js's fold: full-width letters, digits and ％＋－．／ to ASCII, A-Z to a-z, in UTF-16 units."""
    folded = str(text or "").translate(_FOLD)
    if _ASTRAL.search(folded):  # JavaScript indexes UTF-16 code units
        data = folded.encode("utf-16-le")
        folded = "".join(chr(int.from_bytes(data[i : i + 2], "little")) for i in range(0, len(data), 2))
    return folded


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units (text already in units, as fold returns it)."""
    h = 0x811C9DC5
    for ch in text:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def _gram_counts(text: str) -> Counter:
    """Occurrences of every 1- and 2-unit gram without a space or line break (never in a query term)."""
    found = Counter(text)
    found.update(map(str.__add__, text, text[1:]))  # an iterable: counted in C
    for gram in [g for g in found if " " in g or "\n" in g]:
        del found[gram]
    return found


def _text_hits(texts: list[str]) -> Counter:
    """Occurrences in the section texts, counted as search.js counts them: per section,
    non-overlapping ("aa" in "aaa" once, as indexOf stepping finds it), at most COUNT_CAP."""
    joined = "\n".join(texts)  # no gram spans a line break, so the sections count apart
    hits = _gram_counts(joined)
    for gram in [g for g in hits if len(g) == 2 and g[0] == g[1]]:
        hits[gram] = joined.count(gram)
    if hits and max(hits.values()) > COUNT_CAP:  # rare: cap each section's count
        capped: Counter = Counter()
        for text in texts:
            for gram, n in _text_hits([text]).items():
                capped[gram] += min(n, COUNT_CAP)
        return capped
    return hits


def doc_postings(entry: Entry) -> dict[str, int]:
    """gram -> hits * 4 + code of the best field weight, for one page (see the module docstring)."""
    hits = _text_hits([fold(s.text) for s in entry.sections])
    weights = dict.fromkeys(hits, WEIGHT_TEXT)
    fields = [(fold(s.heading), WEIGHT_HEADING) for s in entry.sections]
    fields += [(fold(entry.meta[k]), META_WEIGHTS[k]) for k in META_ORDER if entry.meta.get(k)]
    fields.append((fold(entry.title), WEIGHT_TITLE))
    for text, weight in sorted(fields, key=lambda f: f[1]):  # a heavier field overwrites a lighter one
        weights.update(dict.fromkeys(_gram_counts(text), weight))
    return {gram: hits.get(gram, 0) * 4 + WEIGHT_CODE[weight] for gram, weight in weights.items()}


def doc_records(doc_id: int, entry: Entry) -> list[tuple[str, int, int]]:
    """The strings whose presence in a query gives this page a bonus: title, team, organisation."""
    records = [(fold(entry.title), doc_id, RECORD_TITLE)]
    records += [(fold(entry.meta[k]), doc_id, RECORD_META) for k in EXACT_META if entry.meta.get(k)]
    return records


def ordered(entries: list[Entry]) -> list[Entry]:
    """Experiences first, then the other pages: the order of the whole index (ids are positions)."""
    return [e for e in entries if e.kind == "e"] + [e for e in entries if e.kind != "e"]


def _bucket_count(total_bytes: int, target: int) -> int:
    n = 1
    while n < MAX_BUCKETS and n * target < total_bytes:
        n *= 2
    return n


def script_json(value) -> str:
    """JSON safe inside a <script> file: no "</", no raw line separators, no lone surrogates."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _delta(flat: array) -> list[int]:
    """[doc delta, code, …]: small numbers, short JSON."""
    out = flat.tolist()
    ids = out[0::2]
    out[2::2] = [b - a for a, b in zip(ids, ids[1:])]
    return out


class ShardWriter:
    """Collects the postings of every page, then gives them out bucket by bucket."""

    def __init__(self) -> None:
        self.postings: dict[str, array] = {}  # gram -> [doc id, code, doc id, code, …]
        self.records: list[tuple[str, int, int]] = []
        self.experiences = 0
        self.count = 0

    def add(self, doc_id: int, entry: Entry) -> None:
        postings = self.postings
        for gram, code in doc_postings(entry).items():
            flat = postings.get(gram)
            if flat is None:
                flat = postings[gram] = array("I")
            flat.append(doc_id)
            flat.append(code)
        self.records += doc_records(doc_id, entry)
        self.experiences += entry.kind == "e"
        self.count += 1

    def gram_buckets(self) -> tuple[int, Iterator[tuple[int, dict[str, list[int]]]]]:
        """The number of buckets, and each bucket's postings (built one at a time: they are large)."""
        total = sum(6 + 3 * len(p) for p in self.postings.values())
        n = _bucket_count(total, BUCKET_TARGET_BYTES)
        members: dict[int, list[str]] = {b: [] for b in range(n)}
        for gram in sorted(self.postings):
            members[fnv1a(gram) % n].append(gram)
        return n, ((b, {g: _delta(self.postings[g]) for g in grams}) for b, grams in members.items())

    def record_buckets(self) -> dict[int, list]:
        """Records bucketed by the whole string (search.js gives the bonus for a query equal to it)."""
        found = [r for r in self.records if r[0]]
        n = _bucket_count(sum(len(r[0]) * 3 + 8 for r in found), RECORD_TARGET_BYTES)
        buckets: dict[int, list] = {b: [] for b in range(n)}
        for text, doc_id, kind in found:
            buckets[fnv1a(text) % n].append([text, doc_id, kind])
        return buckets


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def write_shards(search_dir: Path, entries: list[Entry], manifest_global: str) -> None:
    """Replace search_dir's shards with those of `entries`; raises OSError when a file cannot be written."""
    for sub in (GRAM_DIR, RECORD_DIR, DOC_DIR):
        if (search_dir / sub).exists():
            shutil.rmtree(search_dir / sub)
        (search_dir / sub).mkdir(parents=True)
    writer = ShardWriter()
    for doc_id, entry in enumerate(ordered(entries)):
        writer.add(doc_id, entry)
        _write(search_dir / DOC_DIR / f"{doc_id}.js", f"{DOC_CALLBACK}({doc_id},{script_json(entry.to_json())});\n")
    gram_count, grams = writer.gram_buckets()
    for b, data in grams:
        _write(search_dir / GRAM_DIR / f"{b}.js", f"{SHARD_CALLBACK}({b},{script_json(data)});\n")
    records = writer.record_buckets()
    for b, data in records.items():
        _write(search_dir / RECORD_DIR / f"{b}.js", f"{RECORD_CALLBACK}({b},{script_json(data)});\n")
    manifest = {"v": FORMAT_VERSION, "n": writer.count, "e": writer.experiences, "g": gram_count, "r": len(records)}
    _write(search_dir / "index.js", f"window.{manifest_global} = {script_json(manifest)};\n")


def read_whole_index(search_dir: Path) -> dict:
    """The whole index (search_index.index_data's shape) rebuilt from a written site's page files."""
    docs = []
    paths = sorted((Path(search_dir) / DOC_DIR).glob("*.js"), key=lambda p: int(p.stem))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        docs.append(json.loads(text[text.index(",") + 1 : text.rindex(")")]))
    return {"v": 1, "docs": docs}
