"""附件4 推进活动统计表 (one per recommending unit) and 附件5 工作总结, read by content.

The 统计表 is a Word table "统计项目 | 单位 | 数量"; WPS and LibreOffice copies word the labels a
little differently, merge cells, put the unit into the number ("12万元") or the options into the
label cell. Each table row is walked cell by cell: a cell whose label (names.label_key) matches an
item of data/campaign.yml starts that item, the cells after it are its value. A row naming contact
data (归口部门及负责人, 联系人, 手机, 邮箱, 通信地址, 邮编, and every never/internal field of
fields.yml) is dropped whole, unread, as the 申报表 reader drops its contact fields; a value that
still looks like contact data (check/pii.py's patterns) is dropped too, with PII_IN_FIELD.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..check.pii import looks_like_contact
from ..datafiles import (DATA_DIR, DataFileError, cached_loader, mapping_items, read_yaml, str_list, top_level,
                         unknown_keys)
from ..model import (CampaignFigure, CampaignReport, Document, Finding, Heading, Paragraph, Table, error,
                     warning)
from ..names import has_seal_mark, label_key
from ..text import block_text
from .campaign_values import GLYPHS, chosen_options, count, parse_number, yes_no
from .forms import join_lines, recommender_in
from .forms import all_tables  # every table, nested ones too, in reading order
from .policy import load_fields

CAMPAIGN_FILE = DATA_DIR / "campaign.yml"
TYPES = ("int", "number", "activity", "yesno", "options", "text")
_ITEM_KEYS = ("id", "label", "unit", "type", "match", "people", "options")
_UNIT_ONLY = re.compile(r"^(个|人次|人|项|次|万元|元|名|家|场|期)$")
_PLACEHOLDERS = {"", "/", "-", "—", "——", "--", "\\", "无需填写", "不适用"}
_PERIOD = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:至|到|—+|-+|～|~)\s*\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
MIN_ITEMS = 3  # labels of this many items make a table a 统计表


@dataclass(frozen=True, slots=True)
class People:
    label: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    label: str
    unit: str
    type: str
    match: tuple[re.Pattern, ...]
    people: People | None = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class CampaignRules:
    items: tuple[Item, ...]
    attendance: tuple[re.Pattern, ...]
    contact: tuple[re.Pattern, ...]
    ignore: tuple[re.Pattern, ...]
    display: tuple[str, ...]  # item ids in the order the page shows them
    never_labels: frozenset[str] = field(default_factory=frozenset)  # fields.yml never/internal, label_key form

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)


# ---------------------------------------------------------------- data/campaign.yml


def _patterns(value: object, where: str, problems: list[str]) -> tuple[re.Pattern, ...]:
    out = []
    for text in str_list(value, where, problems):
        try:
            out.append(re.compile(text))
        except re.error as exc:
            problems.append(f"{where}的正则“{text}”无效（{exc}）")
    return tuple(out)


def _parse_item(at: str, raw: dict, problems: list[str]) -> Item | None:
    kind = raw.get("type")
    if kind not in TYPES:
        problems.append(f"{at}的 type 应为 {'、'.join(TYPES)} 之一")
        return None
    if not isinstance(raw.get("id"), str) or not isinstance(raw.get("label"), str):
        problems.append(f"{at}缺少 id 或 label")
        return None
    people = raw.get("people")
    if people is not None:
        if not isinstance(people, dict) or not isinstance(people.get("label"), str):
            problems.append(f"{at}的 people 应为映射（label、keywords）")
            people = None
        else:
            unknown_keys(people, ("label", "keywords"), f"{at}的 people ", problems)
            people = People(people["label"], tuple(str_list(people.get("keywords"), f"{at}的 keywords ", problems)))
    match = _patterns(raw.get("match"), f"{at}的 match ", problems)
    if not match:
        problems.append(f"{at}的 match 不能为空")
    return Item(raw["id"], raw["label"], str(raw.get("unit") or ""), kind, match, people,
                tuple(str_list(raw.get("options"), f"{at}的 options ", problems)))


def _never_labels() -> frozenset[str]:
    specs, _ = load_fields()
    return frozenset(label_key(s) for spec in specs.values() if spec.cls in ("never", "internal") for s in spec.synonyms)


def _parse_rules(path: Path) -> CampaignRules:
    problems: list[str] = []
    raw = top_level(read_yaml(path), path)
    unknown_keys(raw, ("version", "items", "display", "attendance", "contact", "ignore"), "顶层", problems)
    items = [item for at, spec in mapping_items(raw.get("items"), "items", _ITEM_KEYS, problems)
             if (item := _parse_item(at, spec, problems)) is not None]
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            problems.append(f"统计项目 id “{item.id}”重复")
        seen.add(item.id)
    rules = CampaignRules(tuple(items), _patterns(raw.get("attendance"), "attendance ", problems),
                          _patterns(raw.get("contact"), "contact ", problems),
                          _patterns(raw.get("ignore"), "ignore ", problems),
                          tuple(str_list(raw.get("display"), "display ", problems)), _never_labels())
    if sorted(rules.display) != sorted(seen):
        problems.append("display 应恰好列出每个统计项目的 id 各一次")
    if not rules.contact:
        problems.append("contact 不能为空：统计表的联系方式行靠它丢弃")
    if problems:
        raise DataFileError(path, problems)
    return rules


load_campaign_rules = cached_loader(_parse_rules, CAMPAIGN_FILE)


# ---------------------------------------------------------------- recognising the documents


def _cell_text(cell) -> str:
    return "\n".join(block_text(b) for b in cell.blocks if not isinstance(b, Table))


def _match_item(key: str, rules: CampaignRules) -> Item | None:
    if not key or len(key) > 60:
        return None
    return next((item for item in rules.items if any(p.search(key) for p in item.match)), None)


def campaign_item_count(doc: Document, rules: CampaignRules | None = None) -> int:
    """How many different 统计表 items the document's tables name (intake's kind detection)."""
    rules = rules or load_campaign_rules()
    found = {item.id for table in all_tables(doc.blocks) for row in table.rows for cell in row.cells
             if (item := _match_item(label_key(_split_label(_cell_text(cell))[0]), rules))}
    return len(found)


def is_campaign_table(doc: Document) -> bool:
    return campaign_item_count(doc) >= MIN_ITEMS


# ---------------------------------------------------------------- cells into raw values


def _split_label(text: str) -> tuple[str, str]:
    """'是否组织发表会 ☑是 □否' or '发表会地点：南京' -> (label, value); a plain cell -> (text, '')."""
    flat = join_lines(text)
    glyph = next((i for i, ch in enumerate(flat) if ch in GLYPHS), -1)
    colon = re.search(r"[:：]", flat)
    cut = min((i for i in (glyph, colon.start() if colon else -1) if i > 0), default=-1)
    if cut <= 0:
        return flat, ""
    rest = flat[cut:]
    return flat[:cut], rest[1:] if rest[0] in ":：" else rest


def _is_contact(text: str, rules: CampaignRules) -> bool:
    flat = join_lines(text)
    keys = [label_key(flat)] + [label_key(part) for part in re.split(r"[:：\s]", flat)]
    return any(k and (k in rules.never_labels or (len(k) <= 30 and any(p.search(k) for p in rules.contact)))
               for k in keys)


@dataclass
class _Raw:
    item: Item
    target: str  # figure id: the item's, or "<activity>_people"
    values: list[str] = field(default_factory=list)
    unit_hint: str = ""
    where: str = ""


def _attendance_target(key: str, last_activity: Item | None, rules: CampaignRules) -> Item | None:
    """The activity a people row belongs to: the one its label names, else the one above it."""
    activities = [i for i in rules.items if i.type == "activity" and i.people]
    named = next((a for a in activities if any(k in key for k in a.people.keywords)), None)
    return named or last_activity


def _walk_table(table: Table, where: str, rules: CampaignRules, raws: list[_Raw]) -> None:
    last_activity: Item | None = None
    for r, row in enumerate(table.rows, start=1):
        texts = [_cell_text(c) for c in row.cells]
        if any(_is_contact(t, rules) for t in texts):
            continue  # a contact line: never read
        current: _Raw | None = None
        for text in texts:
            label, inline = _split_label(text)
            key = label_key(label)
            if current is not None and _UNIT_ONLY.match(key):
                current.unit_hint = key  # the 单位 column ("人次" is no people row)
                continue
            item = _match_item(key, rules)
            if item is None and not re.search(r"\d", key) and any(p.search(key) for p in rules.attendance):
                activity = _attendance_target(key, last_activity, rules)
                if activity is not None:
                    current = _Raw(activity, f"{activity.id}_people", where=f"{where}第{r}行")
                    raws.append(current)
                    if inline:
                        current.values.append(inline)
                    continue
            if item is not None:
                current = _Raw(item, item.id, where=f"{where}第{r}行")
                raws.append(current)
                if item.type == "activity":
                    last_activity = item
                if inline:
                    current.values.append(inline)
            elif current is None or not key or any(p.search(key) for p in rules.ignore):
                continue
            elif join_lines(text) not in current.values:  # merged cells repeat their text
                current.values.append(join_lines(text))


# ---------------------------------------------------------------- the 统计表


def _value_text(raw: _Raw) -> str:
    text = " ".join(raw.values)
    seal = has_seal_mark(text)
    if seal:
        text = text[: seal.start()]
    return re.sub(r"\s{2,}", " ", text.replace("_", " ")).strip()


class _Reading:
    """One 统计表's figures and findings, built item by item."""

    def __init__(self, source: str, rules: CampaignRules):
        self.source, self.rules = source, rules
        self.figures: dict[str, CampaignFigure] = {}
        self.findings: list[Finding] = []
        self.blank: dict[str, str] = {}  # figure id -> label, rows present but not filled in
        self.invalid: set[str] = set()  # figure ids reported as unreadable (not also as missing)

    def warn(self, code: str, message: str, where: str = "") -> None:
        self.findings.append(warning(code, f"{self.source}：{message}", self.source, where))

    def add(self, raw: _Raw) -> None:
        text = _value_text(raw)
        people = raw.target != raw.item.id
        label = raw.item.people.label if people else raw.item.label
        unit = "人" if people else raw.item.unit
        if text in _PLACEHOLDERS:
            self.blank.setdefault(raw.target, label)
            return
        figure = self._figure(raw, text, label, unit, people)
        if figure is None:
            self.invalid.add(raw.target)
            return
        before = self.figures.get(raw.target)
        if before is None:
            self.figures[raw.target] = figure
            self.blank.pop(raw.target, None)
        elif (before.value, before.text) != (figure.value, figure.text):
            self.warn("CAMPAIGN_FIGURE_CONFLICT", f"统计项目“{label}”填写了两次且不一致（“{_shown(before)}”与"
                      f"“{_shown(figure)}”），采用前者", raw.where)

    def _figure(self, raw: _Raw, text: str, label: str, unit: str, people: bool) -> CampaignFigure | None:
        kind = "int" if people else raw.item.type
        if kind in ("int", "number"):
            value = parse_number(text, unit, raw.unit_hint)
            if value is None or (kind == "int" and not value.is_integer()):
                expected = "整数" if kind == "int" else "数字"
                self.warn("CAMPAIGN_FIGURE_INVALID", f"统计项目“{label}”应为{expected}（{unit}），实际写作“{text}”，未采用", raw.where)
                return None
            return CampaignFigure(raw.target, label, unit, value)
        if kind in ("activity", "yesno"):
            answer, chosen = yes_no(text)
            if answer is None:
                self.warn("CAMPAIGN_FIGURE_INVALID", f"统计项目“{label}”{chosen}（“{text}”），未采用", raw.where)
                return None
            times = (count(chosen) or count(text)) if kind == "activity" and answer == "是" else None
            return CampaignFigure(raw.target, label, unit, times, answer)
        if kind == "options":
            options = chosen_options(text, raw.item.options)
            if not options:
                self.blank.setdefault(raw.target, label)
                return None
            return CampaignFigure(raw.target, label, unit, None, "、".join(options), options)
        if looks_like_contact(text):
            self.findings.append(warning("PII_IN_FIELD", f"{self.source}：统计项目“{label}”的内容像电话、邮箱或地址，已丢弃，请人工核对",
                                         self.source, raw.where))
            return None
        return CampaignFigure(raw.target, label, unit, None, text)


