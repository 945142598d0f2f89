"""End to end on the embedded sample inbox: what `showcase build` publishes, and what it must not."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from PIL import Image

from converters.cli import main

REPO = Path(__file__).resolve().parents[2]
INBOX = REPO / "samples" / "inbox"
TEXTS = sorted((REPO / "samples" / "texts").glob("[0-9][0-9]-*.yml"))
PART_TITLES = ("班组概况", "实施背景", "实施过程", "实施效果")


def _samples() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in TEXTS]


def _front_matter(page: Path) -> tuple[dict, str]:
    text = page.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


def _pages(built_site) -> dict[str, tuple[dict, str, Path]]:
    out = {}
    for page in sorted((built_site.content_dir / "experiences").glob("*/index.md")):
        fm, body = _front_matter(page)
        out[fm["title"]] = (fm, body, page)
    return out


def _inbox_members() -> set[str]:
    """Every file as the report names it: folders walked, ZIP members listed through their archive."""
    names: set[str] = set()
    for path in INBOX.rglob("*"):
        if path.is_dir():
            continue
        rel = path.relative_to(INBOX).as_posix()
        names.add(rel)
        if path.suffix == ".zip":
            with zipfile.ZipFile(path, metadata_encoding=None) as zf:
                for info in zf.infolist():
                    if not info.is_dir():
                        names.add(f"{rel}/{_decoded(info)}")
    return names


def _decoded(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    return info.filename.encode("cp437").decode("gbk")


def _campaign_files() -> set[str]:
    packages = yaml.safe_load((REPO / "samples" / "texts" / "packages.yml").read_text(encoding="utf-8"))["packages"]
    return {p["campaign"]["file"] for p in packages if p.get("campaign")}


_FILE_KINDS = {"experience": "experience", "form": "form", "stamped_pdf": "unsupported"}


def _expected(source: str, samples: list[dict]) -> tuple[str, str]:
    """(kind, status) the report must give `source`, from the samples' own description."""
    name = source.rsplit("/", 1)[-1]
    if "/__MACOSX/" in source or name == "Thumbs.db":
        return "ignored", "skipped"
    if name.endswith(".zip"):
        return "archive", "skipped"
    if name.endswith(".xlsx"):
        return "summary", "published"
    if name in _campaign_files():
        return "campaign", "published"  # 附件4 推进活动统计表: the 推进活动 page
    for sample in samples:
        for role, file_name in sample["files"].items():
            if source.endswith(f"/{sample['subfolder']}/{file_name}"):
                kind = _FILE_KINDS[role]
                if kind == "unsupported":
                    return kind, "skipped"
                # The not-accepted sample's files stay off the site, marked as such.
                return kind, "published" if sample["review"] == "入选" else "not_accepted"
    raise AssertionError(f"样例数据中没有 {source}")


def test_every_input_file_is_accounted_for(built_site):
    report = built_site.report
    listed = {f["source"]: f for f in report["files"]}
    assert set(listed) == _inbox_members()
    samples = _samples()
    assert [s["slug"] for s in samples if s["review"] != "入选"] == ["06-chemical-tpm"]
    wrong = {
        source: ((f["kind"], f["status"]), _expected(source, samples))
        for source, f in listed.items()
        if (f["kind"], f["status"]) != _expected(source, samples)
    }
    assert wrong == {}
    assert report["totals"]["files"] == len(report["files"]) == 40
    assert report["totals"]["files_published"] == 30 and report["totals"]["files_skipped"] == 8
    assert report["totals"]["files_rejected"] == 0


def test_accepted_samples_are_published_and_the_rejected_one_is_not(built_site):
    pages = _pages(built_site)
    for sample in _samples():
        if sample["review"] == "入选":
            assert sample["title"] in pages, f"{sample['slug']} 未发布"
        else:
            assert sample["title"] not in pages
    out = [e for e in built_site.report["experiences"] if e["status"] == "not_accepted"]
    assert len(out) == 1 and "NOT_ACCEPTED" in [f["code"] for f in out[0]["findings"]] and out[0]["page"] == ""
    files = {f["source"]: f["status"] for f in built_site.report["files"]}
    assert files[out[0]["source"]] == "not_accepted"


def test_pages_carry_metadata_and_all_five_parts(built_site):
    pages = _pages(built_site)
    by_title = {s["title"]: s for s in _samples()}
    for title, (fm, body, _page) in pages.items():
        sample = by_title[title]
        assert fm["organization"] == sample["organization"]
        assert fm["team"] == sample["team"]
        assert fm["recommender"] == sample["recommender"]
        assert fm["year"] == 2025
        assert fm["industry_code"] == sample["men_lei"], title
        assert isinstance(fm["methods"], list) and fm["methods"], title
        assert fm["source"].endswith(".docx")
        headings = re.findall(r"^## (.+)$", body, flags=re.M)
        assert headings == list(PART_TITLES), title
        for chunk in re.split(r"^## .+$", body, flags=re.M)[1:]:
            assert len(chunk.strip()) > 50, f"{title}：有空的部分"
        assert sample["signature"] in body, f"{title}：缺少独有术语 {sample['signature']}"


