"""What the experience page's first screen says about results: the before→after comparisons
written in 实施效果 ("顾客满意度由95.2%提升至98.6%"), and the short share description.

The verbs, units and limits are data (converters/data/reading.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..datafiles import DATA_DIR, DataFileError, cached_loader, read_yaml, str_list, top_level, unknown_keys
from ..model import Block
from ..text import blocks_text

READING_FILE = DATA_DIR / "reading.yml"
_LABEL_STOP = "，,。；;：:、！!？?（）()\n"


@dataclass(frozen=True, slots=True)
class ReadingData:
    limit: int
    label_max: int
    rises: tuple[str, ...]
    falls: tuple[str, ...]
    units: tuple[str, ...]
    share_description_chars: int


def _parse(path: Path) -> ReadingData:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, ("results", "share_description_chars"), str(path), problems)
    results = data.get("results") if isinstance(data.get("results"), dict) else {}
    unknown_keys(results, ("limit", "label_max", "rises", "falls", "units"), f"{path} results", problems)
    numbers = {}
    for where, value in (("results.limit", results.get("limit")), ("results.label_max", results.get("label_max")),
                         ("share_description_chars", data.get("share_description_chars"))):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.append(f"{where} 应为正整数，实际为 {value!r}")
        numbers[where] = value
    lists = {key: str_list(results.get(key), f"results.{key}", problems) for key in ("rises", "falls", "units")}
    if problems:
        raise DataFileError(path, problems)
    return ReadingData(numbers["results.limit"], numbers["results.label_max"], tuple(lists["rises"]),
                       tuple(lists["falls"]), tuple(lists["units"]), numbers["share_description_chars"])


load_reading = cached_loader(_parse, READING_FILE)


@cache
def _pattern(rises: tuple[str, ...], falls: tuple[str, ...], units: tuple[str, ...]) -> re.Pattern:
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    unit = rf"(?:{alt(units)})?(?:/[年月日天次台件])?"
    number = r"\d[\d,]*(?:\.\d+)?"
    return re.compile(
        rf"(?P<label>[^{re.escape(_LABEL_STOP)}]{{2,60}}?)由(?P<before>{number}{unit})"
        rf"(?P<verb>{alt(rises + falls)})(?P<after>{number}{unit})"
    )


def before_after(blocks: tuple[Block, ...], data: ReadingData | None = None) -> list[dict]:
    """[{label, before, after, change: "up"|"down"}] in the order 实施效果 states them."""
    data = data or load_reading()
    text = blocks_text(blocks)
    found: list[dict] = []
    for match in _pattern(data.rises, data.falls, data.units).finditer(text):
        label = match["label"].strip()
        label = re.sub(r"^(?:其中|并且|使|使得|以及|和|及)", "", label)[-data.label_max :]
        before, after = match["before"], match["after"]
        unit_of_before = before.lstrip("0123456789,.")
        if unit_of_before and after == after.rstrip("%％") and not after.lstrip("0123456789,."):
            after += unit_of_before  # "由95%提升至98" reads as 98%
        found.append({"label": label, "before": before, "after": after,
                      "change": "up" if match["verb"] in data.rises else "down"})
        if len(found) >= data.limit:
            break
    return found


def share_description(text: str, data: ReadingData | None = None) -> str:
    """The first characters of 班组概况 for a link card: one line, at most the configured count."""
    limit = (data or load_reading()).share_description_chars
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
