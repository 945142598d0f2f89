"""REPORT.json: every input file accounted for, with status and findings; plus totals."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Finding, Severity

PUBLISHED, REJECTED, SKIPPED = "published", "rejected", "skipped"
DUPLICATE = "duplicate"
NOT_ACCEPTED = "not_accepted"


@dataclass
class FileEntry:
    source: str
    kind: str
    status: str = SKIPPED
    reason: str = ""
    experience: str = ""  # slug of the experience this file fed
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "kind": self.kind,
            "status": self.status,
            "reason": self.reason,
            "experience": self.experience,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class ExperienceEntry:
    slug: str
    title: str
    recommender: str
    organization: str
    team: str
    status: str
    source: str
    form: str = ""
    summary: str = ""
    industry: str = ""  # 所属行业 as published (门类 name), "" when unknown
    methods: list[str] = field(default_factory=list)  # method families, primary first
    change: str = ""  # since the previous run: one of changes.CHANGES, "" before it is marked
    page: str = ""
    findings: list[Finding] = field(default_factory=list)
    duplicate_of: str = ""

    def to_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "findings"}
        data["findings"] = [f.to_dict() for f in self.findings]
        return data


@dataclass
class Report:
    inbox: str
    files: list[FileEntry] = field(default_factory=list)
    experiences: list[ExperienceEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # not tied to one file (duplicates, PII scan)
    cache: dict = field(default_factory=dict)  # conversion cache hits/misses per kind, when used
    # Set once per run by changes.mark_changes: {"note": str, "previous": path, "withdrawn": [entries]}.
    changes: dict | None = None

    def all_findings(self) -> list[Finding]:
        out = list(self.findings)
        for f in self.files:
            out += f.findings
        for e in self.experiences:
            out += e.findings
        return out

    def totals(self) -> dict:
        status = Counter(f.status for f in self.files)
        severities = Counter(f.severity.value for f in self.all_findings())
        return {
            "files": len(self.files),
            "files_published": status[PUBLISHED],
            "files_rejected": status[REJECTED],
            "files_skipped": status[SKIPPED],
            "experiences_published": sum(e.status == PUBLISHED for e in self.experiences),
            "experiences_rejected": sum(e.status == REJECTED for e in self.experiences),
            "experiences_duplicate": sum(e.status == DUPLICATE for e in self.experiences),
            "experiences_not_accepted": sum(e.status == NOT_ACCEPTED for e in self.experiences),
            "errors": severities[Severity.ERROR.value],
            "warnings": severities[Severity.WARNING.value],
            # Experiences taken from / converted past the cache; `cache` has every kind.
            "cache_hits": self.cache.get("hits", {}).get("experience", 0),
            "cache_misses": self.cache.get("misses", {}).get("experience", 0),
        }

    def status_counts(self) -> dict[str, int]:
        """Experiences per status, every status listed (0 when none): what the review page shows."""
        counts = Counter(e.status for e in self.experiences)
        return {status: counts[status] for status in EXPERIENCE_STATUSES}

    def to_dict(self) -> dict:
        return {
            "inbox": self.inbox,
            "totals": self.totals(),
            "status_counts": self.status_counts(),
            "changes": self.changes or {},
            "experiences": [e.to_dict() for e in self.experiences],
            "files": [f.to_dict() for f in self.files],
            "findings": [f.to_dict() for f in self.findings],
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


EXPERIENCE_STATUSES = (PUBLISHED, REJECTED, DUPLICATE, NOT_ACCEPTED)
STATUS_NAMES = {PUBLISHED: "已发布", REJECTED: "未发布", DUPLICATE: "重复", NOT_ACCEPTED: "未入选", SKIPPED: "跳过"}
KIND_NAMES = {
    "experience": "典型经验",
    "form": "申报表",
    "summary": "汇总表",
    "campaign": "推进活动统计表",
    "work_summary": "工作总结",
    "archive": "压缩包",
    "ignored": "系统文件",
    "unsupported": "不支持的文件",
    "broken": "损坏的文件",
    "video": "发表视频",
    "slides": "演示文稿",
}


def page_links(report: Report, review_path: Path, pages_dir: Path | None, page_file: str) -> dict[str, str]:
    """Experience page (experiences/<slug>/) -> link to its generated file, relative to the review page."""
    import os
    from urllib.parse import quote

    if pages_dir is None:
        return {}
    links = {}
    for e in report.experiences:
        if e.page:
            target = Path(os.path.relpath(pages_dir / e.page / page_file, review_path.parent))
            links[e.page] = quote(target.as_posix())
    return links


def write_review_page(report: Report, path: Path, *, pages_dir: Path | None = None, page_file: str = "index.md") -> None:
    """A human-readable page for the association's staff; autoescaped, never part of the site.
    `pages_dir` is where the generated pages are (the docs dir, or the built site with index.html)."""
    from itertools import groupby

    from jinja2 import Environment, PackageLoader, select_autoescape

    from ..check.classes import CLASS_IDS, finding_class, load_classes
    from .changes import CHANGE_NAMES, CHANGES

    env = Environment(loader=PackageLoader("converters.render", "templates"), autoescape=select_autoescape(["html", "j2"]))
    data = report.to_dict()
    for entry, e in zip(data["experiences"], report.experiences):
        entry["classes"] = sorted({finding_class(f).id for f in e.findings})
        for d, f in zip(entry["findings"], e.findings):
            d["class"] = finding_class(f).id
    ordered = sorted(data["experiences"], key=lambda e: (e["recommender"], e["status"], e["title"]))
    by_rec = [(rec, list(items)) for rec, items in groupby(ordered, key=lambda e: e["recommender"])]
    classes = load_classes().classes
    change_counts = Counter(e.change for e in report.experiences if e.change)
    change_counts["withdrawn"] += len((report.changes or {}).get("withdrawn", []))
    html = env.get_template("review.html.j2").render(
        inbox=data["inbox"],
        totals=data["totals"],
        status_counts=data["status_counts"],
        by_recommender=by_rec,
        files=data["files"],
        findings=data["findings"],
        status_names=STATUS_NAMES,
        kind_names=KIND_NAMES,
        classes=[classes[c] for c in CLASS_IDS],
        class_names={c: classes[c].name for c in CLASS_IDS},
        changes=report.changes or {},
        change_names=CHANGE_NAMES,
        change_counts=[(c, change_counts[c]) for c in CHANGES if change_counts[c]],
        links=page_links(report, path, pages_dir, page_file),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