def test_tables_keep_their_cells_and_merges(built_site):
    pages = _pages(built_site)
    fm, body, _ = pages["运用客户之声提升供电服务满意度的实践"]
    assert "表1" in body and "营业班成员结构" in body
    assert '<td rowspan="2">年龄</td>' in body and "35岁及以下" in body
    merged = sum("rowspan=" in b or "colspan=" in b for _fm, b, _p in pages.values())
    assert merged >= 2


def test_native_charts_are_drawn_with_their_numbers(built_site):
    bodies = [b for _fm, b, _p in _pages(built_site).values()]
    charts = [b for b in bodies if '<svg class="showcase-chart"' in b]
    assert len(charts) >= 5
    assert all("chart-table" in b for b in charts)


def test_pictures_exist_beside_their_page_without_exif(built_site):
    count = 0
    for _fm, body, page in _pages(built_site).values():
        for src in re.findall(r'<img src="([^"]+)"', body):
            picture = page.parent / src
            assert picture.is_file(), picture
            with Image.open(picture) as img:
                assert not img.getexif(), f"{picture} 仍含 EXIF"
                assert max(img.size) <= 1600
            assert picture.stat().st_size <= 250 * 1024
            count += 1
    assert count >= 2 * len(_pages(built_site))


def _form_secrets() -> dict[str, str]:
    """Every never/internal value written into a sample form or summary (make_samples.py's data),
    value -> where it comes from. A value that the sample also uses in its own published text
    (e.g. a 主管部门 named like the team) cannot be told apart from that text and is left out."""
    spec = importlib.util.spec_from_file_location("make_samples", REPO / "samples" / "make_samples.py")
    make_samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_samples)
    secrets: dict[str, str] = {}
    for exp in make_samples.load_experiences():
        own = yaml.safe_dump({k: v for k, v in exp.items() if k != "contact"}, allow_unicode=True)
        for key, value in exp["contact"].items():
            if str(value) not in own:
                secrets[str(value)] = f"{exp['slug']}.contact.{key}"
    return secrets


def test_the_secret_list_covers_every_contact_field_of_every_sample():
    secrets = _form_secrets()
    samples = _samples()
    keys = {key for s in samples for key in s["contact"]}
    assert keys == {"credit_code", "address", "postcode", "department", "person", "mobile", "phone", "email"}
    # all 12 x 8 values but the two departments that are also words of their sample's own text
    assert len(secrets) == len(samples) * len(keys) - 2
    assert sum(where.endswith(".postcode") for where in secrets.values()) == len(samples)


def test_contact_data_never_reaches_the_content_or_the_site(built_site):
    secrets = set(_form_secrets())
    leaks = []
    for root in (built_site.content_dir, built_site.site_dir):
        for path in root.rglob("*"):
            if path.is_file() and path.suffix in {".md", ".html", ".json", ".js", ".xml", ".txt", ".yml"}:
                text = path.read_text(encoding="utf-8", errors="ignore")
                leaks += [f"{path.name}: {s}" for s in secrets if s in text]
                leaks += [f"{path.name}: {label}" for label in ("主管部门", "直接联系人", "详细通讯地址") if label in text]
    assert leaks == []


def test_sensitive_fields_are_off_by_default(built_site):
    for fm, _body, _page in _pages(built_site).values():
        ids = {row["id"] for row in fm["metrics"] + fm["facts"]}
        assert not ids & {"team_leader", "quality_cost", "complaints", "accidents", "review"}
        assert {"satisfaction", "team_size"} <= ids


def test_original_office_files_are_never_copied_into_the_site(built_site):
    originals = [p for p in built_site.site_dir.rglob("*") if p.suffix.lower() in {".docx", ".doc", ".xlsx", ".pdf", ".zip"}]
    assert originals == []


def test_index_pages_link_every_experience(built_site):
    slugs = {p.parent.name for p in (built_site.content_dir / "experiences").glob("*/index.md")}
    for folder in ("industries", "methods", "recommenders", "years"):
        linked = set()
        for page in (built_site.content_dir / folder).glob("*.md"):
            linked |= set(re.findall(r"experiences/([\w-]+)/index\.md", page.read_text(encoding="utf-8")))
        assert linked == slugs, folder