def _shown(figure: CampaignFigure) -> str:
    number = "" if figure.value is None else f"{figure.value:g}"
    return " ".join(p for p in (figure.text, number) if p)


def _number(report_figures: dict[str, CampaignFigure], figure_id: str) -> float | None:
    figure = report_figures.get(figure_id)
    return figure.value if figure else None


def _missing(reading: _Reading) -> list[str]:
    """Labels of the items a complete 统计表 states and this one does not."""
    figures, missing = reading.figures, []
    meeting = figures.get("meeting")
    for item in reading.rules.items:
        if item.id.startswith("meeting_") and meeting is not None and meeting.text == "否":
            continue
        figure = figures.get(item.id)
        if figure is None:
            if item.id not in reading.invalid:
                missing.append(item.label)
        elif item.type == "activity" and figure.text == "是":
            if figure.value is None:
                missing.append(f"{item.label}次数")
            if item.people and f"{item.id}_people" not in figures and f"{item.id}_people" not in reading.invalid:
                missing.append(item.people.label)
    return missing


def _contradictions(reading: _Reading) -> list[str]:
    figures, found = reading.figures, []
    for item in reading.rules.items:
        figure = figures.get(item.id)
        if item.type != "activity" or figure is None or figure.text != "否":
            continue
        people = _number(figures, f"{item.id}_people")
        if figure.value or people:
            found.append(f"“{item.label}”勾选“否”，却填写了{'人数 ' + format(people, 'g') if people else '次数'}")
    meeting = figures.get("meeting")
    if meeting is not None and meeting.text == "否":
        held = [figures[i].label for i in ("meeting_registered", "meeting_teams", "meeting_attendance") if _number(figures, i)]
        if held:
            found.append(f"“是否组织发表会”勾选“否”，却填写了{'、'.join(held)}")
    pairs = (("meeting_teams", "meeting_registered", "发表班组数多于报名班组数"),
             ("recommended", "cumulative", "本年度推荐数多于历年累计数"))
    for small, large, what in pairs:
        a, b = _number(figures, small), _number(figures, large)
        if a is not None and b is not None and a > b:
            found.append(f"{what}（{a:g} > {b:g}）")
    return found


