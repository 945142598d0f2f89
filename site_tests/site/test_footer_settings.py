"""The footer's keys in showcase.yml (organizer, contact_page, police_beian), what the footer shows
from them, and SITE_BEIAN_MISSING: a site with a real address whose footer has no 备案 number."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from converters.config import read_settings
from converters.model import Severity
from converters.site.context import beian_findings, footer_context
from site_stage import REPO, build, make_stage

POLICE = "苏公网安备 32010202000123号"
ICP = "苏ICP备12345678号-1"


def _settings(tmp_path: Path, text: str):
    path = tmp_path / "showcase.yml"
    path.write_text(text, encoding="utf-8")
    return read_settings(path)


def test_the_footer_keys_are_read_and_default_to_the_association_and_contact_md(tmp_path):
    settings, found = _settings(tmp_path, f"association: 示例协会\npolice_beian: {POLICE}\norganizer: 示例主办单位\n")
    assert found == []
    footer = footer_context(settings)
    assert footer["organizer"] == "示例主办单位" and footer["police_beian"] == POLICE
    assert footer["police_url"].endswith("code=32010202000123")
    assert footer["contact_page"] == "contact.md" and footer["contact_url"] == ""
    plain, _ = _settings(tmp_path, "association: 示例协会\n")
    assert footer_context(plain)["organizer"] == "示例协会"


def test_a_web_address_as_contact_page_is_linked_as_it_is(tmp_path):
    settings, found = _settings(tmp_path, "contact_page: https://www.example.cn/lianxi/\n")
    assert found == [] and footer_context(settings)["contact_url"] == "https://www.example.cn/lianxi/"


def test_bad_footer_values_are_chinese_errors_naming_the_key_and_fall_back(tmp_path):
    settings, found = _settings(tmp_path, "police_beian: 苏公网安备\ncontact_page: ../secret.txt\n")
    assert [f.code for f in found] == ["CONFIG_INVALID", "CONFIG_INVALID"]
    assert all(f.severity is Severity.ERROR for f in found)
    assert "“police_beian” 应写明公安机关备案编号" in found[0].message and "'苏公网安备'" in found[0].message
    assert "“contact_page” 应为 content 目录下的页面" in found[1].message and "'../secret.txt'" in found[1].message
    assert settings.police_beian == "" and settings.contact_page == "contact.md"


def test_beian_missing_only_for_a_real_address_without_either_number(tmp_path):
    bare, _ = _settings(tmp_path, "site_url: https://www.jsaq.com.cn/showcase/2025/\n")
    [finding] = beian_findings(bare, bare.site_url)
    assert finding.code == "SITE_BEIAN_MISSING" and finding.severity is Severity.WARNING
    assert "icp" in finding.message and "police_beian" in finding.message
    assert beian_findings(bare, "https://example.org/showcase/2025/") == []  # the placeholder
    assert beian_findings(bare, "") == []
    with_icp, _ = _settings(tmp_path, f"site_url: https://www.jsaq.com.cn/\nicp: {ICP}\n")
    assert beian_findings(with_icp, with_icp.site_url) == []
    with_police, _ = _settings(tmp_path, f"site_url: https://www.jsaq.com.cn/\npolice_beian: {POLICE}\n")
    assert beian_findings(with_police, with_police.site_url) == []


def test_a_strict_build_for_a_real_address_reports_the_missing_beian_but_goes_on(tmp_path):
    stage = make_stage(tmp_path, 2, settings={"site_url": "https://www.jsaq.com.cn/showcase/2025/", "icp": ""})
    _config, found = build(stage, strict=True)
    assert [f.code for f in found if f.code == "SITE_BEIAN_MISSING"] == ["SITE_BEIAN_MISSING"]
    assert (stage.site_dir / "index.html").is_file()


def test_the_built_footer_shows_logo_organizer_contact_icp_police_and_copyright(tmp_path):
    stage = make_stage(tmp_path, 2, settings={
        "icp": ICP, "police_beian": POLICE, "organizer": "江苏省质量管理协会现场部", "logo": "assets/logo.png"})
    shutil.copy(REPO / "content" / "contact.md", stage.content_dir / "contact.md")
    (stage.content_dir / "assets" / "logo.png").write_bytes((stage.content_dir / "experiences/2025-001/image1.png").read_bytes())
    build(stage)
    for page, contact in (("index.html", "contact/"), ("experiences/2025-001/index.html", "../../contact/")):
        html = (stage.site_dir / page).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer sc-footer">'):]
        assert "主办单位：江苏省质量管理协会现场部" in footer
        assert f'<a href="{contact}">联系我们</a>' in footer
        assert re.search(r'<a href="https://beian\.miit\.gov\.cn/"[^>]*>苏ICP备12345678号-1</a>', footer)
        assert re.search(r'<a href="https://beian\.mps\.gov\.cn/#/query/webSearch\?code=32010202000123"[^>]*>'
                         + re.escape(POLICE) + "</a>", footer)
        assert "© 2025 江苏省质量管理协会" in footer
        assert re.search(r'<img class="sc-footer__logo" src="[./]*assets/logo\.png"', footer)


def test_without_a_contact_page_the_footer_has_no_contact_link(tmp_path):
    stage = make_stage(tmp_path, 1)
    assert not (stage.content_dir / "contact.md").exists()
    build(stage)
    assert "联系我们" not in (stage.site_dir / "index.html").read_text(encoding="utf-8")


def test_a_preview_on_this_machine_or_the_office_network_is_not_a_publication(tmp_path):
    bare, _ = _settings(tmp_path, "association: 示例协会\n")
    for url in ("http://127.0.0.1:8000/showcase/", "http://localhost:8000/", "http://192.168.1.20/"):
        assert beian_findings(bare, url) == [], url


def test_the_home_page_offers_the_pdf_and_zip_only_when_they_are_in_the_built_site(tmp_path):
    stage = make_stage(tmp_path / "with", 1)
    downloads = stage.content_dir / "downloads"
    downloads.mkdir()
    (downloads / "showcase-2025.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * 300_000)
    (downloads / "showcase-2025-offline.zip").write_bytes(b"PK\x05\x06" + b"\0" * 2_000)
    (downloads / "notes.txt").write_text("不是下载文件", encoding="utf-8")
    build(stage)
    home = (stage.site_dir / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="md-button" href="([^"]+)" download[^>]*>([^<]+)<span class="sc-downloads__size">([^<]+)</span>', home)
    assert [(h, label.strip(), size) for h, label, size in links] == [
        ("downloads/showcase-2025-offline.zip", "离线版（ZIP，解压后双击 index.html）", "1 KB"),
        ("downloads/showcase-2025.pdf", "汇编（可打印 PDF）", "0.3 MB"),
    ]
    assert all((stage.site_dir / h).is_file() for h, _label, _size in links)

    bare = make_stage(tmp_path / "without", 1)
    build(bare)
    assert "sc-downloads" not in (bare.site_dir / "index.html").read_text(encoding="utf-8")
