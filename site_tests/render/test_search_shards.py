"""The sharded search index (converters/render/search_shards.py): what each file holds, and that the
postings give search.js's scores for 1- and 2-character terms."""

from __future__ import annotations

import json
from pathlib import Path

from converters.render import search_shards as shards
from converters.render.search_index import Entry, Section, index_data, page_entry


def _entry(url="experiences/a/", title="运用六西格玛降低不良率", kind="e", meta=None, sections=()):
    return Entry(url, title, kind, meta if meta is not None else {"team": "装配班", "org": "示例公司"}, tuple(sections))


def _script_data(path: Path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index(",") + 1 : text.rindex(")")])


def test_fold_is_search_js_fold_in_utf16_units():
    assert shards.fold("ＰＤＣＡ循环９８％ DMAIC") == "pdca循环98% dmaic"
    assert shards.fold("Ｘ／ｙ") == "x/y"
    assert len(shards.fold("𠀋班")) == 3  # one astral character is two units, as in JavaScript


def test_fnv1a_is_the_32_bit_hash_of_the_units():
    assert shards.fnv1a("") == 0x811C9DC5
    assert shards.fnv1a("a") == 0xE40C292C  # the published FNV-1a test vector


def _decoded(entry: Entry) -> dict[str, tuple[int, int]]:
    weights = {v: k for k, v in shards.WEIGHT_CODE.items()}
    return {g: (weights[c & 3], c >> 2) for g, c in shards.doc_postings(entry).items()}


def test_postings_hold_the_best_field_weight_and_the_text_occurrences():
    entry = _entry(
        meta={"team": "装配班", "year": "2025年"},
        sections=[Section("", "", "装配班 · 示例"), Section("h", "质量文化", "不良率下降，不良率再降。装配")],
    )
    got = _decoded(entry)
    assert got["西格"] == (8, 0)  # title only
    assert got["不良"] == (8, 2)  # title, and twice in the text
    assert got["装配"] == (4, 2)  # team beats the text
    assert got["文化"] == (2, 0)  # a heading
    assert got["20"] == (2, 0)  # the year weighs as a heading
    assert got["下降"] == (1, 1)
    assert got["率"] == (8, 2)
    assert not [g for g in got if " " in g]  # a query term never holds a space


def test_repeated_characters_count_as_indexof_steps_and_sections_apart():
    entry = _entry(title="", meta={}, sections=[Section("a", "", "哈哈哈"), Section("b", "", "哈哈哈哈")])
    got = _decoded(entry)
    assert got["哈哈"] == (1, 1 + 2)
    assert got["哈"] == (1, 7)


def test_written_files_hold_the_whole_index(tmp_path):
    pages = [
        page_entry("about/", "关于", "<p>本站说明</p>"),
        _entry(sections=[Section("", "", "正文一")]),
        _entry("experiences/b/", "推行防错", meta={"team": "检修组"}, sections=[Section("x", "实施", "正文二 &lt;/script&gt;")]),
    ]
    shards.write_shards(tmp_path / "search", pages, "__idx")
    manifest = (tmp_path / "search" / "index.js").read_text(encoding="utf-8")
    assert manifest.startswith("window.__idx = ")
    data = json.loads(manifest[manifest.index("=") + 1 :].strip().rstrip(";"))
    assert data == {"v": 2, "n": 3, "e": 2, "g": data["g"], "r": data["r"]} and data["g"] >= 1
    # Experiences first: ids are the positions of the whole index.
    assert shards.read_whole_index(tmp_path / "search") == index_data(pages)
    bucket = shards.fnv1a("正文") % data["g"]
    postings = _script_data(tmp_path / "search" / "g" / f"{bucket}.js")["正文"]
    assert postings == [0, 1 * 4 + 0, 1, 1 * 4 + 0]  # docs 0 and 0+1, once each in the text
    records = _script_data(tmp_path / "search" / "r" / f"{shards.fnv1a('检修组') % data['r']}.js")
    assert ["检修组", 1, shards.RECORD_META] in records
    assert len(list((tmp_path / "search" / "g").glob("*.js"))) == data["g"]


def test_rewriting_replaces_the_old_shards(tmp_path):
    shards.write_shards(tmp_path, [_entry(), _entry("experiences/b/")], "__idx")
    shards.write_shards(tmp_path, [_entry()], "__idx")
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["0.js"]


def test_script_text_is_inert_and_valid_utf8():
    text = shards.script_json({"t": "</script>\u2028\ud840"})
    assert "</" not in text and "\u2028" not in text and "\\ud840" in text
    text.encode("utf-8")


def test_bucket_count_grows_with_the_postings():
    assert shards._bucket_count(0, 1000) == 1
    assert shards._bucket_count(5000, 1000) == 8
    assert shards._bucket_count(10**12, 1000) == shards.MAX_BUCKETS
