"""Content-Security-Policy of the built site, from the inline code the pages really contain.

Scripts and styles come from the site itself only. The few inline scripts Material's base.html
writes (and any a template adds) are allowed by their SHA-256 hashes, computed from each built page;
inline ``style=""`` and ``on…=""`` attributes are allowed by hash too (``'unsafe-hashes'``), only
when a page has them. Never ``'unsafe-eval'`` or ``'unsafe-inline'``.

Two places send the policy: a ``<meta http-equiv>`` in every page (for hosts that cannot set
headers: OSS, COS, the offline copy), with that page's own hashes; and the web server's header,
with the union over all pages (``nginx_snippet``, written by the plugin after the build). A browser
enforces both, so a page's inline code must be in both, which it is. ``frame-ancestors`` only works
as a header, so the meta variant leaves it out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

HEADER_FILE = "nginx-csp.conf"  # written into the site dir; deploy/showcase-headers.conf includes a copy

# Executable script types (HTML: empty, a JavaScript MIME type or "module"); JSON blocks such as
# Material's __config are data, not subject to script-src.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD_OPEN = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_EXISTING_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', re.IGNORECASE)

# Directives every variant shares; script-src/style-src get the hashes. data: images are Material's
# icons in CSS and inline SVG; nothing is fetched from another host.
_FIXED = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "media-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
_HEADER_ONLY = {"frame-ancestors": "'none'"}


def source_hash(text: str) -> str:
    """The CSP source expression of inline code: 'sha256-<base64 of the UTF-8 bytes>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@dataclass
class InlineCode:
    """Hashes of the inline code of one page, or the union of many."""

    scripts: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)  # <style> elements
    script_attrs: set[str] = field(default_factory=set)  # onclick="…" and friends
    style_attrs: set[str] = field(default_factory=set)  # style="…"

    def add(self, other: InlineCode) -> None:
        self.scripts |= other.scripts
        self.styles |= other.styles
        self.script_attrs |= other.script_attrs
        self.style_attrs |= other.style_attrs


class _InlineFinder(HTMLParser):
    """Collects inline code as the browser hashes it: element text raw, attribute values decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = InlineCode()
        self._open: tuple[str, set[str]] | None = None  # (tag, where its text goes)
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.script_attrs.add(source_hash(value))
            elif name == "style" and value:
                self.found.style_attrs.add(source_hash(value))
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in _SCRIPT_TYPES:
            self._open, self._text = ("script", self.found.scripts), []
        elif tag == "style":
            self._open, self._text = ("style", self.found.styles), []

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            self._open[1].add(source_hash("".join(self._text)))
            self._open = None


def inline_code(html: str) -> InlineCode:
    finder = _InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def _sources(base: str, hashes: set[str], attr_hashes: set[str]) -> str:
    extra = sorted(hashes) + (["'unsafe-hashes'"] + sorted(attr_hashes) if attr_hashes else [])
    return " ".join([base, *extra])


def policy(code: InlineCode, *, header: bool) -> str:
    """The policy text; `header` adds what only works as an HTTP header (frame-ancestors)."""
    directives = {
        "default-src": _FIXED["default-src"],
        "script-src": _sources("'self'", code.scripts, code.script_attrs),
        "style-src": _sources("'self'", code.styles, code.style_attrs),
        **_FIXED,
        **(_HEADER_ONLY if header else {}),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_meta(html: str) -> tuple[str, InlineCode]:
    """The page with its own policy as the first element of <head> (before any script runs), and its
    inline code for the site-wide header. A page without <head> is returned unchanged."""
    html = _EXISTING_META.sub("", html)
    code = inline_code(html)
    head = _HEAD_OPEN.search(html)
    if head is None:
        return html, code
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(code, header=False)}">'
    return html[: head.end()] + meta + html[head.end():], code


def nginx_snippet(code: InlineCode) -> str:
    """The header for nginx, included by deploy/showcase-headers.conf (regenerated by every build)."""
    return (
        "# Generated by the showcase build from the inline code of every page; do not edit.\n"
        f'add_header Content-Security-Policy "{policy(code, header=True)}" always;\n'
    )
