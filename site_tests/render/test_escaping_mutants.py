"""Word text that lands inside an HTML attribute stays inside it (issue 19): alt text, captions,
link targets with quotes must not open a new attribute such as onerror."""

from __future__ import annotations

from html.parser import HTMLParser

from converters.model import Image, Link, Paragraph, Text
from converters.render.markdown import escape_html, render_blocks, render_inlines

HOSTILE = 'x" onerror="alert(1)'


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Attrs()
    parser.feed(html)
    return parser.tags


def test_escape_html_escapes_both_quotes():
    assert escape_html(HOSTILE) == "x&quot; onerror=&quot;alert(1)"
    assert escape_html("it's <b>&") == "it&#x27;s &lt;b&gt;&amp;"


def test_alt_text_with_quotes_stays_one_attribute():
    html = render_blocks((Image("image1.png", alt=HOSTILE, caption=""),), lambda name: name)
    img = [attrs for tag, attrs in _tags(html) if tag == "img"]
    assert len(img) == 1 and "onerror" not in img[0]
    assert img[0]["alt"] == HOSTILE


def test_a_link_target_with_quotes_stays_one_attribute():
    html = render_inlines((Link('https://example.com/" onclick="alert(1)', (Text("官网"),)),), in_html=True)
    a = [attrs for tag, attrs in _tags(html) if tag == "a"]
    assert len(a) == 1 and "onclick" not in a[0]
    assert a[0]["href"] == 'https://example.com/" onclick="alert(1)'


def test_paragraph_text_with_quotes_opens_no_attribute():
    html = render_blocks((Paragraph((Text(HOSTILE),)),), lambda name: name)
    assert all("onerror" not in attrs for _tag, attrs in _tags(html))