def _recommender(doc: Document) -> str:
    for block in doc.blocks[:12]:
        if isinstance(block, (Paragraph, Heading)):
            name = recommender_in(block_text(block))
            if name:
                return name
    for table in all_tables(doc.blocks):
        for row in table.rows[:2]:
            for cell in row.cells:
                name = recommender_in(_cell_text(cell))
                if name:
                    return name
    return ""


def _period(doc: Document) -> str:
    for block in doc.blocks[:12]:
        if isinstance(block, (Paragraph, Heading)):
            m = _PERIOD.search(unicodedata.normalize("NFKC", block_text(block)))
            if m:
                return re.sub(r"\s+", "", m.group(0))
    return ""


def read_campaign(doc: Document, source: str, fallback: str = "",
                  rules: CampaignRules | None = None) -> tuple[CampaignReport | None, tuple[Finding, ...]]:
    """The 统计表's figures (None when it has none) and what is wrong with it. Never raises."""
    try:
        return _read_campaign(doc, source, fallback, rules or load_campaign_rules())
    except Exception as exc:  # noqa: BLE001 - bad input must become a finding
        return None, (error("CAMPAIGN_UNREADABLE", f"{source}：推进活动统计表读取失败（{type(exc).__name__}），未用于推进活动页面", source),)


