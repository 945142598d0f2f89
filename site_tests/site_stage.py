"""Small hand-made docs dirs ("stages") in the converter's output format, and an in-process build.

Site tests use these to exercise mkdocs.yml, the theme and the showcase plugin (converters/site/)
without the converter: N fake experience pages, the index pages, _generated/catalog.json (written by
the converter's own catalog writer), plus the hand-written pages copied from the repository's content/.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from converters.outputs.export import site_findings
from converters.render import campaign
from converters.render.catalog import Catalog, CatalogExperience, Industry, Method, Recommender, Year, write_catalog

REPO = Path(__file__).resolve().parent.parent
HAND_WRITTEN = ("index.md", "about.md", "filter.md", "stats.md", "assets")

INDUSTRIES = [
    ("C", "制造业"),
    ("D", "电力、热力、燃气及水生产和供应业"),
    ("I", "信息传输、软件和信息技术服务业"),
]
METHODS = [
    ("voc", "客户之声"),
    ("pdca", "PDCA循环"),
    ("qcc", "QC小组活动"),
    ("lean", "精益管理"),
    ("5s", "5S/6S现场管理"),
    ("six-sigma", "六西格玛"),
]
RECOMMENDERS = ["南京市质量协会", "苏州市质量协会", "江苏省电力行业质量协会"]
TEAMS = ["营销服务一班", "装配二班", "运维检修班", "焊接组", "质检室", "数控加工工段"]
ORGS = ["江南示例供电公司", "苏南示例机械有限公司", "金陵示例软件股份有限公司", "太湖示例制造有限公司"]
# Sentences of ordinary report prose; bodies are built from these so every page has the same length.
PROSE = [
    "班组围绕顾客需求开展质量改进活动，建立了问题收集、分析、整改和验证的闭环机制。",
    "通过现场调查和数据分析，班组找出了影响产品合格率的主要原因，并制定了针对性的对策。",
    "班组每月召开质量分析会，对照目标检查完成情况，持续推进标准化作业。",
    "在实施过程中，班组注重培养员工的质量意识和技能水平，开展岗位练兵和技能比武。",
    "班组将改进成果固化为作业指导书，并在同类岗位推广应用，取得了良好效果。",
    "针对顾客投诉集中的问题，班组组织骨干成员成立攻关小组，逐项落实整改措施。",
]


# Document text that would be live markup if any page printed it raw (the shared hostile stage of
# the browser tests, conftest.hostile_site).
HOSTILE_TITLE = '运用<img src=x onerror="window.__pwned=1">氦检漏&质量的"实践"'
HOSTILE_ORG = "<b>粗体</b>公司"
HOSTILE_BODY = "正文里写着 &lt;script&gt;window.__pwned=3&lt;/script&gt; 这样的字。"


@dataclass
class Stage:
    """A docs dir ready to build, and what was put into it."""

    content_dir: Path
    site_dir: Path
    settings_path: Path
    experiences: list[dict[str, Any]] = field(default_factory=list)


def copy_project(root: Path, config: str = "") -> Path:
    """A project folder under `root` as a user has one: this repository's mkdocs.yml and theme, its
    hand-written content (no generated pages), and a showcase.yml holding `config`."""
    from converters.render.pages import GENERATED_DIRS

    project = root / "project"
    project.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "theme").symlink_to(REPO / "theme")
    shutil.copytree(REPO / "content", project / "content", ignore=shutil.ignore_patterns(*GENERATED_DIRS))
    (project / "showcase.yml").write_text(config, encoding="utf-8")
    return project


def fake_experience(number: int, year: int = 2025) -> dict[str, Any]:
    """Catalog entry number `number` (1-based), deterministic."""
    code, industry = INDUSTRIES[number % len(INDUSTRIES)]
    first = METHODS[number % len(METHODS)]
    second = METHODS[(number + 2) % len(METHODS)]
    slug = f"{year}-{number:03d}"
    return {
        "slug": slug,
        "url": f"experiences/{slug}/",
        "title": f"运用{first[1]}提升班组质量管理水平的实践（第{number}例）",
        "organization": ORGS[number % len(ORGS)],
        "team": TEAMS[number % len(TEAMS)],
        "recommender": RECOMMENDERS[number % len(RECOMMENDERS)],
        "year": year,
        "industry": industry,
        "industry_code": code,
        "methods": [first[1], second[1]],
        "method_ids": [first[0], second[0]],
        "metrics": [
            {"id": "satisfaction", "label": "产品/服务满意度", "value": f"{95 + number % 5}.5", "unit": "%"},
            {"id": "pass_rate", "label": "产品/服务合格率", "value": "99.2", "unit": "%"},
        ],
        "description": PROSE[0][:60],
    }


def _tiny_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 40), (63, 81, 181)).save(buf, format="PNG")
    return buf.getvalue()


def _paragraphs(seed: int, count: int) -> str:
    return "\n\n".join("".join(PROSE[(seed + i + j) % len(PROSE)] for j in range(3)) for i in range(count))


def experience_markdown(exp: dict[str, Any], extra_body: str = "") -> str:
    """An experience page exactly as the converter writes it (front matter + four parts)."""
    meta = {
        "title": exp["title"],
        "organization": exp["organization"],
        "team": exp["team"],
        "recommender": exp["recommender"],
        "year": exp["year"],
        "industry": exp["industry"],
        "industry_code": exp["industry_code"],
        "industry_raw": exp["industry"],
        "methods": exp["methods"],
        "method_ids": exp["method_ids"],
        "method_details": [exp["methods"][0], "因果图", "5W1H"],
        "metrics": exp["metrics"],
        "facts": [{"id": "team_size", "label": "班组人数", "value": "12", "unit": "人"}],
        "description": exp["description"],
        "image": "image1.png",
        "source": f"{exp['recommender']}.zip/{exp['team']}/附件1.docx",
        "template": "experience.html",
    }
    n = int(exp["slug"].rsplit("-", 1)[1])
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"""---
{front}---

