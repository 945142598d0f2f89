"""退改意见: one printable Word letter per recommending unit whose submissions have problems.

Written beside the review report as feedback/<推荐单位>.docx, in the association's name. Each letter
lists the unit's submissions with problems (findings of a blocking class: rule, privacy, broken;
notes are never problems), and for each problem what it is, the rule of the notice it breaks
(data/notice.yml `rules`) and what to fix (data/letters.yml). Units without problems get nothing,
and a letter written by an earlier run for a unit that has none now is removed, so the folder never
holds a stale request. Submissions not selected (未入选) are not asked to change.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from pathlib import Path

from ..check.classes import finding_class, load_classes
from ..datafiles import DATA_DIR, DataFileError, cached_loader, read_yaml, top_level, unknown_keys
from ..model import Finding
from ..notice import load_notice
from ..render.changes import problems
from ..render.report import NOT_ACCEPTED, ExperienceEntry, Report

LETTERS_PATH = DATA_DIR / "letters.yml"
FEEDBACK_DIR = "feedback"
MARK = "showcase 退改意见"  # core property `category` of every letter this module writes
UNNAMED_UNIT = "未注明推荐单位"

_LETTER_FIELDS = ("association", "year", "unit", "count", "notice", "for_event")
_TEXTS = {  # key -> placeholders it may use
    "notice": (), "title": _LETTER_FIELDS, "greeting": _LETTER_FIELDS, "intro": _LETTER_FIELDS,
    "closing": _LETTER_FIELDS, "signature": _LETTER_FIELDS, "for_event": ("event",),
}
_BLOCKING = ("rule", "privacy", "broken")
_BASES = ("rule", "rule_other", "privacy", "broken")


@dataclass(frozen=True)
class LetterTexts:
    texts: dict[str, str]
    basis: dict[str, str]  # class id -> basis sentence ({rule}, {class})
    default_fixes: dict[str, str]  # class id -> what to fix
    fixes: dict[str, str]  # code -> what to fix


def _checked(value: object, where: str, allowed: tuple[str, ...], problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}应为非空文字")
        return ""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        problems.append(f"{where}的花括号不成对")
        return ""
    unknown = sorted(names - set(allowed))
    if unknown:
        problems.append(f"{where}有未知的占位符：{', '.join(unknown)}（允许：{', '.join(allowed) or '无'}）")
    return value.strip()


def _by_class(data: dict, key: str, keys: tuple[str, ...], allowed: tuple[str, ...], problems: list[str]) -> dict[str, str]:
    raw = data.get(key)
    if not isinstance(raw, dict):
        problems.append(f"{key} 应为按类别（{', '.join(keys)}）的映射")
        return {}
    unknown_keys(raw, keys, f"{key} ", problems)
    return {cid: _checked(raw.get(cid), f"{key} 中的“{cid}”", allowed, problems) for cid in keys}


def _parse(path: Path) -> LetterTexts:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, ("version", *_TEXTS, "basis", "default_fixes", "fixes"), "顶层", problems)
    texts = {key: _checked(data.get(key), f"{key} ", allowed, problems) for key, allowed in _TEXTS.items()}
    basis = _by_class(data, "basis", _BASES, ("rule", "class"), problems)
    default_fixes = _by_class(data, "default_fixes", _BLOCKING, (), problems)
    fixes: dict[str, str] = {}
    raw = data.get("fixes") if isinstance(data.get("fixes"), dict) else {}
    registered = load_classes().codes
    for code, text in raw.items():
        if registered.get(code) not in _BLOCKING:
            problems.append(f"fixes 中的 {code} 不是 findings.yml 中登记为通知规定、隐私或内容问题的规则代码")
        fixes[str(code)] = _checked(text, f"fixes 中的“{code}”", (), problems)
    if problems:
        raise DataFileError(path, problems)
    return LetterTexts(texts, basis, default_fixes, fixes)


load_letter_texts = cached_loader(_parse, LETTERS_PATH)


# ---------------------------------------------------------------- what goes into the letters


def unit_problems(report: Report) -> dict[str, list[tuple[ExperienceEntry, list[Finding]]]]:
    """Recommending unit -> its submissions with problems, in report order; units without none."""
    out: dict[str, list[tuple[ExperienceEntry, list[Finding]]]] = {}
    for e in report.experiences:
        found = problems(e.findings)
        if found and e.status != NOT_ACCEPTED:
            out.setdefault(e.recommender.strip() or UNNAMED_UNIT, []).append((e, found))
    return out


def explain(finding: Finding, texts: LetterTexts | None = None) -> tuple[str, str]:
    """(basis, what to fix) for one problem: the notice's rule for its code, else its class's."""
    texts = texts or load_letter_texts()
    cls = finding_class(finding)
    rule = load_notice().rules.get(finding.code, "")
    if rule:
        template = texts.basis["rule"]
    else:
        template = texts.basis["rule_other" if cls.id == "rule" else cls.id]
    basis = template.format(rule=rule, **{"class": cls.name})
    fix = texts.fixes.get(finding.code) or texts.default_fixes.get(cls.id) or texts.default_fixes["rule"]
    return basis, fix


def _without_file(f: Finding) -> str:
    """The message without the file name some checks put in front (the letter names the file above)."""
    prefix = f"{f.file}："
    return f.message[len(prefix):] if f.file and f.message.startswith(prefix) else f.message


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_file_name(unit: str) -> str:
    """A unit name as a file name on every system: no path separators or reserved characters."""
    name = _UNSAFE.sub("_", unit).strip(" ._") or UNNAMED_UNIT
    return name[:80]


# ---------------------------------------------------------------- the Word files


def _fonts(style, east_asia: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = east_asia
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _letter(unit: str, items: list[tuple[ExperienceEntry, list[Finding]]], values: dict, texts: LetterTexts,
            today: dt.date):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.8)
    _fonts(doc.styles["Normal"], "仿宋", 14)
    doc.styles["Normal"].paragraph_format.line_spacing = Pt(28)
    fill = {**values, "unit": unit, "count": len(items)}

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(texts.texts["title"].format(**fill))
    run.bold, run.font.size = True, Pt(18)
    run.font.name = "宋体"
    doc.add_paragraph(texts.texts["greeting"].format(**fill))
    doc.add_paragraph(texts.texts["intro"].format(**fill)).paragraph_format.first_line_indent = Pt(28)
    for n, (entry, found) in enumerate(items, 1):
        head = doc.add_paragraph()
        head.add_run(f"{n}．《{entry.title or entry.source}》").bold = True
        who = "　".join(x for x in (entry.organization, entry.team) if x)
        doc.add_paragraph("　".join(x for x in (who, f"文件：{entry.source}") if x))
        for m, finding in enumerate(found, 1):
            basis, fix = explain(finding, texts)
            where = f"（{finding.location}）" if finding.location else ""
            p = doc.add_paragraph(f"（{m}）问题：{_without_file(finding)}{where}")
            p.paragraph_format.left_indent = Pt(28)
            for label, text in (("依据", basis), ("修改", fix)):
                q = doc.add_paragraph(f"{label}：{text}")
                q.paragraph_format.left_indent = Pt(56)
    doc.add_paragraph(texts.texts["closing"].format(**fill)).paragraph_format.first_line_indent = Pt(28)
    for text in (texts.texts["signature"].format(**fill), f"{today.year}年{today.month}月{today.day}日"):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.core_properties.category = MARK
    doc.core_properties.title = f"{unit} 退改意见"
    doc.core_properties.author = values["association"]
    return doc


def _remove_stale(folder: Path) -> None:
    """Remove the letters an earlier run wrote (marked by their category); other files stay."""
    from docx import Document

    for path in folder.glob("*.docx"):
        try:
            if Document(str(path)).core_properties.category == MARK:
                path.unlink()
        except Exception:  # noqa: BLE001 - a file someone else put here: not ours to judge or remove
            continue


def write_letters(report: Report, folder: Path, *, association: str, year: int, event: str = "",
                  today: dt.date | None = None) -> list[Path]:
    """Write feedback/<unit>.docx for every unit with problems; returns the paths written.
    OSError (a folder that cannot be written) is the caller's to report."""
    texts = load_letter_texts()
    by_unit = unit_problems(report)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale(folder)
    values = {"association": association, "year": year, "notice": texts.texts["notice"],
              "for_event": texts.texts["for_event"].format(event=event) if event else ""}
    written: list[Path] = []
    taken: set[str] = set()
    for unit, items in by_unit.items():
        name = safe_file_name(unit)
        stem, n = name, 2
        while name.lower() in taken:  # two units that differ only in characters a file name cannot hold
            name, n = f"{stem}-{n}", n + 1
        taken.add(name.lower())
        path = folder / f"{name}.docx"
        _letter(unit, items, values, texts, today or dt.date.today()).save(str(path))
        written.append(path)
    return written
