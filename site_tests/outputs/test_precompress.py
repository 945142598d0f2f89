"""`showcase build --gzip`: name.gz beside the site's text files, byte-reproducible, and what nginx's
gzip_static (deploy/showcase-site.conf) then sends as it is, instead of compressing per request."""

from __future__ import annotations

import gzip
import http.client
import random
from pathlib import Path
from urllib.parse import urlsplit

from converters.outputs.precompress import MIN_BYTES, gzip_bytes, precompress


def _site(root: Path) -> Path:
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text("<p>质量信得过班组</p>" * 200, encoding="utf-8")
    (root / "a" / "app.js").write_text("var x = 1;\n" * 100, encoding="utf-8")
    (root / "tiny.css").write_text("p{}", encoding="utf-8")
    (root / "photo.png").write_bytes(b"\x89PNG" + bytes(4000))
    (root / "random.svg").write_bytes(random.Random(1).randbytes(600))  # incompressible: no copy
    return root


def test_text_files_get_a_gzip_copy_that_decompresses_to_the_file(tmp_path):
    site = _site(tmp_path / "site")
    count, saved = precompress(site)
    copies = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.gz"))
    assert copies == ["a/app.js.gz", "index.html.gz"] and count == 2
    for name in copies:
        original = (site / name[:-3]).read_bytes()
        assert gzip.decompress((site / name).read_bytes()) == original
    assert saved == sum((site / n[:-3]).stat().st_size - (site / n).stat().st_size for n in copies) > 0
    assert (site / "tiny.css").stat().st_size < MIN_BYTES


def test_copies_are_byte_reproducible(tmp_path):
    first, second = _site(tmp_path / "one"), _site(tmp_path / "two")
    precompress(first)
    precompress(second)
    assert (first / "index.html.gz").read_bytes() == (second / "index.html.gz").read_bytes()
    assert gzip_bytes(b"x" * 1000)[4:8] == b"\0\0\0\0"  # no time in the header


def test_showcase_build_gzip_writes_them_for_the_built_site(built_site, tmp_path):
    from converters.cli import main

    site = tmp_path / "site"
    code = main(["build", "--content", str(built_site.content_dir), "--site", str(site), "--gzip",
                 "--report", str(tmp_path / "report.json")])
    assert code == 0
    home = site / "index.html"
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == home.read_bytes()
    pages = list(site.glob("experiences/*/index.html"))
    assert pages and all(p.with_name("index.html.gz").is_file() for p in pages)


def _get(url: str, gzip_ok: bool) -> tuple[dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", parts.path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    response = conn.getresponse()
    body = response.read()  # raw: http.client does not decompress
    conn.close()
    return {k.lower(): v for k, v in response.getheaders()}, body


def test_nginx_sends_the_prepared_copy_as_it_is(built_site, nginx):
    import nginx_host

    hosted = nginx_host.host_built_site(nginx, built_site.content_dir, "gzstatic", subpath=False)
    precompress(hosted.site)
    headers, body = _get(hosted.url, gzip_ok=True)
    assert headers.get("content-encoding") == "gzip"
    assert body == (hosted.site / "index.html.gz").read_bytes()  # level 9 from the build, not nginx's level 6
    headers, body = _get(hosted.url, gzip_ok=False)
    assert "content-encoding" not in headers and body == (hosted.site / "index.html").read_bytes()