## 班组概况

{_paragraphs(n, 2)}

## 实施背景

{_paragraphs(n + 1, 2)}

## 实施过程

### 一、策划

{_paragraphs(n + 2, 3)}[^1]

| 指标 | 实施前 | 实施后 |
| --- | --- | --- |
| 一次交验合格率 | 96.1% | 99.2% |
| 顾客满意度 | 92.0% | 98.5% |

### 二、实施

{_paragraphs(n + 3, 3)}

<figure markdown="span">![现场改进前后对比](image1.png)<figcaption>图1 现场改进前后对比</figcaption></figure>

<table class="merged">
<tr><th rowspan="2">项目</th><th colspan="2">结果</th></tr>
<tr><th>目标</th><th>实际</th></tr>
<tr><td>合格率</td><td>98%</td><td>99.2%</td></tr>
</table>

<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120" role="img" aria-label="合格率变化"><rect x="20" y="40" width="60" height="70" fill="#3f51b5"/><rect x="120" y="20" width="60" height="90" fill="#ff7043"/></svg><figcaption>图2 合格率变化</figcaption></figure>

| 月份 | 合格率 |
| --- | --- |
| 1月 | 96.1 |
| 6月 | 99.2 |

{extra_body}

## 实施效果

{_paragraphs(n + 4, 2)}

