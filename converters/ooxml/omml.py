"""OMML equations (m:oMath, ECMA-376 Part 1 §22.1) as linear text and as presentation MathML.

``math_text`` gives a/b, x^2, x_i, √(x), ∑_(i=1)^n: enough for search, counts and a readable fallback.
``math_mathml`` gives the same equation as presentation MathML (MathML Core elements, which Chromium,
Firefox and Safari render natively: no script, no CDN). The MathML is built here from our own small
node tree and serialised by ``_serialise``: every text node and attribute is escaped, and the ASCII
characters Markdown would read as syntax (``*``, ``_``, ``\\``, ``[`` …) are written as character
references, so the string can sit inside a Markdown paragraph without being re-parsed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from .xml import prefixed, q

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_PROPS = frozenset({"m:rPr", "m:ctrlPr", "m:oMathParaPr", "w:rPr"})
_SKIPPED = frozenset({"w:del", "w:moveFrom", "w:bookmarkStart", "w:bookmarkEnd", "w:proofErr"})


# ---------------------------------------------------------------- linear text


def math_text(el: etree._Element) -> str:
    return _node(el).strip()


def _is_group(text: str) -> bool:
    """'(a+b)' is one bracketed group; '(a)+(b)' is not."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def _wrap(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 1 or _is_group(text) else f"({text})"


def _child(el: etree._Element, name: str) -> str:
    found = el.find(q(name))
    return _children(found) if found is not None else ""


def _children(el: etree._Element) -> str:
    return "".join(_node(child) for child in el)


def _prop(el: etree._Element, pr: str, name: str, default: str) -> str:
    """A property's m:val; the default when the property is absent, '' when present without a value."""
    found = el.find(f"{q(pr)}/{q(name)}")
    if found is None:
        return default
    return found.get(q("m:val"), "")


def _flag(el: etree._Element, pr: str, name: str, default: bool = False) -> bool:
    """An m:val on/off property (m:degHide, m:subHide …): present without a value means on."""
    found = el.find(f"{q(pr)}/{q(name)}")
    if found is None:
        return default
    return (found.get(q("m:val")) or "1").lower() not in ("0", "off", "false")


def _node(el: etree._Element) -> str:
    tag = prefixed(el)
    if not tag or tag in _PROPS or tag in _SKIPPED or tag.endswith("Pr"):
        return ""
    if tag == "m:oMathPara":
        return " ".join(_node(m) for m in el.findall(q("m:oMath")))
    if tag in ("m:t", "w:t"):
        return el.text or ""
    if tag == "m:f":
        return f"{_wrap(_child(el, 'm:num'))}/{_wrap(_child(el, 'm:den'))}"
    if tag == "m:sSup":
        return f"{_child(el, 'm:e')}^{_wrap(_child(el, 'm:sup'))}"
    if tag == "m:sSub":
        return f"{_child(el, 'm:e')}_{_wrap(_child(el, 'm:sub'))}"
    if tag == "m:sSubSup":
        return f"{_child(el, 'm:e')}_{_wrap(_child(el, 'm:sub'))}^{_wrap(_child(el, 'm:sup'))}"
    if tag == "m:sPre":
        return f"_{_wrap(_child(el, 'm:sub'))}^{_wrap(_child(el, 'm:sup'))}{_child(el, 'm:e')}"
    if tag == "m:rad":
        degree = _child(el, "m:deg").strip()
        return f"{degree}√({_child(el, 'm:e')})" if degree else f"√({_child(el, 'm:e')})"
    if tag == "m:d":
        beg = _prop(el, "m:dPr", "m:begChr", "(")
        end = _prop(el, "m:dPr", "m:endChr", ")")
        sep = _prop(el, "m:dPr", "m:sepChr", "|")
        return beg + sep.join(_children(e) for e in el.findall(q("m:e"))) + end
    if tag == "m:nary":
        op = _prop(el, "m:naryPr", "m:chr", "∫") or "∫"
        sub, sup = _child(el, "m:sub").strip(), _child(el, "m:sup").strip()
        text = op + (f"_{_wrap(sub)}" if sub else "") + (f"^{_wrap(sup)}" if sup else "")
        return f"{text} {_child(el, 'm:e')}"
    if tag == "m:func":
        name, arg = _child(el, "m:fName").strip(), _child(el, "m:e").strip()
        return f"{name}{arg}" if _is_group(arg) else f"{name}({arg})"
    if tag == "m:limLow":
        return f"{_child(el, 'm:e')}_{_wrap(_child(el, 'm:lim'))}"
    if tag == "m:limUpp":
        return f"{_child(el, 'm:e')}^{_wrap(_child(el, 'm:lim'))}"
    if tag == "m:eqArr":
        return ", ".join(_children(e) for e in el.findall(q("m:e")))
    if tag == "m:m":
        rows = [", ".join(_children(e) for e in mr.findall(q("m:e"))) for mr in el.findall(q("m:mr"))]
        return "[" + "; ".join(rows) + "]"
    if tag == "m:phant":
        return _child(el, "m:e") if _flag(el, "m:phantPr", "m:show", True) else ""
    return _children(el)


