"""Synthetic inbox for the benchmarks: N fictional 典型经验 shaped like samples/inbox, at full length.

    .venv/bin/python bench/gen.py [--n 200] [--seed 2025] [--out DIR]

Each experience is ≈7,000 字 (Word-like count, as converters.wordcount) of prose recombined from the
sentences of samples/texts/*.yml — runs of consecutive sentences of the same part, names and figures
changed with seeded randomness — with 4 tables (one merged), 6 photos of ≈200 KB, one native chart,
Word auto-numbered headings, and a 申报表. Experiences are packed as one ZIP per recommending unit
(UTF-8 or GBK names) with one 汇总表 each. The .docx/.xlsx writers are samples/make_samples.py's.

Deterministic by seed: experience i depends only on (seed, i), never on N, so experience 7 of the
N=50 inbox is byte-identical to experience 7 of the N=200 inbox (pages can be compared across N).
Photos are drawn once per (scene, variant) by make_samples.make_photo (0.2 s each) and made unique
per use by a JPEG comment segment, so bytes differ but drawing 6,000 photos is not needed.

Generated files are cached under bench/.cache/ (per-experience documents, photos, whole inboxes).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import multiprocessing
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "samples"))
sys.path.insert(0, str(REPO))

import derive  # noqa: E402
import make_samples as ms  # noqa: E402  (the samples' writers, reused)
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.shared import Cm  # noqa: E402

from converters.wordcount import word_count  # noqa: E402

GEN_VERSION = 1  # bump when the output changes, so stale caches are not reused
DEFAULT_SEED = 2025
DEFAULT_N = 200
MAX_N = 10000  # beyond derive.FULL_N, documents are derived cheaply from templates (bench/derive.py)
CACHE = HERE / ".cache"

TARGET_WORDS = 7000  # per experience, Word-like 字数 of everything visible
PHOTO_VARIANTS = 6  # distinct drawings per scene
PART_KEYS = ("overview", "background", "process", "results")
# Prose per short part, leaving room for its table/captions under the notice's 500 字; the process
# part fills the rest up to TARGET_WORDS, so it runs over its 5,000 字 as long submissions do.
PART_TARGETS = {"overview": 300, "background": 440, "results": 360}

CITIES = ("南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安", "盐城", "扬州", "镇江", "泰州", "宿迁")
UNITS = tuple(f"{c}市质量协会" for c in CITIES) + ("江苏省电力行业质量协会", "江苏省建设行业质量协会", "会员单位直报")
MARKERS = ("示例", "示范", "样例")
CN_NUMS = "一二三四五六七八九"

VERBS = ("运用", "推行", "实施")
ENDINGS = ("的实践", "的经验", "的探索")
METHODS = (
    "防错技术", "品管圈", "标准化作业", "六西格玛DMAIC", "客户之声", "TPM自主保全", "8D问题解决法",
    "精益价值流管理", "6S目视化管理", "QC七种工具", "统计过程控制", "PDCA循环", "PFMEA", "5W1H分析法",
    "KANO模型", "技能矩阵", "样板引路", "三检制", "控制图", "服务蓝图", "满意度测评", "投诉闭环管理",
    "QC小组活动", "标杆对比", "质量看板", "目视化管理", "自主保全", "鱼骨图分析", "排列图分析", "过程能力分析",
)
GOALS = (
    ("提升", "一次交验合格率"), ("提升", "产品一次合格率"), ("提升", "处方调剂准确率"), ("提升", "钢筋验收合格率"),
    ("降低", "回流焊焊接不良率"), ("提升", "柜面服务满意度"), ("提升", "装置运行稳定性"), ("缩短", "故障修复时长"),
    ("提升", "供电服务满意度"), ("提升", "烘丝工序稳定性"), ("降低", "轮对检修返工率"), ("降低", "基站退服率"),
    ("提升", "出厂水浊度稳定性"), ("降低", "设备故障停机率"), ("提升", "工单一次办结率"), ("降低", "顾客投诉率"),
    ("提升", "质量考核合格率"), ("降低", "质量损失率"), ("提升", "计划完成率"), ("缩短", "交付周期"),
    ("降低", "装配差错率"), ("提升", "检验准确率"), ("降低", "来料不良率"), ("提升", "过程能力指数"),
    ("缩短", "客户等候时长"), ("降低", "返工返修率"), ("提升", "设备综合效率"), ("降低", "能耗单耗"),
    ("提升", "培训合格率"), ("降低", "安全隐患数"),
)

_SENTENCE_END = "。！？"
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_CAPTION_LABEL = re.compile(r"^\s*[图表]\s*\d+\s*")
_LIST_LABEL = re.compile(r"^(?:\d+[.．、]|[（(]\d+[)）])\s*")


# ====================================================================== the pool of sample material


@dataclass
class Pool:
    """What the 12 samples offer, grouped so recombination stays within a part."""

    samples: list[dict]
    sentences: dict[str, list[list[str]]]  # part -> per sample paragraph-ordered sentences
    headings: list[str]  # （一）-level process headings, typed label stripped
    subheadings: list[str]  # 1.-level process headings, typed label stripped
    tables: list[dict]
    images: list[dict]
    charts: list[dict]
    names: list[tuple[str, int]] = field(default_factory=list)  # (organisation or team, sample index)


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？, never splitting inside **bold** markup ("**一是……。**" stays whole)."""
    out, start, bold, i = [], 0, False, 0
    while i < len(text):
        if text.startswith("**", i):
            bold = not bold
            i += 2
            continue
        end = None
        if text[i] in _SENTENCE_END:
            if not bold:
                end = i + 1
            elif text.startswith("**", i + 1):  # the sentence closes the bold run
                end, bold = i + 3, False
        if end is not None:
            out.append(text[start:end])
            start = i = end
            continue
        i += 1
    if text[start:].strip():
        out.append(text[start:])
    return [s for s in (s.strip() for s in out) if s]


