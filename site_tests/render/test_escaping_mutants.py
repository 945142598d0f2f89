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


# ---------------------------------------------------------------- MathML from the reader, or only its text

MATHML = '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><mrow><mi>x</mi><mo>=</mo>' \
         '<msup><mi>a</mi><mn>2</mn></msup></mrow></math>'


def _math(mathml: str, text: str = "x=a^2") -> str:
    from converters.model import Math
    from converters.render.markdown import render_math

    return render_math(Math(text, mathml))


def test_reader_mathml_is_published_as_it_is():
    assert _math(MATHML) == f'<span class="math">{MATHML}</span>'


def test_an_attribute_value_may_hold_anything_escaped():
    mathml = MATHML.replace('display="block"', 'alttext="a &lt; b &quot;x&quot; onload"')
    assert _math(mathml) == f'<span class="math">{mathml}</span>'


def test_mathml_without_the_namespace_opening_is_only_text():
    for opening in ('<math display="block">', '<math xmlns="http://www.w3.org/1998/math/mathml">'):
        mathml = MATHML.replace('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">', opening)
        assert _math(mathml, "x<y") == '<span class="math">x&lt;y</span>'


def test_a_foreign_tag_inside_mathml_leaves_only_the_text():
    for foreign in ("<script>alert(1)</script>", "<img src=x>", "<svg></svg>", "<mi onclick=\"x\">a</mi>"):
        mathml = MATHML.replace("<mn>2</mn>", foreign)
        assert _math(mathml, "a") == '<span class="math">a</span>', foreign


def test_a_stray_angle_bracket_leaves_only_the_text():
    mathml = MATHML.replace("<mo>=</mo>", "<mo><</mo>")
    assert _math(mathml) == '<span class="math">x=a^2</span>'


def test_an_attribute_not_written_by_the_reader_leaves_only_the_text():
    for attr in ('style="color:red"', 'href="javascript:alert(1)"', 'onload="x"'):
        mathml = MATHML.replace("<mi>x</mi>", f"<mi {attr}>x</mi>")
        assert _math(mathml) == '<span class="math">x=a^2</span>', attr


def test_every_reader_attribute_and_tag_is_accepted():
    from converters.render import markdown

    attrs = " ".join(f'{name}="1"' for name in sorted(markdown._MATHML_ATTRS - {"xmlns"}))
    inner = "".join(f"<{tag}></{tag}>" for tag in sorted(markdown._MATHML_TAGS - {"math"}))
    mathml = f'<math xmlns="http://www.w3.org/1998/Math/MathML" {attrs}>{inner}</math>'
    assert _math(mathml) == f'<span class="math">{mathml}</span>'


def test_markdown_text_keeps_quotes_readable():
    from converters.render.markdown import escape_markdown

    assert escape_markdown('他说"好"，it\'s <b>') == '他说"好"，it\'s &lt;b&gt;'


# ---------------------------------------------------------------- pictures


def _figure(image) -> tuple[str, list[tuple[str, dict[str, str | None]]]]:
    html = render_blocks((image,), lambda name: None if name == "lost.emf" else name)
    return html, _tags(html)


def test_a_picture_that_could_not_be_converted_says_what_it_showed():
    html, _ = _figure(Image("lost.emf", alt="工艺流程", caption=""))
    assert "［图片未能转换：工艺流程］" in html
    html, _ = _figure(Image("lost.emf", alt="", caption="图1 <流程>"))
    assert "［图片未能转换：图1 &lt;流程&gt;］" in html
    html, _ = _figure(Image("lost.emf", alt="替代文字", caption="图2 改进后"))
    assert "［图片未能转换：图2 改进后］" in html
    html, _ = _figure(Image("lost.emf"))
    assert "［图片未能转换：图片］" in html


def test_a_picture_gets_its_size_only_when_both_sides_are_known():
    _, tags = _figure(Image("a.png", width_px=640, height_px=480))
    img = next(attrs for tag, attrs in tags if tag == "img")
    assert (img.get("width"), img.get("height")) == ("640", "480")
    for width, height in ((640, 0), (0, 480), (0, 0)):
        html, tags = _figure(Image("a.png", width_px=width, height_px=height))
        img = next(attrs for tag, attrs in tags if tag == "img")
        assert "width" not in img and "height" not in img and "None" not in html and "XX" not in html


def test_a_caption_becomes_a_figcaption_and_none_adds_nothing():
    html, tags = _figure(Image("a.png", caption="图3 <改进后>"))
    assert "<figcaption>图3 &lt;改进后&gt;</figcaption>" in html
    html, tags = _figure(Image("a.png", alt="照片"))
    assert "figcaption" not in html and html.endswith("</figure>")
    img = next(attrs for tag, attrs in tags if tag == "img")
    assert img["alt"] == "照片" and img["src"] == "a.png"