# ---------------------------------------------------------------- MathML tree


@dataclass
class _M:
    """A MathML element: tag, attributes, and either child elements or (token elements) text."""

    tag: str
    children: list["_M"] = field(default_factory=list)
    text: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


def _mrow(nodes: list[_M]) -> _M:
    """One argument for a schema slot (mfrac, msup …): a single node stays itself, else an mrow."""
    return nodes[0] if len(nodes) == 1 else _M("mrow", nodes)


def _mo(text: str, **attrs: str) -> _M:
    return _M("mo", text=text, attrs=attrs)


# Combining accents (what Word stores in m:accPr/m:chr) drawn by their spacing twins.
_SPACING_ACCENT = {
    "\u0300": "`", "\u0301": "\u00b4", "\u0302": "\u02c6", "\u0303": "\u02dc", "\u0304": "\u00af", "\u0305": "\u00af",
    "\u0306": "\u02d8", "\u0307": "\u02d9", "\u0308": "\u00a8", "\u030c": "\u02c7", "\u20d6": "\u2190",
    "\u20d7": "\u2192", "\u20e1": "\u2194", "\u20d0": "\u21bc", "\u20d1": "\u21c0", "\u033f": "\u2017",
}
_INTEGRALS = frozenset("∫∬∭∮∯∰∱∲∳⨌")
_VARIANTS = {"p": "normal", "b": "bold", "bi": "bold-italic", "i": "italic"}
_TOKEN = re.compile(r"(\d+(?:[.,]\d+)*)|([^\W\d_]+)|(\s+)|(.)", re.S)


def math_mathml(el: etree._Element, *, display: bool = False, text: str | None = None) -> str:
    """An m:oMath as `<math xmlns=… display=…>` with the linear text as alttext and as a plain-text
    annotation; '' when the equation has no content (or is too deep to convert)."""
    linear = math_text(el) if text is None else text
    try:
        body = _elements(el)
    except RecursionError:
        return ""
    if not body:
        return ""
    semantics = _M("semantics", [_mrow(body), _M("annotation", text=linear, attrs={"encoding": "text/plain"})])
    root = _M("math", [semantics], attrs={"xmlns": MATHML_NS, "display": "block" if display else "inline",
                                           "alttext": linear})
    return _serialise(root)


def _elements(el: etree._Element) -> list[_M]:
    """MathML nodes for the children of a container (m:oMath, m:e, m:num, m:sub …)."""
    out: list[_M] = []
    for child in el:
        out.extend(_convert(child))
    return out


def _slot(el: etree._Element, name: str) -> _M:
    found = el.find(q(name))
    return _mrow(_elements(found)) if found is not None else _M("mrow")


def _convert(el: etree._Element) -> list[_M]:
    tag = prefixed(el)
    if not tag or tag in _PROPS or tag in _SKIPPED or tag.endswith("Pr"):
        return []
    handler = _HANDLERS.get(tag)
    if handler is not None:
        return handler(el)
    return _elements(el)  # m:e and unknown wrappers (w:ins, w:sdt, w:smartTag …): their content


def _run(el: etree._Element) -> list[_M]:
    text = "".join(t.text or "" for t in el if prefixed(t) in ("m:t", "w:t"))
    if not text:
        return []
    rpr = el.find(q("m:rPr"))
    if rpr is not None and rpr.find(q("m:nor")) is not None:
        return [_M("mtext", text=text)]  # "normal text" typed inside the equation
    sty = ""
    if rpr is not None and rpr.find(q("m:sty")) is not None:
        sty = rpr.find(q("m:sty")).get(q("m:val"), "")
    in_name = any(True for _ in el.iterancestors(q("m:fName")))
    return _tokens(text, plain=sty == "p" or in_name, variant=_VARIANTS.get(sty, ""))


