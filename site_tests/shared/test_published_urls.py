"""converters/urls.py: a published URL never changes or disappears silently; and editions'
resubmission links (converters/editions.py), both set against the names rules of pairing."""

from __future__ import annotations

import json

from converters import urls
from converters.editions import read_archive, resubmissions
from converters.render.catalog import CatalogExperience


def _exp(slug: str, title: str, team: str = "焊接一班", year: int = 2024) -> CatalogExperience:
    return CatalogExperience(slug=slug, url=f"experiences/{slug}/", title=title, team=team, organization="示例公司", year=year)


FIRST = [_exp("2024-a", "运用PDCA提升焊接一次合格率的实践"), _exp("2024-b", "推行6S管理提升装配现场质量的实践", "装配二班")]


def test_the_first_build_records_every_url_as_published(tmp_path):
    check = urls.compare(urls.load(tmp_path / urls.STATE_FILE), FIRST)
    assert check.errors == [] and check.gone == [] and check.findings == []
    urls.save(tmp_path / urls.STATE_FILE, check.state)
    saved = json.loads((tmp_path / urls.STATE_FILE).read_text(encoding="utf-8"))
    assert sorted(saved["urls"]) == ["experiences/2024-a/", "experiences/2024-b/"]
    assert urls.load(tmp_path / urls.STATE_FILE) == check.state


def test_a_renamed_experience_is_a_url_change_until_confirmed():
    state = urls.compare({}, FIRST).state
    renamed = [FIRST[0], _exp("2024-c", "推行6S管理提升装配现场质量水平的实践", "装配二班")]
    check = urls.compare(state, renamed)
    assert len(check.errors) == 1 and "experiences/2024-b/" in check.errors[0] and "experiences/2024-c/" in check.errors[0]
    confirmed = urls.compare(state, renamed, accept_changes=True)
    assert confirmed.errors == [] and [f.code for f in confirmed.findings] == ["URL_REDIRECTED"]
    assert confirmed.gone[0].replaced_by == "experiences/2024-c/" and confirmed.state["experiences/2024-b/"]["status"] == "redirected"
    again = urls.compare(confirmed.state, renamed)  # answered for good: kept, no new finding
    assert again.errors == [] and again.findings == [] and [g.slug for g in again.gone] == ["2024-b"]


def test_a_removed_experience_is_withdrawn_and_a_new_year_changes_nothing():
    state = urls.compare({}, FIRST).state
    check = urls.compare(state, [FIRST[0], _exp("2025-x", "推行6S管理提升装配现场质量的实践", "装配二班", 2025)])
    assert check.errors == [] and [f.code for f in check.findings] == ["URL_WITHDRAWN"]  # another year is no replacement
    assert [(g.slug, g.replaced_by) for g in check.gone] == [("2024-b", "")]


def test_an_unreadable_state_stops_the_check(tmp_path):
    path = tmp_path / urls.STATE_FILE
    path.write_text("{不是 JSON", encoding="utf-8")
    check = urls.compare(urls.load(path), FIRST)
    assert check.errors and str(path) in check.errors[0] and "请从版本库恢复" in check.errors[0]


def test_resubmissions_need_the_same_team_and_a_similar_title(tmp_path):
    pages = {
        "2024-a": ("运用PDCA提升焊接一次合格率的实践", "焊接一班", 2024),
        "2025-a": ("运用PDCA循环提升焊接一次合格率的实践", "焊接一班", 2025),
        "2025-b": ("运用PDCA循环提升焊接一次合格率的实践", "装配二班", 2025),  # another team
        "2025-c": ("推行6S管理提升焊接现场质量的实践", "焊接一班", 2025),  # another experience
    }
    for slug, (title, team, year) in pages.items():
        (tmp_path / "experiences" / slug).mkdir(parents=True)
        (tmp_path / "experiences" / slug / "index.md").write_text(
            f"---\ntitle: {title}\nteam: {team}\norganization: 示例公司\nyear: {year}\n---\n\n正文\n", encoding="utf-8")
    links = resubmissions(read_archive(tmp_path))
    assert {k: [e.slug for e in v] for k, v in links.items()} == {"2024-a": ["2025-a"], "2025-a": ["2024-a"]}
