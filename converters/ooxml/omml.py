"""OMML equations (m:oMath) as linear text: a/b, x^2, x_i, √(x), ∑_(i=1)^n.

Enough for search and for a readable fallback; not a typesetter.
"""

from __future__ import annotations

from lxml import etree

from .xml import prefixed, q

_PROPS = frozenset({"m:rPr", "m:ctrlPr", "m:oMathParaPr", "w:rPr"})


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
    found = el.find(f"{q(pr)}/{q(name)}")
    if found is None:
        return default
    return found.get(q("m:val"), default) if found.get(q("m:val")) is not None else ""


def _node(el: etree._Element) -> str:
    tag = prefixed(el)
    if not tag or tag in _PROPS or tag.endswith("Pr"):
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
        op = _prop(el, "m:naryPr", "m:chr", "∫")
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
        return ""
    if tag == "w:r" or tag == "m:r":
        return "".join(_node(c) for c in el)
    return _children(el)


__all__ = ["math_text"]
