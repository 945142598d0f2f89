"""The benchmark must not rot: its generator makes the documents the issue asks for, and a quick run
(N = 2 and 3, peers included) prints every row of the table. Timings are never asserted."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import gen  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")


def _blocks(exp: dict, kind: str) -> list[dict]:
    return [b[kind] for part in gen.PART_KEYS for b in exp["parts"][part] if kind in b]


def test_generated_experience_has_the_shape_of_the_issue():
    pool = gen.load_pool()
    for index in (0, 1, 57):
        exp = gen.experience_record(index, gen.DEFAULT_SEED, pool)
        tables = _blocks(exp, "table")
        assert len(tables) == 4
        assert sum(1 for t in tables if t["merge"]) == 1
        assert len(_blocks(exp, "image")) == 6
        assert len(_blocks(exp, "chart")) == 1
        assert exp["shape"]["parts"] in ("numbered_multilevel", "numbered_separate")  # Word auto-numbering
        assert 6500 <= gen.document_words(exp) <= 7600
        captions = [t["caption"] for t in tables]
        assert [c.split("\u3000")[0] for c in captions] == ["表1", "表2", "表3", "表4"]


def test_experience_records_do_not_depend_on_other_experiences_and_titles_are_unique():
    pool = gen.load_pool()
    assert gen.experience_record(7, 1, pool) == gen.experience_record(7, 1, gen.load_pool())
    titles = {gen.experience_title(i, gen.DEFAULT_SEED) for i in range(gen.MAX_N)}
    assert len(titles) == gen.MAX_N
    assert max(len(t) for t in titles) <= 30


def test_an_experience_beyond_the_full_ones_is_derived_with_its_own_names_figures_and_photos(tmp_path):
    import zipfile
    from io import BytesIO

    g = gen.Generator(cache=tmp_path)
    index = gen.derive.FULL_N + 5
    template = index % gen.derive.TEMPLATES
    body, form = g.documents(index)
    own, theirs = g.light_record(index), g.light_record(template)
    assert own["recommender"] == theirs["recommender"] and own["title"] != theirs["title"]
    with zipfile.ZipFile(BytesIO(body)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
        photos = [zf.read(n) for n in zf.namelist() if n.startswith("word/media/") and n.endswith((".jpg", ".jpeg"))]
    assert own["title"] in xml and theirs["title"] not in xml and own["team"] in xml
    with zipfile.ZipFile(BytesIO(g.documents(template)[0])) as zf:
        template_xml = zf.read("word/document.xml").decode("utf-8")
    assert xml != template_xml.replace(theirs["title"], own["title"])  # figures changed too
    assert photos and all(f"bench-{index:04d}".encode() in p for p in photos)
    with zipfile.ZipFile(BytesIO(form)) as zf:
        assert own["title"] in zf.read("word/document.xml").decode("utf-8")
    assert g.documents(index) == (body, form)  # deterministic


def test_sentences_are_split_outside_bold_markup():
    assert gen.split_sentences("**一是效果好。**后文在此。再一句！") == ["**一是效果好。**", "后文在此。", "再一句！"]


def test_quick_benchmark_prints_every_row(tmp_path):
    out_json = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--peers",
         "--cache-dir", str(tmp_path / "cache"), "--json", str(out_json)],
        cwd=REPO, capture_output=True, text=True, timeout=600,  # a hang guard, not a speed check (shared machines are slow)
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {m.group(1) for m in re.finditer(r"^\| ([a-z0-9.]+) \|", proc.stdout, re.M)}
    expected = {
        "convert.ours.core", "convert.ours.images", "convert.ours.cli",
        "convert.pandoc.cli", "convert.pandoc.loop", "convert.mammoth",
        "build.n2", "build.n3", "rerun.convert", "rerun.build",
        "site.index.n2", "site.index.n3", "site.total.n2", "site.total.n3",
        "page.weight", "page.pictures", "page.growth", "realistic.ours.cli", "realistic.pandoc.cli",
    }
    expected |= {"search.bytes", "search.time"} if CHROMIUM.exists() else {"search.first"}
    if (os.cpu_count() or 1) > 1:
        expected.add("convert.ours.parallel")
    assert expected <= rows, f"缺少的行：{sorted(expected - rows)}\n{proc.stdout}"
    assert "机器：" in proc.stdout and "版本：" in proc.stdout
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert {r["id"] for r in data["rows"]} == rows
    for row in data["rows"]:  # a measured row never reports a failure to measure
        assert not row["value"].startswith("失败"), row


@pytest.mark.parametrize("n", [0, gen.MAX_N + 1])
def test_generator_refuses_sizes_outside_the_range(tmp_path, n):
    with pytest.raises(ValueError):
        gen.Generator(cache=tmp_path).write_inbox(n, tmp_path / "inbox")
