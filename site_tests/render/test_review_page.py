"""report.html from a Report object: every status counted as the pages are, grouped by unit, escaped."""

from __future__ import annotations

from converters.model import info, warning
from converters.render.report import (DUPLICATE, NOT_ACCEPTED, PUBLISHED, REJECTED, ExperienceEntry, Report,
                                      write_review_page)

HOSTILE = '<script>alert("x")</script>'


def entry(title: str, unit: str, status: str, page: str = "", findings=()) -> ExperienceEntry:
    return ExperienceEntry(slug="", title=title, recommender=unit, organization="示例", team="一班", status=status,
                           source=f"{unit}/{title}.docx", page=page, findings=list(findings))


def test_counts_per_status_grouping_links_and_escaping(tmp_path):
    report = Report("inbox", experiences=[
        entry("运用PDCA的实践", "南京", PUBLISHED, "experiences/2025-001/", [info("SUMMARY_MISSING", "没有汇总表")]),
        entry(HOSTILE, "南京", REJECTED, findings=[warning("PART_TOO_LONG", f"过长 {HOSTILE}")]),
        entry("运用PDCA的实践", "南京", DUPLICATE),
        entry("运用看板的实践", HOSTILE, NOT_ACCEPTED),
        entry("运用QCC的实践", "苏州", PUBLISHED, "experiences/2025-002/"),
    ])
    path = tmp_path / "build" / "report.html"
    write_review_page(report, path, pages_dir=tmp_path / "content")
    html = path.read_text(encoding="utf-8")
    assert report.status_counts() == {PUBLISHED: 2, REJECTED: 1, DUPLICATE: 1, NOT_ACCEPTED: 1}
    for status, n in report.status_counts().items():
        assert f'<td id="count-{status}">{n}</td>' in html
    assert html.count('class="page-link" href="../content/experiences/') == 2
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert 'data-classes="rule"' in html and 'data-classes="note"' in html
    assert html.index("<h2>南京（3 项）</h2>") < html.index("<h2>苏州（1 项）</h2>")
    assert ">重复<" in html and ">未入选<" in html
