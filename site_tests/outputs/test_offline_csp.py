"""The offline copy (`showcase export`) opened from file:// in headless Chromium: its pages are held
to the policy in their own <meta http-equiv="Content-Security-Policy"> (no server sends a header),
nothing the site does violates it, and a script that is not part of the build does not run."""

from __future__ import annotations

from pathlib import Path


import browser

REPO = Path(__file__).resolve().parents[2]
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' @' + e.sourceFile));
"""
pytestmark = browser.BROWSER_TESTS


def _visit(chromium, path: Path, action=None) -> tuple[list[str], list[str], object]:
    """(CSP violations, console errors and failed requests, window.__injected) of opening `path`."""
    with browser.open_page(chromium, enforce_csp=True) as (page, log):
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(path.as_uri())
        page.wait_for_load_state("networkidle")
        if action is not None:
            action(page)
            page.wait_for_timeout(200)
        return page.evaluate("window.__cspViolations"), log.problems(), page.evaluate("window.__injected")


def _experience(site: Path) -> Path:
    return next(p for p in sorted(site.glob("experiences/*/index.html")) if 'class="figure"' in p.read_text(encoding="utf-8"))


def test_the_offline_copy_runs_under_its_meta_policy(offline_site, chromium):
    def search(page):
        assert browser.search(page, "质量")

    def zoom(page):
        assert page.locator(".sc-qr svg").count() == 1
        page.locator("figure.figure img").first.click()
        page.locator("dialog.sc-zoom").wait_for(state="visible")

    visits = {
        "index.html": search,
        _experience(offline_site).relative_to(offline_site).as_posix(): zoom,
        "filter.html": lambda page: page.select_option("#sc-f-industry", index=1),
        "stats.html": None,
    }
    for name in [*visits, "404.html"]:
        assert '<meta http-equiv="Content-Security-Policy"' in (offline_site / name).read_text(encoding="utf-8"), name
    found = {name: _visit(chromium, offline_site / name, action)[:2] for name, action in visits.items()}
    assert found == {name: ([], []) for name in visits}
    # 404.html loads its files by the site's address (right at any depth online), so only its policy counts here.
    assert _visit(chromium, offline_site / "404.html")[0] == []


def test_an_injected_script_does_not_run_from_file(offline_site, chromium):
    page = _experience(offline_site)
    probe = page.with_name("injected.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", "<script>window.__injected = 1</script></body>"),
                     encoding="utf-8")
    violations, _problems, injected = _visit(chromium, probe)
    assert injected is None
    assert any(v.startswith("script-src") for v in violations), violations
