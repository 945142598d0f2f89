"""`showcase deploy --check URL` against real nginx servers: the shipped configuration serving the
samples gives a clean report and exit 0; a careless configuration serving a page with careless
references gives every kind of problem, in Chinese, and exit 1."""

from __future__ import annotations

import shutil

import pytest

import nginx_host
from converters.cli import main
from converters.outputs import deploycheck

BAD_SERVER = """server {{
    listen 127.0.0.1:{port};
    root {site};
    types {{ text/html html; text/css css; text/plain js; image/png png; image/jpeg jpg; }}
    add_header Content-Security-Policy "default-src 'self'; script-src 'self'";  # from an older build
    location / {{ try_files $uri $uri/ =404; }}
}}
"""
BAD_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="canonical" href="https://www.jsqa.example.cn/showcase/2025/bad/">
<script src="https://cdn.example.com/jquery.js"></script></head>
<body><img src="http://127.0.0.1:{port}/assets/images/favicon.png" alt="">
<a href="../gone/">已删除的页面</a>{padding}</body></html>
"""


@pytest.fixture(scope="module")
def careless_host(nginx_sites, nginx, tmp_path_factory) -> str:
    """A copy of the root site behind a server without gzip, headers or 404 page, wrong .js type,
    with a page (linked from the home page) that loads http:// and foreign resources."""
    site = tmp_path_factory.mktemp("careless") / "site"
    shutil.copytree(nginx_sites["root"].site, site)
    port = nginx_host.free_port()
    (site / "bad").mkdir()
    (site / "bad" / "index.html").write_text(BAD_PAGE.format(port=port, padding="<p>质量</p>" * 200), encoding="utf-8")
    home = site / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</body>", '<a href="bad/">b</a></body>'), encoding="utf-8")
    return nginx.start("careless", port, BAD_SERVER.format(port=port, site=site), None) + "/"


def test_the_shipped_configuration_passes_the_check(nginx_sites, capsys):
    for hosted in nginx_sites.values():
        assert main(["deploy", "--check", hosted.url]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"检查 {hosted.url}：") and out.rstrip().endswith("未发现问题")


def test_a_careless_host_gets_every_kind_of_problem_reported(careless_host, capsys):
    assert main(["deploy", "--check", careless_host]) == 1
    out = capsys.readouterr().out
    for label in ("[链接失效]", "[缺少响应头]", "[内容安全策略]", "[未压缩]", "[类型不符]", "[混合内容]", "[外部资源]", "[404 处理]"):
        assert label in out, label
    report = deploycheck.check_deployment(careless_host)
    by_kind = {}
    for problem in report.problems:
        by_kind.setdefault(problem.kind, []).append(problem)
    assert {p.url for p in by_kind["broken"]} == {careless_host + "gone/"}
    assert by_kind["broken"][0].referrer == careless_host + "bad/"
    missing = {p.detail for p in by_kind["header"]}
    assert {"缺少响应头 X-Content-Type-Options", "缺少响应头 Referrer-Policy", "缺少响应头 Cache-Control"} <= missing
    assert "缺少响应头 Content-Security-Policy" not in missing
    # The header's policy lacks the hashes of the theme's inline scripts: every built page is named.
    assert {careless_host, careless_host + "stats/"} <= {p.url for p in by_kind["csp"]}
    assert careless_host + "bad/" not in {p.url for p in by_kind["csp"]}  # no inline code there
    assert all(p.url.endswith(".js") for p in by_kind["type"])
    assert [p.url for p in by_kind["external"]] == ["https://cdn.example.com/jquery.js"]  # reported, never fetched
    assert [p.url for p in by_kind["mixed"]] == [careless_host + "assets/images/favicon.png"]
    assert {p.url for p in by_kind["compress"]} >= {careless_host, careless_host + "bad/"}


def test_a_url_that_is_not_http_is_a_usage_error(capsys):
    assert main(["deploy", "--check", "ftp://example.org/site/"]) == 2
    assert "网址应以 http:// 或 https:// 开头" in capsys.readouterr().err


def test_an_unreachable_host_is_reported_as_a_broken_link():
    report = deploycheck.check_deployment(f"http://127.0.0.1:{nginx_host.free_port()}/")
    assert [p.kind for p in report.problems] == ["broken"]
    assert report.problems[0].detail.startswith("无法访问")
    assert deploycheck.report_lines(report)[-1] == "共 1 处问题"


def test_showcase_check_names_a_broken_deploy_rules_file(tmp_path, capsys):
    from converters.datafiles import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    rules = data / "deploy.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("pages: 1000", "pages: -1").replace("  csp: 内容安全策略\n", ""),
                     encoding="utf-8")
    assert main(["check", "--data", str(data)]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "deploy.yml" in text and "limits.pages 应为正整数" in text and "kinds.csp 应为非空文字" in text
