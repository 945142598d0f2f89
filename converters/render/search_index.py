"""The site's own full-text search index, written at build time by the site plugin.

Why not Material's search: lunr matches word prefixes of jieba's words, so a reader typing a fragment
(部件 in 零部件, 西格玛 in 六西格玛) finds nothing, and its index is slow to build in the browser.
Here every page is stored as plain text per section and the browser matches substrings
(content/assets/javascripts/search.js), so any string that occurs in a page finds it.

The site ships the index in shards (render/search_shards.py: ``search/index.js`` is their manifest),
each a ``<script>`` loaded when a query needs it, so it works from file:// as well as over http,
with no fetch. The whole index below is what a page's shard ``search/d/<id>.js`` holds one entry
of, and the reference the sharded search must equal (tests, bench/search_scale.py). Shape
(compact keys, because the files are downloaded by phones)::

    {"v": 1, "docs": [
      {"u": "experiences/2025-001/",          # URL relative to the site root, as built
       "t": "经验名称",                         # title
       "k": "e",                               # kind: "e" experience, "p" any other page
       "m": {"team": …, "org": …, "rec": …, "ind": …, "year": …, "methods": …, "facts": …},
       "s": [["班组概况", "班组概况", "正文…"], …]}   # sections: [anchor, heading, text]
    ]}

Text is kept as written (Chinese punctuation stays full-width) with whitespace collapsed and
invisible characters (zero-width spaces, soft hyphens) removed; the browser folds case and
full-width letters and digits when it matches. Chart SVGs, scripts, styles, permalinks and
elements marked ``data-search-exclude`` (the experience header's title, metrics and facts) are left
out; an experience's byline, chips and methods line form its first section, and its front matter
gives the fields that rank higher (team, organisation, recommender, industry, methods, year, facts).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..model import Finding, error

INDEX_PATH = "search/index.js"
INDEX_GLOBAL = "__showcaseSearchIndex"
FORMAT_VERSION = 1
# Material's own index; the search plugin stays only for the header's search button, and writes an
# empty index that nothing reads.
MATERIAL_INDEX_PATH = "search/search_index.json"

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Whole subtrees never indexed: not text a reader sees as prose (charts have a caption and a table).
_SKIP = frozenset({"script", "style", "template", "svg", "math", "noscript", "button", "select"})
# Elements whose boundaries separate words (table cells, list items, paragraphs …).
_BLOCKS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr",
        "td", "th", "caption", "figure", "figcaption", "blockquote", "pre", "section", "article",
        "header", "footer", "nav", "aside", "details", "summary", "br", "hr", "img", "h1", "h2",
        "h3", "h4", "h5", "h6",
    }
)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def normalise(text: str) -> str:
    """Invisible characters dropped, whitespace runs (full-width spaces too) collapsed, trimmed."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", str(text or ""))).strip()


@dataclass(frozen=True, slots=True)
class Section:
    anchor: str  # "" for the text before the first heading
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Entry:
    url: str
    title: str
    kind: str  # "e" experience, "p" other page
    meta: dict[str, str] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"u": self.url, "t": self.title, "k": self.kind}
        if self.meta:
            data["m"] = self.meta
        data["s"] = [[s.anchor, s.heading, s.text] for s in self.sections]
        return data