def load_pool(texts: Path = ms.TEXTS) -> Pool:
    samples = ms.load_experiences(texts)
    sentences: dict[str, list[list[str]]] = {k: [] for k in PART_KEYS}
    headings, subheadings, tables, images, charts = [], [], [], [], []
    names = []
    for index, exp in enumerate(samples):
        names += [(exp["organization"], index), (exp["team"], index)]
        for key in PART_KEYS:
            run: list[str] = []
            for block in exp["parts"][key]:
                if "p" in block:  # typed list labels ("2. ") make no sense once sentences move
                    run += [_LIST_LABEL.sub("", s, count=1) for s in split_sentences(block["p"])]
                elif "h" in block:
                    headings.append(ms.strip_typed_label(block["h"]))
                elif "h3" in block:
                    subheadings.append(ms.strip_typed_label(block["h3"]))
                elif "table" in block:
                    tables.append(block["table"])
                elif "image" in block:
                    images.append(block["image"])
                elif "chart" in block:
                    charts.append(block["chart"])
            sentences[key].append(run)
    names.sort(key=lambda pair: -len(pair[0]))  # longest first, so a team inside an org name is not cut
    return Pool(samples, sentences, headings, subheadings, tables, images, charts, names)


# ====================================================================== figures and names


def perturb_numbers(text: str, rng: random.Random) -> str:
    """Change the figures of a sentence plausibly; keep years, dates, small counts and labels."""

    def change(match: re.Match) -> str:
        raw = match.group(0)
        after = text[match.end(): match.end() + 1]
        before = text[max(0, match.start() - 1): match.start()]
        value = float(raw.replace(",", ""))
        if after in "年月日号期级星人岁" or before in "表图第DL" or (value.is_integer() and value <= 12):
            return raw
        if value.is_integer() and value >= 10000 and "," not in raw:  # hotlines, codes, not quantities
            return raw
        if 1990 <= value <= 2030 and value.is_integer():
            return raw
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        if after in "%％" and value <= 100:
            room = max(0.05, min(4.0, (100 - value) * 0.6)) if value >= 50 else value * 0.2
            value = min(100.0, max(0.0, value + rng.uniform(-room, room)))
        else:
            value = value * rng.uniform(0.8, 1.25)
        new = f"{value:.{decimals}f}"
        if "," in raw:
            whole, _, frac = new.partition(".")
            new = f"{int(whole):,}" + (f".{frac}" if frac else "")
        return new

    return _NUMBER.sub(change, text)