# The problems the samples carry on purpose (samples/texts/*.yml), by sample.
PLANTED = {"05-bank-counter": ["NAME_MISMATCH"], "09-tobacco-lean": ["TEAM_NAME_SUFFIX"],
           "10-rail-wheelset": ["TITLE_PATTERN"], "12-water-spc": ["TITLE_TOO_LONG"]}


def _by_sample(report: dict) -> dict[str, dict]:
    """The report's experience entry of each accepted sample (the not-accepted one is a file entry)."""
    out = {}
    for sample in _samples():
        if sample["review"] != "入选":
            continue
        hits = [e for e in report["experiences"] if f"/{sample['subfolder']}/" in e["source"]]
        assert len(hits) == 1, sample["slug"]
        out[sample["slug"]] = hits[0]
    return out


def test_planted_problems_are_reported_as_warnings(built_site):
    found = {slug: [f["code"] for f in e["findings"]] for slug, e in _by_sample(built_site.report).items()}
    assert {slug: codes for slug, codes in found.items() if codes} == PLANTED
    assert all(f["severity"] == "warning" for slug in PLANTED for f in _by_sample(built_site.report)[slug]["findings"])


def _page_text(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", html_text))


def test_the_review_page_shows_every_experience_its_status_and_each_finding(built_site):
    report = built_site.report
    page = _page_text(built_site.report_path.with_suffix(".html").read_text(encoding="utf-8"))
    assert "不要公开发布" in page
    for slug, e in _by_sample(report).items():
        title = next(s["title"] for s in _samples() if s["slug"] == slug)
        assert title in page and e["source"] in page, slug
        for finding in e["findings"]:
            assert f"[{finding['code']}]" in page and finding["message"] in page, (slug, finding["code"])
    assert page.count("已发布") >= report["totals"]["experiences_published"] == 11
    leaked = [s for s in _form_secrets() if s in page]
    assert leaked == []


# ---------------------------------------------------------------- command line


def test_missing_inbox_is_a_usage_error(tmp_path, capsys):
    assert main(["convert", str(tmp_path / "无此目录"), "--out", str(tmp_path / "out")]) == 2
    assert "收件箱不存在" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["convert"], "缺少必需的参数"),
        (["convert", "x", "--out", "y", "--bogus"], "无法识别的参数：--bogus"),
        (["convert", "x", "--out", "y", "--year", "abc"], "参数 --year 的取值 'abc' 无效"),
        (["frob"], "取值 'frob' 无效"),
    ],
)
def test_bad_arguments_exit_with_code_2_in_chinese(argv, message, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "参数错误" in err and message in err and "用法：" in err


def test_strict_mode_rejects_flagged_experiences_and_exits_1(tmp_path):
    out, report = tmp_path / "content", tmp_path / "report.json"
    assert main(["convert", str(INBOX), "--out", str(out), "--report", str(report), "--strict"]) == 1
    published = {_front_matter(p)[0]["title"] for p in (out / "experiences").glob("*/index.md")}
    assert "基于6S目视化管理的轮对检修质量提升探索" not in published
    assert "运用客户之声提升供电服务满意度的实践" in published


def test_default_mode_exits_0_despite_warnings(tmp_path):
    out, report = tmp_path / "content", tmp_path / "report.json"
    assert main(["convert", str(INBOX), "--out", str(out), "--report", str(report)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    totals = data["totals"]
    assert totals["warnings"] == sum(len(codes) for codes in PLANTED.values()) and totals["errors"] == 0
    assert totals["experiences_published"] == 11 and totals["experiences_rejected"] == 0
    published = {_front_matter(p)[0]["title"] for p in (out / "experiences").glob("*/index.md")}
    assert published == {s["title"] for s in _samples() if s["review"] == "入选"}


@pytest.mark.parametrize("parallel_min", [1000, 2], ids=["one-process", "two-processes"])
def test_an_internal_error_rejects_only_that_experience(tmp_path, monkeypatch, parallel_min):
    from converters import pipeline

    build = pipeline.build_experience

    def failing_for_one(sub, *args, **kwargs):
        if "钢筋班" in sub.experience.source:
            raise RuntimeError("模拟的内部错误")
        return build(sub, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_experience", failing_for_one)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_JOBS", parallel_min)
    outcome = pipeline.convert(INBOX, tmp_path / "content", pipeline.Options(year=2025))
    rejected = [e for e in outcome.report.experiences if e.status == "rejected"]
    assert [e.source for e in rejected] == ["南京市质量协会/样例建设集团-钢筋班/附件1.docx"]
    assert rejected[0].findings[-1].code == "CONVERT_FAILED" and "模拟的内部错误" in rejected[0].findings[-1].message
    assert len(outcome.published) == 10
