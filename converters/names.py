"""How names are compared: one function per meaning, so each stage asks for the one it needs.

All start from NFKC (full-width Ａ１ = A1, full-width punctuation = half-width). They differ in what
else counts as the same, and each is used for one purpose only:

- ``name_key``: the identity of a 经验名称, 班组名称 or 组织名称 under the notice's rules (domain §1.6):
  every quote and bracket the same, no whitespace. Page addresses (slugs), editor overrides,
  duplicate detection and NAME_MISMATCH use it, so changing it moves published URLs.
- ``loose_key``: looser, for pairing documents of one submission: quotes, brackets and whitespace
  dropped, case folded, a final full stop ignored.
- ``title_key``: a title typed by editors (the event order file) against the catalog: quotes
  unified, whitespace dropped; brackets stay meaningful.
- ``label_key``: a form label cell: seal marks, trailing bracketed units, separators and spacing
  dropped ('邮　　编' = '邮编', '产品/服务满意度（%）' = '产品服务满意度').
"""

from __future__ import annotations

import re
import unicodedata

_RULE_QUOTES = str.maketrans({c: '"' for c in "“”„‟‘’‚‛「」『』〝〞〟'＂＇"})
_RULE_BRACKETS = str.maketrans({**{c: "(" for c in "（【〔〖［[｛{"}, **{c: ")" for c in "）】〕〗］]｝}"}})


def name_key(text: str) -> str:
    """Comparable form of a name: NFKC, one kind of quote and bracket, no whitespace (domain §1.6)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(_RULE_QUOTES).translate(_RULE_BRACKETS)
    return "".join(ch for ch in text if not ch.isspace())


_QUOTES_BRACKETS = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】{}<>〔〕]+")


def loose_key(text: str) -> str:
    """For pairing names across documents: NFKC, no quotes, brackets or whitespace, lower case."""
    text = unicodedata.normalize("NFKC", text or "")
    return _QUOTES_BRACKETS.sub("", text).rstrip("。.").lower()


_TITLE_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'"})


def title_key(text: str) -> str:
    """Compare an edited title with the catalog's: NFKC, same quotes, no whitespace."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_TITLE_QUOTES)
    return re.sub(r"\s+", "", text)


_SEAL = re.compile(r"[（(]\s*盖\s*章\s*[)）]")
_TRAILING_BRACKET = re.compile(r"[（(\[【][^（()）\[\]【】]*[)）\]】]$")
_NOISE = re.compile(r"[\s\u3000、/／\\·・:：*＊_]+")


def label_key(text: str) -> str:
    """Canonical form of a label cell: '邮　　编' -> '邮编', '产品/服务满意度（%）' -> '产品服务满意度'."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _SEAL.sub("", text)
    text = re.sub(r"\s+", "", text)
    text = text.rstrip(":：*＊")
    previous = None
    while previous != text:  # '质量成本（万元/年）（填数字）' -> '质量成本'
        previous = text
        text = _TRAILING_BRACKET.sub("", text).rstrip(":：*＊")
    return _NOISE.sub("", text).lower()


def has_seal_mark(text: str) -> re.Match | None:
    """'（盖章）' and its spaced or half-width forms, as a form header writes it."""
    return _SEAL.search(text)