def _read_campaign(doc: Document, source: str, fallback: str, rules: CampaignRules):
    raws: list[_Raw] = []
    for t, table in enumerate(all_tables(doc.blocks), start=1):
        _walk_table(table, f"表{t}", rules, raws)
    reading = _Reading(source, rules)
    for raw in raws:
        reading.add(raw)
    if not reading.figures:
        return None, (*reading.findings, error(
            "CAMPAIGN_UNREADABLE", f"{source}：推进活动统计表中没有读到任何统计数字，未用于推进活动页面", source))
    recommender = _recommender(doc)
    if not recommender:
        recommender = fallback or Path(source).stem
        reading.warn("CAMPAIGN_RECOMMENDER_MISSING", f"统计表未写明推荐地市、行业质协（“推荐地市、行业质协 ____（盖章）”一行为空），"
                     f"按所在文件夹记为“{recommender}”，请核对")
    missing = _missing(reading)
    if missing:
        reading.warn("CAMPAIGN_FIGURE_MISSING", f"统计表未填写：{'、'.join(missing)}")
    for problem in _contradictions(reading):
        reading.warn("CAMPAIGN_FIGURE_CONFLICT", f"统计表数字相互矛盾：{problem}，请推荐单位核对")
    order = {item_id: n for n, item_id in enumerate(rules.display)}
    figures = sorted(reading.figures.values(), key=lambda f: (order.get(f.id.removesuffix("_people"), 99), f.id))
    return CampaignReport(source, recommender, _period(doc), tuple(figures)), tuple(reading.findings)