class _SectionParser(HTMLParser):
    """Splits page HTML into sections at headings that carry an id (the TOC anchors)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[list[Any]] = [["", [], []]]  # [anchor, heading parts, text parts]
        self._stack: list[tuple[str, bool]] = []  # (tag, starts a skipped subtree)
        self._skip_depth = 0
        self._heading_depth = 0  # > 0 while inside a heading that opened a section
        self._permalink_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        skipped = self._skip_depth > 0 or self._starts_skip(tag, named)
        if tag == "math" and self._skip_depth == 0 and named.get("alttext"):
            # The MathML tree is markup; its linear text (x=a^2+b) is what a reader would type.
            self._current().append(f" {named['alttext']} ")
        if tag not in _VOID:
            self._stack.append((tag, skipped and self._skip_depth == 0))
            if skipped:
                self._skip_depth += 1
        if skipped:
            return
        if tag in _HEADINGS and named.get("id"):
            self.sections.append([named["id"] or "", [], []])
            self._heading_depth = 1
        elif self._heading_depth and tag not in _VOID:
            self._heading_depth += 1
            if tag == "a" and "headerlink" in (named.get("class") or "").split():
                self._permalink_depth = self._heading_depth
        if tag in _BLOCKS:
            self._current().append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(open_tag == tag for open_tag, _s in self._stack):
            return  # a stray end tag closes nothing
        while self._stack:
            open_tag, started_skip = self._stack.pop()
            if self._skip_depth:
                self._skip_depth -= 1
                if open_tag == tag:
                    return
                continue
            if self._heading_depth:
                if self._permalink_depth == self._heading_depth:
                    self._permalink_depth = 0
                self._heading_depth -= 1
            if open_tag in _BLOCKS:
                self._current().append(" ")
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._skip_depth or self._permalink_depth:
            return
        self._current().append(data)

    def _current(self) -> list[str]:
        section = self.sections[-1]
        return section[1] if self._heading_depth else section[2]

    @staticmethod
    def _starts_skip(tag: str, attrs: dict[str, str | None]) -> bool:
        return tag in _SKIP or "data-search-exclude" in attrs


def split_sections(html: str) -> tuple[Section, ...]:
    """Sections of a page's content HTML; empty ones (no heading, no text) are dropped."""
    parser = _SectionParser()
    parser.feed(html or "")
    parser.close()
    sections = []
    for anchor, heading, text in parser.sections:
        section = Section(str(anchor), normalise("".join(heading)), normalise("".join(text)))
        if section.heading or section.text:
            sections.append(section)
    return tuple(sections)


def _strings(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if value not in (None, "") else []


def experience_meta(meta: dict[str, Any]) -> dict[str, str]:
    """Searchable facts from an experience's front matter (only what the page itself publishes)."""
    methods = _strings(meta.get("methods")) + [
        m for m in _strings(meta.get("method_details")) if m not in _strings(meta.get("methods"))
    ]
    facts = []
    for item in meta.get("facts") or []:
        if isinstance(item, dict) and item.get("value") not in (None, ""):
            facts.append(f"{item.get('label') or ''} {item['value']}{item.get('unit') or ''}")
    fields = {
        "team": meta.get("team"),
        "org": meta.get("organization"),
        "rec": meta.get("recommender"),
        "ind": meta.get("industry"),
        "year": f"{meta['year']}年" if meta.get("year") not in (None, "") else "",
        "methods": "、".join(methods),
        "facts": "；".join(facts),
    }
    return {key: normalise(value) for key, value in fields.items() if value and normalise(value)}


def page_entry(url: str, title: str, html: str, meta: dict[str, Any] | None = None, *, experience: bool = False) -> Entry:
    """One page of the index. `html` is the page content as built (Markdown rendered, header added)."""
    return Entry(
        url=url,
        title=normalise(title),
        kind="e" if experience else "p",
        meta=experience_meta(meta or {}) if experience else {},
        sections=split_sections(html),
    )


def index_data(entries: list[Entry]) -> dict[str, Any]:
    """Experiences first (in the order given), then the other pages; ranking ties keep this order."""
    ordered = [e for e in entries if e.kind == "e"] + [e for e in entries if e.kind != "e"]
    return {"v": FORMAT_VERSION, "docs": [e.to_json() for e in ordered]}


def index_script(entries: list[Entry]) -> str:
    """``window.__showcaseSearchIndex = {…};`` that cannot close its <script> element."""
    text = json.dumps(index_data(entries), ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{INDEX_GLOBAL} = {text};\n"


def write_index(site_dir: Path, entries: list[Entry]) -> list[Finding]:
    """Write the sharded index (search/index.js and its shards, render/search_shards.py) under site_dir;
    a write failure is an ERROR finding naming the file."""
    from .search_shards import write_shards

    target = Path(site_dir) / INDEX_PATH
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_shards(target.parent, entries, INDEX_GLOBAL)
    except OSError as exc:
        return [error("SEARCH_INDEX_WRITE", f"无法写出搜索索引 {target}：{exc}", str(target))]
    return []


def remove_material_index(site_dir: Path) -> None:
    """Drop the search plugin's empty index, so the offline plugin does not copy it into a script."""
    path = Path(site_dir) / MATERIAL_INDEX_PATH
    if path.is_file():
        path.unlink()