def _tokens(text: str, *, plain: bool, variant: str) -> list[_M]:
    """Digits -> mn, letters -> mi (one per letter, or one per word when upright: 'sin', 'max'),
    CJK words -> mtext, anything else -> mo."""
    out: list[_M] = []
    for number, word, space, other in _TOKEN.findall(text):
        if number:
            out.append(_M("mn", text=number))
        elif word:
            if any(_is_cjk(ch) for ch in word):
                out.append(_M("mtext", text=word))
            elif plain and len(word) > 1:
                out.append(_M("mi", text=word))
            else:
                for ch in word:
                    attrs = {"mathvariant": variant} if variant and variant != "italic" else {}
                    out.append(_M("mi", text=ch, attrs=attrs))
        elif space:
            continue
        elif other:
            out.append(_operator_or_identifier(other))
    return out


def _operator_or_identifier(ch: str) -> _M:
    # Symbols that name things (∞, ∅, ℏ, primes aside) read as identifiers; the rest are operators.
    if unicodedata.category(ch) in ("So", "Lo", "Lm") or ch in "∞∅ℏℓ∂∇":
        return _M("mi", text=ch)
    return _mo(ch)


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def _fraction(el: etree._Element) -> list[_M]:
    num, den = _slot(el, "m:num"), _slot(el, "m:den")
    kind = _prop(el, "m:fPr", "m:type", "bar")
    if kind == "lin":
        return [_M("mrow", [num, _mo("/"), den])]
    attrs = {"linethickness": "0"} if kind == "noBar" else {}
    return [_M("mfrac", [num, den], attrs=attrs)]


def _scripts(tag: str, *slots: str):
    def convert(el: etree._Element) -> list[_M]:
        return [_M(tag, [_slot(el, "m:e"), *(_slot(el, s) for s in slots)])]
    return convert


def _prescripts(el: etree._Element) -> list[_M]:
    return [_M("mmultiscripts", [_slot(el, "m:e"), _M("mprescripts"), _slot(el, "m:sub"), _slot(el, "m:sup")])]


def _radical(el: etree._Element) -> list[_M]:
    deg = el.find(q("m:deg"))
    degree = _elements(deg) if deg is not None else []
    if _flag(el, "m:radPr", "m:degHide") or not degree:
        return [_M("msqrt", [_slot(el, "m:e")])]
    return [_M("mroot", [_slot(el, "m:e"), _mrow(degree)])]


def _nary(el: etree._Element) -> list[_M]:
    op_char = _prop(el, "m:naryPr", "m:chr", "∫") or "∫"
    op = _mo(op_char, largeop="true")
    sub = None if _flag(el, "m:naryPr", "m:subHide") else el.find(q("m:sub"))
    sup = None if _flag(el, "m:naryPr", "m:supHide") else el.find(q("m:sup"))
    sub_nodes = _elements(sub) if sub is not None else []
    sup_nodes = _elements(sup) if sup is not None else []
    default_loc = "subSup" if op_char in _INTEGRALS else "undOvr"
    under_over = (_prop(el, "m:naryPr", "m:limLoc", default_loc) or default_loc) == "undOvr"
    if sub_nodes and sup_nodes:
        tag = "munderover" if under_over else "msubsup"
        operator = _M(tag, [op, _mrow(sub_nodes), _mrow(sup_nodes)])
    elif sub_nodes:
        operator = _M("munder" if under_over else "msub", [op, _mrow(sub_nodes)])
    elif sup_nodes:
        operator = _M("mover" if under_over else "msup", [op, _mrow(sup_nodes)])
    else:
        operator = op
    return [_M("mrow", [operator, _slot(el, "m:e")])]


def _delimiters(el: etree._Element) -> list[_M]:
    beg = _prop(el, "m:dPr", "m:begChr", "(")
    end = _prop(el, "m:dPr", "m:endChr", ")")
    sep = _prop(el, "m:dPr", "m:sepChr", "|")
    items: list[_M] = []
    if beg:
        items.append(_mo(beg, fence="true", form="prefix"))
    for i, e in enumerate(el.findall(q("m:e"))):
        if i and sep:
            items.append(_mo(sep, separator="true"))
        items.append(_mrow(_elements(e)))
    if end:
        items.append(_mo(end, fence="true", form="postfix"))
    return [_M("mrow", items)]


