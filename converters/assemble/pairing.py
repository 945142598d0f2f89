"""Pair each 典型经验 with its 申报表 and its 汇总表 row, and decide whether it was accepted.

Order of evidence: the same folder (one experience, one form), then the same normalised
经验名称, then 组织名称 + 班组名称, then a clearly similar 经验名称 in the same group.
Acceptance: an `accepted` list decides when given; otherwise the 汇总表's 评审结果 column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..intake import InputFile
from ..model import Document, FieldValues, Finding, Heading, Paragraph, error, info, warning
from ..names import loose_key
from ..read.accepted import read_accepted, review_accepts
from ..read.forms import form_label_count, label_pairs, read_form
from ..read.policy import Policy, resolve
from ..read.summary import read_summary
from ..text import block_text
from .structure import experience_title

__all__ = ["Submission", "pair", "Facts", "file_facts"]

SIMILAR = 0.85  # difflib ratio above which two titles in one group are taken as the same


@dataclass(frozen=True, slots=True)
class Submission:
    experience: InputFile
    form: FieldValues | None
    form_file: InputFile | None
    summary: FieldValues | None
    recommender: str  # form header "推荐地市、行业质协：X（盖章）", else summary 推荐单位, else group name
    findings: tuple[Finding, ...]
    accepted: bool = True  # False: not accepted (NOT_ACCEPTED among the findings), listed, not converted
    media: tuple[InputFile, ...] = ()  # its 发表视频 and 演示文稿 (kinds "video", "slides")


# ---------------------------------------------------------------- names


def _experience_fields(doc: Document | None) -> dict[str, str]:
    """组织名称/班组名称 written at the top of a 典型经验 ('班组名称：质检一班'), normalised."""
    if doc is None:
        return {}
    _, _, labels = resolve(None)
    found: dict[str, str] = {}
    for block in doc.blocks[:25]:
        if isinstance(block, (Paragraph, Heading)):
            for fid, value in label_pairs(block_text(block), labels):
                if fid in ("organization", "team") and fid not in found:
                    found[fid] = loose_key(re.sub(r"[（(]\s*盖\s*章\s*[)）]", "", value))
    return found


# ---------------------------------------------------------------- what pairing reads from a file


@dataclass(frozen=True, slots=True)
class Facts:
    """What pairing needs from one file; depends only on the file's bytes, its name and the policy,
    so the pipeline caches it and an unchanged package's documents are never loaded for pairing."""

    title: str = ""  # a 典型经验's 经验名称
    names: dict[str, str] = field(default_factory=dict)  # its normalised 组织名称/班组名称
    form: FieldValues | None = None  # a 申报表's values, or a form table inside a 典型经验
    form_findings: tuple[Finding, ...] = ()
    rows: tuple[FieldValues, ...] = ()  # a 汇总表's rows
    findings: tuple[Finding, ...] = ()  # found reading the 汇总表


def file_facts(f: InputFile, policy: Policy | None = None) -> Facts:
    if f.kind == "summary":
        if f.path is None:
            return Facts()
        rows, found = read_summary(f.path, f.source, policy)
        return Facts(rows=tuple(rows), findings=tuple(found))
    doc = f.read_document()
    if doc is None:
        return Facts()
    form, found = (None, ())
    if f.kind == "form" or form_label_count(doc) >= 3:
        form, found = read_form(doc, f.source, policy)
    if f.kind != "experience":
        return Facts(form=form, form_findings=tuple(found))
    return Facts(experience_title(doc), _experience_fields(doc), form, tuple(found))


FactsReader = Callable[[InputFile, "Policy | None"], Facts]


# ---------------------------------------------------------------- the parties


@dataclass
class _Exp:
    file: InputFile
    title: str
    keys: dict[str, str]  # normalised title / organization / team
    form: "_Form | None" = None
    row: "_Row | None" = None
    notes: list[Finding] = field(default_factory=list)
    embedded: FieldValues | None = None  # a 申报表 table inside the 典型经验 itself
    embedded_findings: tuple[Finding, ...] = ()


@dataclass
class _Form:
    file: InputFile
    values: FieldValues
    findings: tuple[Finding, ...]
    keys: dict[str, str]
    used: bool = False
    embedded: bool = False  # the form table sits inside the 典型经验 document itself


@dataclass
class _Row:
    file: InputFile
    values: FieldValues
    keys: dict[str, str]
    used: bool = False


