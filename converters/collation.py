"""Order Chinese names the way readers look them up: by pinyin (汉语拼音), then tone, then the text.

Code-point order puts 宿迁 before 常州 and 扬州 for no reason a reader can see; listings, the browse
pages and the printed book use this key instead. pypinyin is imported on first use (≈0.2 s).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=None)
def pinyin_key(text: str) -> tuple[str, str, str]:
    """Sort key: (syllables without tones, with tone numbers, the text itself). Latin letters and
    digits sort among the syllables, case-folded; NFKC makes full-width Ａ１ the same as A1."""
    from pypinyin import Style, lazy_pinyin

    norm = unicodedata.normalize("NFKC", text or "")
    plain = lazy_pinyin(norm, style=Style.NORMAL)
    toned = lazy_pinyin(norm, style=Style.TONE3, neutral_tone_with_five=True)
    return " ".join(plain).casefold(), " ".join(toned).casefold(), norm


def pinyin_slug(text: str, limit: int = 40) -> str:
    """A readable, stable URL segment: 南京市质量协会 -> nanjingshizhiliangxiehui. Depends on the name
    only, so a recommender's page keeps its address whatever else is published; a name without
    letters or syllables gets a digest instead."""
    from pypinyin import lazy_pinyin

    norm = unicodedata.normalize("NFKC", text or "")
    slug = re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(norm)).casefold())[:limit]
    return slug or "r" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:8]


def unique_slugs(names: list[str]) -> dict[str, str]:
    """pinyin_slug for each name; homophones (苏州/宿州) get a digest suffix so no two share a page."""
    slugs = {name: pinyin_slug(name) for name in names}
    taken: dict[str, int] = {}
    for slug in slugs.values():
        taken[slug] = taken.get(slug, 0) + 1
    return {name: slug if taken[slug] == 1 else f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"
            for name, slug in slugs.items()}