def _function(el: etree._Element) -> list[_M]:
    return [_M("mrow", [_slot(el, "m:fName"), _mo("\u2061"), _slot(el, "m:e")])]


def _accent(el: etree._Element) -> list[_M]:
    ch = _prop(el, "m:accPr", "m:chr", "\u0302") or "\u0302"
    return [_M("mover", [_slot(el, "m:e"), _mo(_SPACING_ACCENT.get(ch, ch), stretchy="false")],
               attrs={"accent": "true"})]


def _bar(el: etree._Element) -> list[_M]:
    if _prop(el, "m:barPr", "m:pos", "bot") == "top":
        return [_M("mover", [_slot(el, "m:e"), _mo("\u00af")], attrs={"accent": "true"})]
    return [_M("munder", [_slot(el, "m:e"), _mo("_")], attrs={"accentunder": "true"})]


def _group_char(el: etree._Element) -> list[_M]:
    ch = _prop(el, "m:groupChrPr", "m:chr", "\u23df") or "\u23df"
    pos = _prop(el, "m:groupChrPr", "m:pos", "bot")
    tag = "mover" if pos == "top" else "munder"
    return [_M("mrow", [_M(tag, [_slot(el, "m:e"), _mo(ch)])])]


def _limit(tag: str):
    def convert(el: etree._Element) -> list[_M]:
        return [_M(tag, [_slot(el, "m:e"), _slot(el, "m:lim")])]
    return convert


def _matrix(el: etree._Element) -> list[_M]:
    rows = [_M("mtr", [_M("mtd", [_mrow(_elements(e))]) for e in mr.findall(q("m:e"))])
            for mr in el.findall(q("m:mr"))]
    return [_M("mtable", rows)]


def _equation_array(el: etree._Element) -> list[_M]:
    rows = [_M("mtr", [_M("mtd", [_mrow(_elements(e))])]) for e in el.findall(q("m:e"))]
    return [_M("mtable", rows, attrs={"columnalign": "left"})]


def _box(el: etree._Element) -> list[_M]:
    return [_M("mrow", _elements(el.find(q("m:e"))) if el.find(q("m:e")) is not None else [])]


def _phantom(el: etree._Element) -> list[_M]:
    shown = _flag(el, "m:phantPr", "m:show", True)
    return [_M("mrow" if shown else "mphantom", [_slot(el, "m:e")])]


def _word_run(el: etree._Element) -> list[_M]:
    """A w:r (ordinary text) inside a math zone."""
    text = "".join(t.text or "" for t in el.iter(q("w:t")))
    return [_M("mtext", text=text)] if text else []


def _paragraph(el: etree._Element) -> list[_M]:
    return [node for m in el.findall(q("m:oMath")) for node in _elements(m)]


_HANDLERS = {
    "m:r": _run,
    "w:r": _word_run,
    "m:f": _fraction,
    "m:sSup": _scripts("msup", "m:sup"),
    "m:sSub": _scripts("msub", "m:sub"),
    "m:sSubSup": _scripts("msubsup", "m:sub", "m:sup"),
    "m:sPre": _prescripts,
    "m:rad": _radical,
    "m:nary": _nary,
    "m:d": _delimiters,
    "m:func": _function,
    "m:acc": _accent,
    "m:bar": _bar,
    "m:limLow": _limit("munder"),
    "m:limUpp": _limit("mover"),
    "m:m": _matrix,
    "m:eqArr": _equation_array,
    "m:box": _box,
    "m:borderBox": _box,
    "m:groupChr": _group_char,
    "m:phant": _phantom,
    "m:oMathPara": _paragraph,
}


# ---------------------------------------------------------------- serialisation

# One pass: HTML's specials, line breaks, and the ASCII that Python-Markdown (or one of its
# extensions) could read as syntax inside a paragraph, all as character references.
_ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in "\\`*_{}[]|#\n\r\t'"}
_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"})


def escape_text(text: str) -> str:
    """Escape for HTML text and attribute values, Markdown punctuation included."""
    return text.translate(_ESCAPES)


def _serialise(node: _M) -> str:
    attrs = "".join(f' {name}="{escape_text(value)}"' for name, value in node.attrs.items())
    if node.children:
        inner = "".join(_serialise(child) for child in node.children)
    else:
        inner = escape_text(node.text)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


__all__ = ["MATHML_NS", "escape_text", "math_mathml", "math_text"]