def _keys(values: dict[str, str]) -> dict[str, str]:
    return {k: loose_key(values[k]) for k in ("title", "organization", "team") if values.get(k)}


def pair(files: list[InputFile], policy: Policy | None = None,
         accepted: set[str] | Path | str | None = None,
         facts: FactsReader = file_facts, keep_all: bool = False) -> tuple[list[Submission], tuple[Finding, ...]]:
    """Submissions for accepted experiences, plus findings about what could not be paired.
    `accepted`: normalised 经验名称 (see read.accepted) or the path of such a list;
    `facts`: reads a file's Facts (the pipeline passes a cached file_facts);
    `keep_all`: also a submission (accepted=False, its NOT_ACCEPTED among its findings) for each
    experience not accepted, and one for each broken Word file its folder's 申报表 vouches for, so
    the report lists every submission under its recommending unit."""
    findings: list[Finding] = []
    known = {id(f): facts(f, policy) for f in files if f.kind in ("experience", "form", "summary")}
    exps = [_experience(f, known[id(f)]) for f in files if f.kind == "experience"]
    forms = [_read_form_file(f, known[id(f)], findings) for f in files if f.kind == "form"]
    forms = [f for f in forms if f is not None]
    rows: list[_Row] = []
    for f in files:
        if f.kind == "summary":
            findings.extend(known[id(f)].findings)
            rows.extend(_Row(f, v, _keys(v.values)) for v in known[id(f)].rows)

    _pair_forms(exps, forms)
    _embedded_forms(exps)
    if keep_all:
        exps += _broken_experiences(files, forms)
    _pair_rows(exps, rows)
    media_of = _pair_media(exps, files, findings)

    accepted_titles, accepted_source = _accepted_set(accepted, findings)
    submissions: list[Submission] = []
    matched_accepted: set[str] = set()
    summary_groups = {r.file.group for r in rows}
    for exp in exps:
        verdict = _verdict(exp, accepted_titles, matched_accepted)
        media = media_of.get(id(exp), ())
        if verdict is not None and keep_all:
            exp.notes.append(verdict)
            submissions.append(replace(_submission(exp, summary_groups), accepted=False, media=media))
            continue
        if verdict is not None:
            findings.append(verdict)
            continue
        submissions.append(replace(_submission(exp, summary_groups), media=media))

    for form in forms:
        if not form.used:
            findings.append(warning("FORM_UNPAIRED", f"{form.file.source}：申报表找不到对应的典型经验（经验名称“{form.values.values.get('title', '')}”）", form.file.source))
            findings.extend(form.findings)
    for row in rows:
        if not row.used:
            n = row.values.source.rsplit("#", 1)[-1]
            findings.append(warning("SUMMARY_ROW_UNPAIRED", f"{row.file.source}：汇总表{n}（“{row.values.values.get('title', '')}”）找不到对应的典型经验", row.file.source, n))
    if accepted_titles is not None:
        for title in sorted(accepted_titles - matched_accepted):
            findings.append(warning("ACCEPTED_NOT_FOUND", f"入选名单中的“{title}”没有对应的典型经验文件", accepted_source))
    return submissions, tuple(findings)


def _experience(f: InputFile, facts: Facts) -> _Exp:
    keys = dict(facts.names)
    if facts.title:
        keys["title"] = loose_key(facts.title)
    return _Exp(f, facts.title, keys, embedded=facts.form, embedded_findings=facts.form_findings)


def _read_form_file(f: InputFile, facts: Facts, findings: list[Finding]) -> _Form | None:
    if facts.form is None:
        findings.append(error("FORM_UNREADABLE", f"{f.source}：申报表没有可读取的内容", f.source))
        return None
    return _Form(f, facts.form, facts.form_findings, _keys(facts.form.values))


# ---------------------------------------------------------------- matching


def _pair_forms(exps: list[_Exp], forms: list[_Form]) -> None:
    by_folder: dict[str, tuple[list[_Exp], list[_Form]]] = {}
    for e in exps:
        by_folder.setdefault(e.file.folder, ([], []))[0].append(e)
    for fo in forms:
        by_folder.setdefault(fo.file.folder, ([], []))[1].append(fo)
    for folder_exps, folder_forms in by_folder.values():
        if len(folder_exps) == 1 and len(folder_forms) == 1:
            _link_form(folder_exps[0], folder_forms[0])
    for matcher in (_same_title, _same_org_team, _similar_title):
        for e in exps:
            if e.form is None:
                candidate = matcher(e, [fo for fo in forms if not fo.used], lambda fo: fo.file)
                if candidate is not None:
                    _link_form(e, candidate)
                    if matcher is _similar_title:
                        e.notes.append(info("PAIRED_BY_SIMILAR_TITLE", f"{e.file.source}：按相近的经验名称与申报表 {candidate.file.source} 配对，请核对", e.file.source))