[^1]: 数据来源：班组质量记录。
"""


def catalog_entry(exp: dict[str, Any]) -> CatalogExperience:
    """A fake experience as the catalog holds it (figures by field id)."""
    return CatalogExperience(
        slug=exp["slug"], url=exp["url"], title=exp["title"], organization=exp["organization"], team=exp["team"],
        recommender=exp["recommender"], year=exp["year"], industry=exp["industry"], industry_code=exp["industry_code"],
        methods=tuple(exp["methods"]), method_ids=tuple(exp["method_ids"]),
        metrics={m["id"]: m["value"] for m in exp["metrics"]}, description=exp["description"],
    )


def _index_pages(content: Path, experiences: list[dict[str, Any]]) -> dict[str, list]:
    """industries/, methods/, recommenders/, years/ as plain link lists; returns the catalog lists."""

    def link(exp: dict, depth: str) -> str:
        return f"- [{exp['title']}]({depth}experiences/{exp['slug']}/index.md)"

    lists: dict[str, list] = {"industries": [], "methods": [], "recommenders": [], "years": []}
    (content / "industries").mkdir()
    rows = []
    for code, name in INDUSTRIES:
        members = [e for e in experiences if e["industry_code"] == code]
        lists["industries"].append(Industry(code, name, len(members)))
        (content / "industries" / f"{code}.md").write_text(
            f"# {name}\n\n" + "\n".join(link(e, "../") for e in members) + "\n", encoding="utf-8"
        )
        rows.append(f"- [{name}]({code}.md)（{len(members)}）")
    (content / "industries" / "index.md").write_text("# 按行业浏览\n\n" + "\n".join(rows) + "\n", encoding="utf-8")

    (content / "methods").mkdir()
    rows = []
    for mid, name in METHODS:
        members = [e for e in experiences if mid in e["method_ids"]]
        lists["methods"].append(Method(mid, name, "", len(members)))
        (content / "methods" / f"{mid}.md").write_text(
            f"# {name}\n\n" + "\n".join(link(e, "../") for e in members) + "\n", encoding="utf-8"
        )
        rows.append(f"- [{name}]({mid}.md)（{len(members)}）")
    (content / "methods" / "index.md").write_text("# 按方法浏览\n\n" + "\n".join(rows) + "\n", encoding="utf-8")

    (content / "recommenders").mkdir()
    rows = []
    for number, name in enumerate(RECOMMENDERS, start=1):
        members = [e for e in experiences if e["recommender"] == name]
        lists["recommenders"].append(Recommender(name, len(members), f"recommenders/{number}/"))
        (content / "recommenders" / f"{number}.md").write_text(
            f"# {name}\n\n" + "\n".join(link(e, "../") for e in members) + "\n", encoding="utf-8"
        )
        rows.append(f"- [{name}]({number}.md)（{len(members)}）")
    (content / "recommenders" / "index.md").write_text("# 按推荐单位浏览\n\n" + "\n".join(rows) + "\n", encoding="utf-8")

    (content / "years").mkdir()
    years = sorted({e["year"] for e in experiences})
    for year in years:
        members = [e for e in experiences if e["year"] == year]
        lists["years"].append(Year(year, len(members)))
        (content / "years" / f"{year}.md").write_text(
            f"# {year}年\n\n" + "\n".join(link(e, "../") for e in members) + "\n", encoding="utf-8"
        )
    (content / "years" / "index.md").write_text(
        "# 按年度浏览\n\n" + "\n".join(f"- [{y}年]({y}.md)" for y in years) + "\n", encoding="utf-8"
    )
    return lists


def make_stage(
    root: Path,
    count: int,
    *,
    order: list[Any] | None = None,
    settings: dict[str, Any] | None = None,
    overrides: dict[int, dict[str, Any]] | None = None,
    extra_bodies: dict[int, str] | None = None,
) -> Stage:
    """Write a stage with `count` fake experiences under `root`.

    overrides: experience number -> catalog fields to replace (e.g. a hostile title).
    extra_bodies: experience number -> Markdown added to its 实施过程.
    settings: keys merged into a copy of the repository's showcase.yml.
    """
    content = root / "content"
    content.mkdir(parents=True)
    for name in HAND_WRITTEN:
        src = REPO / "content" / name
        if src.is_dir():
            shutil.copytree(src, content / name)
        elif src.exists():
            shutil.copy(src, content / name)
    experiences = []
    png = _tiny_png()
    for number in range(1, count + 1):
        exp = fake_experience(number)
        exp.update((overrides or {}).get(number, {}))
        experiences.append(exp)
        folder = content / "experiences" / exp["slug"]
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(
            experience_markdown(exp, (extra_bodies or {}).get(number, "")), encoding="utf-8"
        )
        (folder / "image1.png").write_bytes(png)
    lists = _index_pages(content, experiences)
    campaign.write_page(content, [], [])  # the nav names the 推进活动 page; the converter always writes it
    lists = {name: tuple(items) for name, items in lists.items()}
    experiences_in_catalog = tuple(catalog_entry(e) for e in experiences)
    write_catalog(content, Catalog(year=2025, experiences=experiences_in_catalog, association="江苏省质量管理协会", **lists))
    (content / "event.yml").write_text(
        yaml.safe_dump({"order": order or []}, allow_unicode=True), encoding="utf-8"
    )
    base = yaml.safe_load((REPO / "showcase.yml").read_text(encoding="utf-8"))
    base.update(settings or {})
    settings_path = root / "showcase.yml"
    settings_path.write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    return Stage(content, root / "site", settings_path, experiences)


@contextlib.contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def build(stage: Stage, *, strict: bool = True, config_overrides: dict[str, Any] | None = None):
    """Build the stage with the repository's mkdocs.yml, in process. Returns (config, the site
    plugin's findings, read from the plugin instance as outputs/export.py reads them).

    Raises mkdocs.exceptions.Abort when a strict build counts warnings.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from converters.outputs.export import package_overrides

    overrides = dict(config_overrides or {})
    # Material, or its fork under make compat (the search plugin then needs its options)
    theme, package = package_overrides(REPO / "mkdocs.yml", plugins=overrides.pop("plugins", None))
    if "theme" in overrides:  # a test's own theme settings, drawn by the installed package
        overrides["theme"] = {**overrides["theme"], "name": package.name}
        theme.pop("theme", None)
    with _env("SHOWCASE_CONFIG", str(stage.settings_path)):
        config = load_config(
            config_file=str(REPO / "mkdocs.yml"),
            docs_dir=str(stage.content_dir),
            site_dir=str(stage.site_dir),
            strict=strict,
            **{**overrides, **theme},
        )
        mkdocs_build(config)
    return config, site_findings(config)