def renamed(text: str, pool: Pool, organization: str, team: str) -> str:
    orgs = {exp["organization"] for exp in pool.samples}
    for name, _ in pool.names:
        if name in text:
            text = text.replace(name, organization if name in orgs else team)
    return text


# ====================================================================== one experience record


def title_combinations(seed: int) -> list[tuple[str, str, str, str]]:
    """Every (verb, method, goal, ending) title of ≤30 字, in a seeded order: title i is unique."""
    combos = [
        (verb, method, f"{action}{metric}", ending)
        for method in METHODS for action, metric in GOALS for verb in VERBS for ending in ENDINGS
        if len(f"{verb}{method}{action}{metric}{ending}") <= 30
    ]
    random.Random(f"titles-{seed}").shuffle(combos)
    return combos


_TITLES: dict[int, list] = {}


def experience_title(index: int, seed: int) -> str:
    """Unique for every index below twice the combinations: the second round drops 的 (…提升合格率实践)."""
    if seed not in _TITLES:
        _TITLES[seed] = title_combinations(seed)
    combos = _TITLES[seed]
    verb, method, goal, ending = combos[index % len(combos)]
    if index // len(combos) % 2:
        ending = ending.removeprefix("的")
    return f"{verb}{method}{goal}{ending}"


def _strip_marker(name: str) -> str:
    for prefix in ("江南", "示例", "示范", "样例"):
        name = name.removeprefix(prefix)
    return name.replace("示例", "").replace("示范", "").replace("样例", "").lstrip("市县")


def unit_of(index: int) -> str:
    return UNITS[index % len(UNITS)]


def experience_record(index: int, seed: int, pool: Pool, parts: bool = True) -> dict:
    """A make_samples-shaped experience dict (metadata, form fields, shape and blocks) for experience i;
    without `parts` only the metadata (drawn first from the same seeded sequence, so it is the same)."""
    rng = random.Random(f"exp-{seed}-{index}")
    base = pool.samples[index % len(pool.samples)]
    slot = index % len(UNITS)
    city = CITIES[slot] if slot < len(CITIES) else rng.choice(CITIES)  # a city unit's members are local
    organization = f"{city}{rng.choice(MARKERS)}{_strip_marker(base['organization'])}"
    team = base["team"]
    if team.endswith("班") and not team.endswith("班组"):  # 装配班 -> 装配三班, 贴片二班 -> 贴片五班
        stem = team[:-2] if team[-2] in CN_NUMS else team[:-1]
        team = f"{stem}{CN_NUMS[rng.randrange(len(CN_NUMS))]}班"
    exp = {
        "slug": f"bench-{index:04d}",
        "seed": seed * 10000 + index,
        "index": index,
        "recommender": unit_of(index),
        "organization": organization,
        "team": team,
        "title": experience_title(index, seed),
        "industry_raw": base["industry_raw"],
        "org_type": base["org_type"],
        "scale": base["scale"],
        "soe": base.get("soe", "否"),
        "soe_group": base.get("soe_group", ""),
        "team_leader": f"{'张王李赵刘陈杨黄周吴'[rng.randrange(10)]}示例",
        "team_size": rng.randint(8, 30),
        "metrics": _metrics(rng),
        "contact": _contact(index, rng),
        "review": "入选",
        "form": {"full_brackets": rng.random() < 0.5, "soe_checkbox": rng.random() < 0.3},
        "shape": _shape(index, rng),
    }
    if parts:
        exp["parts"] = _parts(exp, base, pool, rng)
    return exp


