"""The review report as staff read it (issue 19, mutation testing of converters/render/report.py):
report.json's totals and entries exactly, and the review page's counts, groups, classes, links and
escaping, from a report built here (fast: no conversion)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from converters.model import Finding, Severity, error, info, warning
from converters.render.report import (
    DUPLICATE,
    EXPERIENCE_STATUSES,
    KIND_NAMES,
    NOT_ACCEPTED,
    PUBLISHED,
    REJECTED,
    SKIPPED,
    STATUS_NAMES,
    ExperienceEntry,
    FileEntry,
    Report,
    page_links,
    write_review_page,
)


def _report() -> Report:
    long = warning("PART_TOO_LONG", "实施过程 5,001 字，超过 5000 字上限", "甲/a.docx", "实施过程")
    phone = warning("PII_MOBILE", "疑似手机号码 138****0101", "甲/a.docx", "第 3 行")
    broken = error("DOCX_CORRUPT", "文件已损坏", "乙/b.docx")
    note = info("LEGACY_CONVERTED", "旧格式已转换", "甲/c.doc")
    files = [
        FileEntry("甲/a.docx", "experience", PUBLISHED, "", "2025-a", [long]),
        FileEntry("甲/a-表.docx", "form", PUBLISHED, "", "2025-a"),
        FileEntry("乙/b.docx", "broken", REJECTED, "文件损坏", "", [broken]),
        FileEntry("甲/c.doc", "experience", PUBLISHED, "", "2025-c", [note]),
        FileEntry("Thumbs.db", "ignored"),
    ]
    experiences = [
        ExperienceEntry("2025-a", "运用<QC>的实践", "甲市协会", "甲公司", "质检班", PUBLISHED, "甲/a.docx",
                        form="甲/a-表.docx", industry="制造业", methods=["QC小组"], change="fixed",
                        page="experiences/2025-a/", findings=[phone]),
        ExperienceEntry("2025-b", "乙经验", "乙市协会", "乙公司", "运维组", REJECTED, "乙/b.docx", findings=[broken]),
        ExperienceEntry("2025-c", "丙经验", "甲市协会", "丙公司", "丙班", PUBLISHED, "甲/c.doc", change="new",
                        page="experiences/2025-c/"),
        ExperienceEntry("2025-d", "丁经验", "", "丁公司", "丁班", DUPLICATE, "丙/d.docx", duplicate_of="甲/c.doc"),
        ExperienceEntry("2025-e", "戊经验", "乙市协会", "戊公司", "戊班", NOT_ACCEPTED, "乙/e.docx"),
    ]
    report = Report("收件箱<2025>", files, experiences,
                    findings=[warning("DUPLICATE_SUBMISSION", "重复", "丙/d.docx")],
                    cache={"hits": {"experience": 2, "document": 5}, "misses": {"experience": 3}})
    report.changes = {"note": "与上次比较", "previous": "old.json",
                      "withdrawn": [{"recommender": "丙市协会", "title": "己经验", "source": "丙/f.docx", "status": PUBLISHED}]}
    return report


def test_totals_count_every_status_and_severity():
    assert _report().totals() == {
        "files": 5, "files_published": 3, "files_rejected": 1, "files_skipped": 1,
        "experiences_published": 2, "experiences_rejected": 1, "experiences_duplicate": 1,
        "experiences_not_accepted": 1,
        "errors": 2, "warnings": 3,  # DOCX_CORRUPT twice (file and experience); PART_TOO_LONG, PII_MOBILE, DUPLICATE
        "cache_hits": 2, "cache_misses": 3,
    }


def test_totals_without_a_cache_are_zero():
    report = Report("in")
    assert report.totals()["cache_hits"] == 0 and report.totals()["cache_misses"] == 0
    assert report.status_counts() == {PUBLISHED: 0, REJECTED: 0, DUPLICATE: 0, NOT_ACCEPTED: 0}
    assert report.to_dict()["changes"] == {}


def test_all_findings_are_the_report_s_then_each_file_s_then_each_experience_s():
    codes = [f.code for f in _report().all_findings()]
    assert codes == ["DUPLICATE_SUBMISSION", "PART_TOO_LONG", "DOCX_CORRUPT", "LEGACY_CONVERTED", "PII_MOBILE", "DOCX_CORRUPT"]


def test_status_counts_list_every_status_in_order():
    counts = _report().status_counts()
    assert list(counts) == list(EXPERIENCE_STATUSES) == [PUBLISHED, REJECTED, DUPLICATE, NOT_ACCEPTED]
    assert counts == {PUBLISHED: 2, REJECTED: 1, DUPLICATE: 1, NOT_ACCEPTED: 1}


def test_report_json_holds_every_entry_exactly(tmp_path):
    path = tmp_path / "deep" / "report.json"
    report = _report()
    report.write(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["inbox", "totals", "status_counts", "changes", "experiences", "files", "findings"]
    assert data["inbox"] == "收件箱<2025>" and data["totals"] == report.totals()
    assert data["status_counts"] == report.status_counts() and data["changes"]["note"] == "与上次比较"
    assert data["files"][0] == {
        "source": "甲/a.docx", "kind": "experience", "status": PUBLISHED, "reason": "", "experience": "2025-a",
        "findings": [{"code": "PART_TOO_LONG", "severity": "warning", "message": "实施过程 5,001 字，超过 5000 字上限",
                      "file": "甲/a.docx", "location": "实施过程"}],
    }
    assert data["files"][4] == {"source": "Thumbs.db", "kind": "ignored", "status": SKIPPED, "reason": "",
                                "experience": "", "findings": []}
    first = data["experiences"][0]
    assert first == {
        "slug": "2025-a", "title": "运用<QC>的实践", "recommender": "甲市协会", "organization": "甲公司", "team": "质检班",
        "status": PUBLISHED, "source": "甲/a.docx", "form": "甲/a-表.docx", "summary": "", "industry": "制造业",
        "methods": ["QC小组"], "change": "fixed", "page": "experiences/2025-a/", "duplicate_of": "",
        "findings": [{"code": "PII_MOBILE", "severity": "warning", "message": "疑似手机号码 138****0101",
                      "file": "甲/a.docx", "location": "第 3 行"}],
    }
    assert data["experiences"][3]["duplicate_of"] == "甲/c.doc"
    assert [f["code"] for f in data["findings"]] == ["DUPLICATE_SUBMISSION"]
    assert "\\u" not in path.read_text(encoding="utf-8") and path.read_text(encoding="utf-8").count("\n") > 20


def test_names_staff_read():
    assert STATUS_NAMES == {PUBLISHED: "已发布", REJECTED: "未发布", DUPLICATE: "重复", NOT_ACCEPTED: "未入选", SKIPPED: "跳过"}
    assert KIND_NAMES["experience"] == "典型经验" and KIND_NAMES["form"] == "申报表" and KIND_NAMES["video"] == "发表视频"
    assert (PUBLISHED, REJECTED, SKIPPED, DUPLICATE, NOT_ACCEPTED) == (
        "published", "rejected", "skipped", "duplicate", "not_accepted")


def test_page_links_are_relative_to_the_review_page_and_quoted(tmp_path):
    report = _report()
    review = tmp_path / "build" / "report.html"
    links = page_links(report, review, tmp_path / "content", "index.md")
    assert links == {"experiences/2025-a/": "../content/experiences/2025-a/index.md",
                     "experiences/2025-c/": "../content/experiences/2025-c/index.md"}
    assert page_links(report, review, None, "index.md") == {}
    site = page_links(report, review, tmp_path / "网站 目录", "index.html")
    assert site["experiences/2025-a/"] == "../%E7%BD%91%E7%AB%99%20%E7%9B%AE%E5%BD%95/experiences/2025-a/index.html"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.ids: dict[str, str] = {}
        self.rows: list[dict] = []
        self.links: list[str] = []
        self.headings: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "tr" and attrs.get("class") == "experience":
            self.rows.append(attrs)
        if tag == "a" and attrs.get("class") == "page-link":
            self.links.append(attrs["href"])
        self._text = []

    def handle_data(self, data):
        self._text.append(data)
        if self.stack:
            tag, attrs = self.stack[-1]
            if "id" in attrs:
                self.ids[attrs["id"]] = self.ids.get(attrs["id"], "") + data
            if tag == "h2":
                self.headings.append(data)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()


def _review(tmp_path: Path) -> tuple[str, _Page]:
    path = tmp_path / "build" / "report.html"
    write_review_page(_report(), path, pages_dir=tmp_path / "site", page_file="index.html")
    html = path.read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    return html, page


def test_review_page_counts_groups_and_links(tmp_path):
    html, page = _review(tmp_path)
    assert {k: v for k, v in page.ids.items() if k.startswith("count-")} == {
        "count-published": "2", "count-rejected": "1", "count-duplicate": "1", "count-not_accepted": "1"}
    assert page.headings[:3] == ["（未注明推荐单位）（1 项）", "乙市协会（2 项）", "甲市协会（2 项）"]
    assert "已撤回（上次报告中有、本次没有）" in page.headings and "全部输入文件（5）" in page.headings
    assert "其他发现（重复申报、隐私扫描等）" in page.headings
    assert page.links == ["../site/experiences/2025-c/index.html", "../site/experiences/2025-a/index.html"]
    assert page.ids["changes"] == "与上次比较：新增 1 项，已改正 1 项，已撤回 1 项"  # in the order of changes.CHANGES
    assert "丙市协会：己经验（丙/f.docx，上次已发布）" in html
    assert "与 甲/c.doc 重复" in html and "<title>审核报告 · 收件箱&lt;2025&gt;</title>" in html


def test_review_rows_carry_their_finding_classes(tmp_path):
    _html, page = _review(tmp_path)
    by_title = [(row["data-classes"], row["data-problem"]) for row in page.rows]
    # by recommender, then status, then title: 未注明 (丁); 乙市: 戊 (not_accepted), 乙 (rejected, broken);
    # 甲市: 丙, 甲 (privacy)
    assert by_title == [("", "no"), ("", "no"), ("broken", "yes"), ("", "no"), ("privacy", "yes")]


def test_review_page_escapes_every_value(tmp_path):
    html, _page = _review(tmp_path)
    assert "运用&lt;QC&gt;的实践" in html and "运用<QC>" not in html
    assert "[PII_MOBILE] <span class=\"class-tag\">隐私</span> 疑似手机号码 138****0101（第 3 行）" in html
    assert "[DOCX_CORRUPT] <span class=\"class-tag\">内容问题</span> 文件已损坏" in html


def test_review_page_without_changes_or_findings(tmp_path):
    report = Report("in", [FileEntry("a.docx", "experience", PUBLISHED, "", "x")],
                    [ExperienceEntry("x", "经验", "甲", "组织", "班", PUBLISHED, "a.docx", page="experiences/x/")])
    path = tmp_path / "r.html"
    write_review_page(report, path)
    html = path.read_text(encoding="utf-8")
    assert 'id="changes"' not in html and "已撤回" not in html and "其他发现" not in html
    assert "page-link" not in html  # no pages_dir: no links
    assert ">已发布</td>" in html and "典型经验" in html


def test_findings_keep_their_fields():
    f = Finding("X_CODE", Severity.ERROR, "消息", "a.docx", "第 1 行")
    assert f.to_dict() == {"code": "X_CODE", "severity": "error", "message": "消息", "file": "a.docx", "location": "第 1 行"}


def test_report_json_is_written_into_new_folders_and_again_over_itself(tmp_path):
    path = tmp_path / "a" / "b" / "report.json"
    _report().write(path)
    _report().write(path)  # the folder exists now
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "{" and lines[1] == '  "inbox": "收件箱<2025>",'  # two-space indent, Chinese as it is


def test_review_page_defaults_to_links_to_the_markdown_pages_and_makes_its_folder(tmp_path):
    path = tmp_path / "x" / "y" / "report.html"
    write_review_page(_report(), path, pages_dir=tmp_path / "content")
    html = path.read_text(encoding="utf-8")
    assert 'href="../../content/experiences/2025-a/index.md"' in html


def test_review_page_totals_row_and_class_filter(tmp_path):
    html, _page = _review(tmp_path)
    row = html.split('<table class="totals">', 1)[1].split("</table>", 1)[0]
    cells = [c.split("</td>")[0].split(">")[-1] for c in row.split("<td")[1:]]
    assert cells == ["5", "2", "1", "1", "1", "1", "2", "3"]  # files, four statuses, skipped, errors, warnings
    options = html.split('id="class-filter">', 1)[1].split("</select>", 1)[0]
    assert [o.split('"')[1] for o in options.split("<option value=")[1:]] == [
        "", "problem", "rule", "privacy", "broken", "note", "clean"]
    assert "有问题的经验（通知规定、隐私、内容问题）" in options


def test_withdrawn_count_adds_to_experiences_marked_withdrawn(tmp_path):
    report = _report()
    report.experiences[4].change = "withdrawn"
    path = tmp_path / "r.html"
    write_review_page(report, path)
    assert "已撤回 2 项" in path.read_text(encoding="utf-8")