_WORD_SUFFIXES = (".docx", ".doc", ".docm", ".wps", ".dotx", ".rtf")


def _broken_experiences(files: list[InputFile], forms: list[_Form]) -> list[_Exp]:
    """A broken Word file alone in its folder with a 申报表 nothing else took: that submission's
    典型经验, which could not be read. Listed so the report keeps it under its recommending unit."""
    found: list[_Exp] = []
    broken = [f for f in files if f.kind == "broken" and f.source.lower().endswith(_WORD_SUFFIXES)]
    for f in broken:
        same = [b for b in broken if b.folder == f.folder]
        free = [fo for fo in forms if not fo.used and fo.file.folder == f.folder]
        if len(same) == 1 and len(free) == 1:
            e = _Exp(f, "", {})
            _link_form(e, free[0])
            e.title = free[0].values.values.get("title", "")
            e.keys.setdefault("title", e.keys.get("form_title", ""))
            found.append(e)
    return found


def _embedded_forms(exps: list[_Exp]) -> None:
    """Some units put the 申报表 table at the top of the 典型经验 itself: read it from there."""
    for e in exps:
        if e.form is None and e.embedded is not None:
            values = e.embedded
            _link_form(e, _Form(e.file, values, e.embedded_findings, _keys(values.values), embedded=True))
            e.notes.append(info("FORM_IN_EXPERIENCE", f"{e.file.source}：申报表信息取自典型经验文档中的表格", e.file.source))


def _pair_rows(exps: list[_Exp], rows: list[_Row]) -> None:
    for matcher in (_same_title, _same_org_team, _similar_title):
        for e in exps:
            if e.row is None:
                candidate = matcher(e, [r for r in rows if not r.used], lambda r: r.file)
                if candidate is not None:
                    e.row, candidate.used = candidate, True
                    if matcher is _similar_title:
                        e.notes.append(info("PAIRED_BY_SIMILAR_TITLE", f"{e.file.source}：按相近的经验名称与汇总表 {candidate.values.source} 配对，请核对", e.file.source))


def _link_form(e: _Exp, fo: _Form) -> None:
    e.form, fo.used = fo, True
    for k, v in fo.keys.items():  # the form fills names the document itself does not state
        e.keys.setdefault(k, v)
    e.keys.setdefault("form_title", fo.keys.get("title", ""))


def _titles(e: _Exp) -> set[str]:
    return {t for t in (e.keys.get("title"), e.keys.get("form_title")) if t}


def _closest(e: _Exp, candidates: list, file_of):
    """The only candidate, or the one in e's folder, or in e's group; None when ambiguous."""
    if len(candidates) == 1:
        return candidates[0]
    for same in (lambda f: f.folder == e.file.folder, lambda f: f.group == e.file.group):
        near = [c for c in candidates if same(file_of(c))]
        if len(near) == 1:
            return near[0]
    return None


def _same_title(e: _Exp, candidates: list, file_of):
    titles = _titles(e)
    return _closest(e, [c for c in candidates if c.keys.get("title") in titles], file_of) if titles else None


def _same_org_team(e: _Exp, candidates: list, file_of):
    team, org = e.keys.get("team"), e.keys.get("organization")
    if not team:
        return None
    hits = [c for c in candidates if c.keys.get("team") == team and (not org or c.keys.get("organization") in (org, None))]
    return _closest(e, hits, file_of)


def _similar_title(e: _Exp, candidates: list, file_of):
    titles = _titles(e)
    if not titles:
        return None
    scored = []
    for c in candidates:
        if file_of(c).group != e.file.group or not c.keys.get("title"):
            continue
        score = max(difflib.SequenceMatcher(None, t, c.keys["title"]).ratio() for t in titles)
        if score >= SIMILAR:
            scored.append((score, c))
    scored.sort(key=lambda sc: -sc[0])
    if len(scored) == 1 or (len(scored) > 1 and scored[0][0] - scored[1][0] > 0.05):
        return scored[0][1]
    return None


# ---------------------------------------------------------------- 发表视频 and 演示文稿