def _metrics(rng: random.Random) -> dict:
    pct = lambda lo, hi: f"{rng.uniform(lo, hi):.1f}"  # noqa: E731
    return {
        "satisfaction": pct(95, 99.9), "pass_rate": pct(97, 99.99), "assessment": "100",
        "participation": pct(90, 100), "quality_cost": f"{rng.uniform(3, 60):.1f}",
        "training": str(rng.randint(40, 400)), "complaints": str(rng.randint(0, 2)), "accidents": "0",
    }


def _contact(index: int, rng: random.Random) -> dict:
    n = index + 1
    return {
        "credit_code": f"91320{n % 1000:03d}MA{n:06d}X{n % 10}",
        "address": f"{CITIES[index % len(CITIES)]}市示例区样例路{n}号",
        "postcode": f"2{rng.randint(10000, 29999)}",
        "department": "质量管理部",
        "person": f"{'刘孙周钱郑冯'[index % 6]}联系",
        "mobile": f"1380{n:07d}",
        "phone": f"025-{n:08d}",
        "email": f"contact{n:04d}@example.com",
    }


def _shape(index: int, rng: random.Random) -> dict:
    return {
        "title": rng.choice(("style", "bold", "label")),
        "org_line": rng.random() < 0.5,
        # Word auto-numbering for the part and sub headings, either outline list or separate lists.
        "parts": "numbered_multilevel" if index % 2 == 0 else "numbered_separate",
        "subs": "bold",
        "table_caption": "above" if rng.random() < 0.8 else "below",
        "caption_style": rng.choice(("plain", "Caption")),
        "body_font": rng.choice(("仿宋_GB2312", "仿宋", "宋体")),
        "body_size": rng.choice((14, 15, 16)),
        "repeat_header": rng.random() < 0.5,
    }


# ---------------------------------------------------------------- prose


class Prose:
    """Paragraphs of runs of consecutive sample sentences of one part, each sentence used once."""

    def __init__(self, pool: Pool, part: str, base_index: int, rng: random.Random, exp: dict):
        self.runs = pool.sentences[part]
        self.base = base_index
        self.rng = rng
        self.used: set[tuple[int, int]] = set()
        self.pool, self.exp = pool, exp

    def _run(self, min_len: int, max_len: int) -> list[str]:
        for _ in range(40):
            sample = self.base if self.rng.random() < 0.35 else self.rng.randrange(len(self.runs))
            sentences = self.runs[sample]
            if not sentences:
                continue
            start = self.rng.randrange(len(sentences))
            length = self.rng.randint(min_len, max_len)
            picked = [(sample, j) for j in range(start, min(len(sentences), start + length))
                      if (sample, j) not in self.used]
            if picked:
                self.used.update(picked)
                return [sentences[j] for _, j in picked]
        return []

    def paragraph(self) -> str:
        sentences = self._run(2, 4)
        if self.rng.random() < 0.5:  # recombine: a second run from elsewhere in the same part
            sentences += self._run(1, 2)
        text = "".join(sentences)
        text = renamed(text, self.pool, self.exp["organization"], self.exp["team"])
        return perturb_numbers(text, self.rng)

    def paragraphs(self, target: int, slack: int = 40) -> list[str]:
        """Paragraphs totalling target ± slack 字 (the last one is redrawn a few times to fit)."""
        out, total, tries = [], 0, 0
        while total < target - slack and tries < 200:
            tries += 1
            text = self.paragraph()
            if not text:
                self.used.clear()  # the part's pool is exhausted: allow repeats rather than stop short
                continue
            words = word_count(text.replace("**", ""))
            if out and total + words > target + slack and tries % 10:
                continue
            out.append(text)
            total += words
        return out


