"""Debian's nginx with the shipped deploy/ configuration, on a loopback port, for the deployment tests.

Each server is a foreground nginx (`nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'`) with its pid,
logs and temp files in DIR; `NginxHost.session()` stops every one it started when the session ends
(conftest.nginx). The shipped files are used as written, with only the machine-specific lines
replaced: `listen 80;` by the test port, the web root by the temporary site, the CSP snippet by the
one the build wrote (site/nginx-csp.conf).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SUBPATH = "/showcase/2025/"

MAIN = """user root;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {dir}/access.log;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    include {dir}/site.conf;
}}
"""


def available() -> bool:
    return Path(NGINX).exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def root_server(port: int, site: Path) -> str:
    """deploy/nginx.conf for a site at the root of the address."""
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    return _replace(text, {"listen 80;": f"listen 127.0.0.1:{port};", "root /var/www/showcase;": f"root {site};"})


def subpath_server(port: int, www: Path) -> str:
    """deploy/nginx-subpath.conf inside a portal's server block; the site lies in www/showcase/2025/."""
    location = _replace((DEPLOY / "nginx-subpath.conf").read_text(encoding="utf-8"), {"root /var/www;": f"root {www};"})
    return f"server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n{location}\n}}\n"


def _replace(text: str, changes: dict[str, str]) -> str:
    for old, new in changes.items():
        assert old in text, f"deploy 配置中找不到 {old!r}"
        text = text.replace(old, new)
    return text


@dataclass
class NginxHost:
    """Starts nginx servers in folders under `root`; `stop_all` ends each by its own process."""

    root: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    @classmethod
    @contextlib.contextmanager
    def session(cls, root: Path) -> Iterator["NginxHost"]:
        host = cls(root)
        try:
            yield host
        finally:
            host.stop_all()

    def start(self, name: str, port: int, server: str, csp_snippet: Path | None) -> str:
        """Run nginx with `server` (an http-level server block); returns http://127.0.0.1:port."""
        folder = self.root / name
        (folder / "tmp").mkdir(parents=True)
        snippets = folder / "snippets"
        snippets.mkdir()
        for shipped in DEPLOY.glob("showcase-*.conf"):
            shutil.copy(shipped, snippets / shipped.name)
        (snippets / "showcase-csp.conf").write_text(
            csp_snippet.read_text(encoding="utf-8") if csp_snippet else "", encoding="utf-8"
        )
        (folder / "site.conf").write_text(server, encoding="utf-8")
        conf = folder / "nginx.conf"
        conf.write_text(MAIN.format(dir=folder), encoding="utf-8")
        check = subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")],
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, f"nginx 配置无效：{check.stderr}"
        process = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self.processes.append(process)
        _wait_for_port(port, process)
        return f"http://127.0.0.1:{port}"

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes.clear()


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx 未能启动：{process.stderr.read().decode('utf-8', 'replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise AssertionError(f"nginx 在 {timeout} 秒内没有监听端口 {port}")


@dataclass(frozen=True)
class Hosted:
    """A site built for its nginx address: url ends with '/', site is the folder nginx serves."""

    url: str
    site: Path


def host_built_site(host: NginxHost, content_dir: Path, name: str, *, subpath: bool) -> Hosted:
    """Build `content_dir` for a fresh loopback port (root or /showcase/2025/) and serve it with nginx."""
    from converters.model import Severity
    from converters.outputs import export

    port = free_port()
    www = host.root / f"{name}-www"
    site = www / SUBPATH.strip("/") if subpath else www
    url = f"http://127.0.0.1:{port}" + (SUBPATH if subpath else "/")
    findings = export.build_site(REPO / "mkdocs.yml", content_dir, site, site_url=url)
    assert not [f for f in findings if f.severity is Severity.ERROR], findings
    server = subpath_server(port, www) if subpath else root_server(port, site)
    host.start(name, port, server, site / "nginx-csp.conf")
    return Hosted(url, site)
