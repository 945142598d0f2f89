"""Experience pages carry a QR code and zoomable figures; the statistics page draws SVG charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import browser
from converters.outputs.qr import qr_svg
from converters.render.stats import metric_charts

REPO = Path(__file__).resolve().parents[2]


def _site_url() -> str:
    return yaml.safe_load((REPO / "showcase.yml").read_text(encoding="utf-8"))["site_url"]


def _experience_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.glob("experiences/*/index.html"))


def test_every_experience_page_has_a_qr_code_of_its_public_address(built_site):
    pages = _experience_pages(built_site.site_dir)
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        address = f"{_site_url()}experiences/{page.parent.name}/"
        assert f'aria-label="本页二维码：{address}"' in html, page
        assert re.search(r'<aside class="sc-qr"[^>]*>\s*<svg', html), page


def test_qr_code_svg_is_inline_and_safe():
    svg = qr_svg("https://example.org/a?b=<c>", label="<script>")
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg


def test_statistics_page_has_svg_charts_with_data_tables(built_site):
    html = (built_site.site_dir / "stats" / "index.html").read_text(encoding="utf-8")
    assert html.count('<svg class="showcase-chart"') >= 4  # three facets + at least one metric
    assert "申报指标分布" in html and "产品/服务满意度" in html
    assert "<caption>" in html


def test_metric_distribution_counts_each_experience_once():
    catalog = {"experiences": [{"metrics": {"satisfaction": v}} for v in ("98.5", "100", "99", "85", "x")]}
    [figure] = metric_charts(catalog, {"satisfaction": "产品/服务满意度"})
    assert "4 项" in figure["title"]
    cells = re.findall(r"<td>(\d+)</td>", figure["table"])
    assert sum(map(int, cells)) == 4


@pytest.mark.browser
def test_figure_opens_full_size_and_closes_with_escape(built_site):
    page_with_figure = next(p for p in _experience_pages(built_site.site_dir) if 'class="figure"' in p.read_text(encoding="utf-8"))
    rel = page_with_figure.relative_to(built_site.site_dir).parent.as_posix() + "/"
    with browser.serve(built_site.site_dir) as base, browser.launch() as chromium:
        with browser.open_page(chromium, viewport={"width": 375, "height": 812}) as (page, log):
            page.goto(base + rel)
            image = page.locator("figure.figure img").first
            image.click()
            dialog = page.locator("dialog.sc-zoom")
            dialog.wait_for(state="visible")
            src = dialog.locator("img").get_attribute("src")
            assert src and src.endswith(image.get_attribute("src").split("/")[-1])
            page.keyboard.press("Escape")
            dialog.wait_for(state="hidden")
            assert log.problems() == []