def _table(spec: dict, rng: random.Random) -> dict:
    def cell(value):
        return perturb_numbers(str(value), rng) if value not in ("", None) else value

    return {
        "caption": _CAPTION_LABEL.sub("", spec.get("caption", "")),
        "header": list(spec["header"]),
        "rows": [[cell(v) for v in row] for row in spec["rows"]],
        "merge": [list(m) for m in spec.get("merge", [])],
    }


def _chart(spec: dict, rng: random.Random) -> dict:
    series = {name: [round(v * rng.uniform(0.8, 1.2), 2 if isinstance(v, float) else 0) for v in values]
              for name, values in spec["series"].items()}
    series = {k: [int(v) if float(v).is_integer() else v for v in vs] for k, vs in series.items()}
    out = dict(spec, series=series, caption=_CAPTION_LABEL.sub("", spec.get("caption", "")))
    out.pop("caption_above", None)
    return out


def _images(base: dict, pool: Pool, rng: random.Random) -> list[dict]:
    """Six photos: the base sample's own first, then others; the certificate last, as in the samples."""
    own = [b["image"] for key in PART_KEYS for b in base["parts"][key] if "image" in b]
    others = [img for img in pool.images if img not in own and img["scene"] != "certificate"]
    rng.shuffle(others)
    picked = [img for img in own if img["scene"] != "certificate"][:3] + others
    picked = picked[:5]
    certificates = [img for img in pool.images if img["scene"] == "certificate"] or pool.images
    picked.append(rng.choice(certificates))
    out = []
    for k, img in enumerate(picked):
        out.append({
            "scene": img["scene"],
            "caption": _CAPTION_LABEL.sub("", img.get("caption", "")),
            "alt": img.get("alt", ""),
            "float": k == 2,
            "width_cm": rng.choice((12, 13, 14)),
            "variant": rng.randrange(PHOTO_VARIANTS),
        })
    return out