MEDIA_KINDS = ("video", "slides")
_MEDIA_NAMES = {"video": "视频", "slides": "演示文稿"}
MIN_NAME_MATCH = 4  # characters of a media file name that must appear in a title or team name


def _pair_media(exps: list[_Exp], files: list[InputFile], findings: list[Finding]) -> dict[int, tuple[InputFile, ...]]:
    """id(experience) -> its media files. As for a 申报表: the only experience in the media file's
    folder, or below the nearest folder above that holds any; among several, the one whose title
    or team the file name contains. Anything else is MEDIA_UNPAIRED, listed and not published."""
    owned: dict[int, list[InputFile]] = {}
    for media in (f for f in files if f.kind in MEDIA_KINDS):
        owner = _media_owner(media, exps)
        if owner is None:
            findings.append(warning("MEDIA_UNPAIRED", f"{media.source}：找不到该{_MEDIA_NAMES[media.kind]}对应的典型经验"
                                    "（所在文件夹中没有或有多份典型经验，文件名也无法区分），未发布；请放入对应经验的文件夹",
                                    media.source))
        else:
            owned.setdefault(id(owner), []).append(media)
    return {k: tuple(v) for k, v in owned.items()}


def _media_owner(media: InputFile, exps: list[_Exp]) -> _Exp | None:
    folder = media.folder
    while True:
        below = [e for e in exps if e.file.folder == folder or e.file.folder.startswith(folder + "/") or not folder]
        if len(below) == 1:
            return below[0]
        if below:
            return _named_in(media, below)
        if not folder:
            return None
        folder = folder.rpartition("/")[0]


def _named_in(media: InputFile, exps: list[_Exp]) -> _Exp | None:
    stem = loose_key(Path(media.source.rsplit("/", 1)[-1]).stem)
    if len(stem) < MIN_NAME_MATCH:
        return None
    hits = [e for e in exps if any(k and (k in stem or stem in k) and min(len(k), len(stem)) >= MIN_NAME_MATCH
                                   for k in (e.keys.get("team"), e.keys.get("title"), e.keys.get("form_title")))]
    return hits[0] if len(hits) == 1 else None


# ---------------------------------------------------------------- acceptance and results


def _verdict(e: _Exp, accepted: set[str] | None, matched: set[str]) -> Finding | None:
    """A NOT_ACCEPTED finding when the experience is out, else None."""
    source = e.file.source
    name = e.title or (e.form.values.values.get("title", "") if e.form else "") or source
    if accepted is not None:
        titles = _titles(e) | ({e.row.keys["title"]} if e.row and e.row.keys.get("title") else set())
        hits = titles & accepted
        if hits:
            matched.update(hits)
            return None
        return info("NOT_ACCEPTED", f"{source}：“{name}”不在入选名单中，不发布", source)
    review = e.row.values.values.get("review", "") if e.row else ""
    if review_accepts(review) is False:
        return info("NOT_ACCEPTED", f"{source}：汇总表评审结果为“{review}”，不发布", source, e.row.values.source)
    return None


def _submission(e: _Exp, summary_groups: set[str]) -> Submission:
    findings = list(e.notes)
    source = e.file.source
    if e.form is None:
        findings.append(warning("FORM_MISSING", f"{source}：没有找到对应的申报表（附件2）", source))
    else:
        findings.extend(e.form.findings)
    if e.row is None:
        if e.file.group in summary_groups:
            findings.append(warning("SUMMARY_ROW_MISSING", f"{source}：汇总表中没有该经验（“{e.title}”）的行", source))
        else:
            findings.append(info("SUMMARY_MISSING", f"{source}：推荐单位“{e.file.group or '（未分组）'}”没有提交汇总表", source))
    form_values = e.form.values if e.form else None
    row_values = e.row.values if e.row else None
    recommender = (
        (form_values.values.get("recommender") if form_values else None)
        or (row_values.values.get("recommender") if row_values else None)
        or e.file.group
    )
    form_file = e.form.file if e.form and not e.form.embedded else None
    return Submission(e.file, form_values, form_file, row_values, recommender, tuple(findings))


def _accepted_set(accepted, findings: list[Finding]) -> tuple[set[str] | None, str]:
    if accepted is None:
        return None, ""
    if isinstance(accepted, (str, Path)):
        titles, found = read_accepted(Path(accepted))
        findings.extend(found)
        if any(f.severity.value == "error" for f in found):
            return None, str(accepted)  # an unreadable list must not silently reject everything
        return titles, str(accepted)
    return {loose_key(t) for t in accepted}, ""