def _parts(exp: dict, base: dict, pool: Pool, rng: random.Random) -> dict:
    base_index = pool.samples.index(base)
    merged = [t for t in pool.tables if t.get("merge")]
    plain = [t for t in pool.tables if not t.get("merge")]
    tables = [_table(rng.choice(merged), rng)] + [_table(t, rng) for t in rng.sample(plain, 3)]
    images = _images(base, pool, rng)
    chart = _chart(rng.choice(pool.charts), rng)
    headings = rng.sample(pool.headings, 5)
    subheadings = rng.sample(pool.subheadings, 6)
    prose = {k: Prose(pool, k, base_index, rng, exp) for k in PART_KEYS}

    parts: dict[str, list[dict]] = {k: [] for k in PART_KEYS}
    parts["overview"] = [{"p": t} for t in prose["overview"].paragraphs(PART_TARGETS["overview"])]
    parts["overview"].insert(1, {"table": tables[0]})
    parts["overview"].append({"image": images[0]})
    parts["background"] = [{"p": t} for t in prose["background"].paragraphs(PART_TARGETS["background"])]
    parts["results"] = [{"p": t} for t in prose["results"].paragraphs(PART_TARGETS["results"])]
    parts["results"].insert(1, {"chart": chart})
    parts["results"].append({"image": images[5]})

    fixed = _words(exp["title"]) + sum(_words_blocks(parts[k]) for k in parts)
    fixed += _words_blocks([{"table": t} for t in tables[1:]] + [{"image": i} for i in images[1:5]])
    fixed += sum(_words(h) for h in headings + subheadings) + 40  # part titles, org line
    remaining = max(1000, TARGET_WORDS - fixed)
    per_section = remaining // len(headings)
    extras = [{"table": tables[1]}, {"image": images[1]}, {"table": tables[2]}, {"image": images[2]},
              {"image": images[3]}, {"table": tables[3]}, {"image": images[4]}]
    process: list[dict] = []
    for s, heading in enumerate(headings):
        process.append({"h": f"（{CN_NUMS[s]}）{heading}"})
        paragraphs = prose["process"].paragraphs(per_section)
        subs = subheadings[2 * (s - 1): 2 * s] if 1 <= s <= 3 else []  # sections 2-4 have 1. / 2.
        group = max(1, -(-len(paragraphs) // max(1, len(subs))))
        for j, text in enumerate(paragraphs):
            if subs and j % group == 0 and j // group < len(subs):
                process.append({"h3": f"{j // group + 1}. {subs[j // group]}"})
            process.append({"p": text})
            if j in (1, 3) and extras:
                process.append(extras.pop(0))
    process += extras
    parts["process"] = process
    _number_captions(parts)
    return parts


def _number_captions(parts: dict) -> None:
    """表N / 图N in document order (photos and the chart share the 图 sequence)."""
    tables = figures = 0
    for key in PART_KEYS:
        for block in parts[key]:
            if "table" in block:
                tables += 1
                block["table"]["caption"] = f"表{tables}　{block['table']['caption']}"
            elif "image" in block or "chart" in block:
                figures += 1
                spec = block.get("image") or block.get("chart")
                spec["caption"] = f"图{figures}　{spec['caption']}"


def _words(text: str) -> int:
    return word_count(str(text).replace("**", ""))


def _words_blocks(blocks: list[dict]) -> int:
    total = 0
    for block in blocks:
        if "p" in block:
            total += _words(block["p"])
        elif "table" in block:
            t = block["table"]
            total += _words(t["caption"]) + sum(_words(v) for row in [t["header"], *t["rows"]] for v in row)
        elif "image" in block:
            total += _words(block["image"]["caption"])
        elif "chart" in block:
            total += _words(block["chart"]["caption"])
    return total


def document_words(exp: dict) -> int:
    """Word-like 字数 of what the document shows (title, headings, prose, captions, table cells)."""
    total = _words(exp["title"]) + 4 * 4
    for key in PART_KEYS:
        for block in exp["parts"][key]:
            total += _words(block.get("h") or block.get("h3") or "")
        total += _words_blocks(exp["parts"][key])
    return total


# ====================================================================== photos


class Photos:
    """make_photo drawings cached per (scene, variant); each use gets its own bytes via a COM segment."""

    def __init__(self, seed: int, cache: Path | None):
        self.seed = seed
        self.folder = cache / f"photos-s{seed}-v{GEN_VERSION}" if cache else None
        self.memory: dict[tuple[str, int], bytes] = {}

    def base(self, scene: str, variant: int) -> bytes:
        key = (scene, variant)
        if key not in self.memory:
            path = self.folder / f"{scene}-{variant}.jpg" if self.folder else None
            if path is not None and path.exists():
                self.memory[key] = path.read_bytes()
            else:
                seed = self.seed * 1000 + sorted(ms.SCENES).index(scene) * PHOTO_VARIANTS + variant
                self.memory[key] = ms.make_photo(scene, seed)
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(self.memory[key])
        return self.memory[key]

    def unique(self, scene: str, variant: int, tag: str) -> bytes:
        data = self.base(scene, variant)
        comment = tag.encode("ascii")
        segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
        # After SOI and the APP0/JFIF segment, which readers (python-docx too) expect first.
        at = 2 + 2 + int.from_bytes(data[4:6], "big") if data[2:4] == b"\xff\xe0" else 2
        return data[:at] + segment + data[at:]


# ====================================================================== documents


class BenchWriter(ms.ExperienceWriter):
    """The samples' writer with photos from the shared pool instead of drawing each one."""

    def __init__(self, exp: dict, photos: Photos):
        super().__init__(exp, None)
        self.photos = photos
        self.photo_no = 0

    def write_image(self, spec: dict) -> None:
        self.photo_no += 1
        data = self.photos.unique(spec["scene"], spec["variant"], f"bench {self.exp['slug']} photo {self.photo_no}")
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(io.BytesIO(data), width=Cm(spec.get("width_cm", 13)))
        if spec.get("alt"):
            shape._inline.docPr.set("descr", spec["alt"])
        if spec.get("float"):
            ms.to_anchor(shape._inline)
        if spec.get("caption"):
            self.write_caption(spec["caption"])


def package_names(unit: str) -> str:
    """How the unit's zip stores names: every third unit zips on Windows (GBK, no UTF-8 flag)."""
    return "gbk" if UNITS.index(unit) % 3 == 1 else "utf-8"


def form_line(unit: str) -> str:
    return "推荐地市、行业质协：会员单位直报" if unit == "会员单位直报" else f"推荐地市、行业质协：{unit}（盖章）"


def experience_documents(exp: dict, photos: Photos) -> tuple[bytes, bytes]:
    """(典型经验 .docx, 申报表 .docx), both with fixed times and properties."""
    body = ms.freeze_ooxml(BenchWriter(exp, photos).write())
    form = ms.freeze_ooxml(ms.write_form(exp, form_line(exp["recommender"])))
    return body, form


class Generator:
    """Experience records and documents for one seed, cached per experience under cache/."""

    def __init__(self, seed: int = DEFAULT_SEED, cache: Path | None = CACHE):
        self.seed = seed
        self.cache = cache
        self.pool = load_pool()
        self.photos = Photos(seed, cache)
        self.docs = cache / f"docs-s{seed}-v{GEN_VERSION}" if cache else None

    def record(self, index: int) -> dict:
        return experience_record(index, self.seed, self.pool)

    def light_record(self, index: int) -> dict:
        return experience_record(index, self.seed, self.pool, parts=False)

    def perturb(self, text: str, rng: random.Random) -> str:
        return perturb_numbers(text, rng)

    def documents(self, index: int) -> tuple[bytes, bytes]:
        if index >= derive.FULL_N:
            return derive.derived_documents(self, index)
        body_path = self.docs / f"{index:04d}-body.docx" if self.docs else None
        form_path = self.docs / f"{index:04d}-form.docx" if self.docs else None
        if body_path is not None and body_path.exists() and form_path.exists():
            return body_path.read_bytes(), form_path.read_bytes()
        body, form = experience_documents(self.record(index), self.photos)
        if body_path is not None:
            body_path.parent.mkdir(parents=True, exist_ok=True)
            form_path.write_bytes(form)
            body_path.write_bytes(body)  # written last: its presence marks the pair complete
        return body, form

    def body_path(self, index: int) -> Path:
        """The 典型经验 .docx of experience i as a file (for tools that read files)."""
        if self.docs is None:
            raise ValueError("no cache folder")
        self.documents(index)
        return self.docs / f"{index:04d}-body.docx"

    def changed_body(self, index: int, revision: int = 1) -> bytes:
        """Experience i with one paragraph edited, as an author's revised submission would be."""
        exp = self.record(index)
        first = next(b for b in exp["parts"]["results"] if "p" in b)
        first["p"] += f"经第{CN_NUMS[revision % 9]}次复核，本段数据已按2025年6月最新统计更新。"
        return ms.freeze_ooxml(BenchWriter(exp, self.photos).write())

    # ------------------------------------------------------------ packages

    def package_entries(self, unit: str, indices: list[int], changed: dict[int, bytes]) -> list[tuple[str, bytes]]:
        return list(self.package_stream(unit, indices, changed))

    def package_stream(self, unit: str, indices: list[int], changed: dict[int, bytes], documents=None):
        """The package's (name, bytes) in ZIP order, each document made when it is written (`documents`:
        an iterator of (body, form) in the order of `indices`, e.g. from worker processes)."""
        root = f"{unit}推荐材料/"
        records = [self.light_record(i) for i in indices]
        names = []
        for i, exp in zip(indices, records):
            folder = f"{root}{i + 1:04d}-{exp['team']}/"
            names += [f"{folder}附件1 典型经验.docx", f"{folder}附件2 申报表.docx"]
        summary = f"{root}附件3-申报汇总表.xlsx"
        yield from ((d, b"") for d in ms._dir_entries([*names, summary]))
        documents = documents if documents is not None else (self.documents(i) for i in indices)
        for n, (i, (body, form)) in enumerate(zip(indices, documents)):
            yield names[2 * n], changed.get(i, body)
            yield names[2 * n + 1], form
        package = {"recommender_line": form_line(unit).removeprefix("推荐地市、行业质协："), "sheet_title": "汇总表"}
        yield summary, ms.freeze_ooxml(ms.write_summary(package, records))

    def write_inbox(self, n: int, out: Path, changed: dict[int, bytes] | None = None,
                    progress=None) -> list[Path]:
        """One ZIP per recommending unit holding experiences 0..n-1 (some GBK-named, as Windows makes them)."""
        if not 1 <= n <= MAX_N:
            raise ValueError(f"经验数量须在 1～{MAX_N} 之间：{n}")
        changed = changed or {}
        out.mkdir(parents=True, exist_ok=True)
        written = []
        by_unit: dict[str, list[int]] = {}
        for i in range(n):
            by_unit.setdefault(unit_of(i), []).append(i)
        done = [0]

        def counted(documents):
            for pair in documents:
                done[0] += 1
                if progress:
                    progress(done[0], n)
                yield pair

        with _workers(self, n) as make:
            for unit, indices in sorted(by_unit.items(), key=lambda kv: UNITS.index(kv[0])):
                target = out / f"{unit}.zip"
                documents = counted(make(indices))
                ms.write_zip(target, self.package_stream(unit, indices, changed, documents), package_names(unit))
                written.append(target)
        return written

    def inbox(self, n: int, progress=None) -> Path:
        """The cached inbox of n experiences (built on first use)."""
        if self.cache is None:
            raise ValueError("no cache folder")
        folder = self.cache / f"inbox-n{n}-s{self.seed}-v{GEN_VERSION}"
        marker = folder / ".complete"
        if not marker.exists():
            shutil.rmtree(folder, ignore_errors=True)
            self.write_inbox(n, folder, progress=progress)
            marker.write_text("ok\n")
        return folder


_worker_generator: "Generator | None" = None  # inherited by forked workers


def _documents_of(index: int) -> tuple[bytes, bytes]:
    return _worker_generator.documents(index)


@contextlib.contextmanager
def _workers(g: Generator, n: int):
    """make(indices) -> iterator of (body, form): on every core for a large inbox (same bytes either way)."""
    global _worker_generator
    cores = os.cpu_count() or 1
    if cores < 2 or n <= derive.FULL_N:
        yield lambda indices: (g.documents(i) for i in indices)
        return
    _worker_generator = g
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        yield lambda indices: pool.imap(_documents_of, indices, chunksize=8)
    _worker_generator = None


def inbox_digest(folder: Path) -> str:
    """sha256 over the inbox's files (names and bytes), to show two runs made the same inbox."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="生成基准测试用的合成收件箱（每个推荐单位一个 ZIP 包）。")
    p.add_argument("--n", type=int, default=DEFAULT_N, help=f"经验数量（1～{MAX_N}，默认 {DEFAULT_N}）")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子（默认 2025）")
    p.add_argument("--out", type=Path, help="输出目录（默认使用 bench/.cache/ 中的缓存）")
    p.add_argument("--cache-dir", type=Path, default=CACHE, help="缓存目录（默认 bench/.cache）")
    args = p.parse_args(argv)
    if not 1 <= args.n <= MAX_N:
        p.error(f"--n 须在 1～{MAX_N} 之间")
    gen = Generator(args.seed, args.cache_dir)
    if args.out:
        if args.out.exists() and any(args.out.iterdir()):
            p.error(f"输出目录 {args.out} 非空，为安全起见不写入")
        gen.write_inbox(args.n, args.out)
        folder = args.out
    else:
        folder = gen.inbox(args.n)
    print(f"已生成 {args.n} 项经验：{folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
