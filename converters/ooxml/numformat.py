"""Number formats of ST_NumberFormat (ECMA-376 §17.18.59) rendered as Word shows them."""

from __future__ import annotations

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CN_LEGAL_TRAD = "零壹貳參肆伍陸柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_IDEOGRAPH_DIGITS = "〇一二三四五六七八九"


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    """Word's letters: A..Z, then AA..ZZ, AAA.. (the letter repeated, not base 26)."""
    if n <= 0:
        return str(n)
    repeat = (n - 1) // 26 + 1
    return chr(ord("A") + (n - 1) % 26) * repeat


def _chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千", big: str = "万亿",
             omit_leading_one: bool = True) -> str:
    """一, 十, 十一, 二十, 一百零一, 一千, 一万 ... (omit_leading_one: 十 not 一十 at the front)."""
    if n < 0:
        return str(n)
    if n == 0:
        return digits[0]

    def below_10000(x: int) -> str:
        parts = []
        zero = False
        for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
            d = x // power
            x %= power
            if d == 0:
                zero = bool(parts)
                continue
            if zero:
                parts.append(digits[0])
                zero = False
            parts.append(digits[d] + unit)
        return "".join(parts)

    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        text = below_10000(g)
        if out and g < 1000:
            text = digits[0] + text
        out += text + (big[i - 1] if i > 0 and i - 1 < len(big) else "")
    if omit_leading_one and out.startswith(digits[1] + units[0]):
        out = out[1:]
    return out


def _japanese(n: int) -> str:
    # Japanese kanji numerals drop 一 before 十/百/千 everywhere and use no 零.
    text = _chinese(n)
    for unit in "十百千":
        text = text.replace("一" + unit, unit)
    return text.replace("零", "")


def _enclosed(n: int, fallback: str) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return fallback


def format_number(n: int, fmt: str) -> str:
    fmt = fmt or "decimal"
    if fmt in ("decimal", "decimalHalfWidth", "arabicAbjad"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "koreanCounting"):
        return _chinese(n)
    if fmt in ("japaneseCounting", "japaneseLegal"):
        return _japanese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾佰仟", omit_leading_one=False)
    if fmt in ("ideographLegalTraditional", "japaneseDigitalTenThousand"):
        return _chinese(n, _CN_LEGAL_TRAD, "拾佰仟", "萬億", omit_leading_one=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "koreanDigital", "koreanDigital2"):
        return "".join(_IDEOGRAPH_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "ideographZodiacTraditional":
        return _TIANGAN[(n - 1) % 10] + _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n, str(n))
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "hex":
        return format(n, "X")
    if fmt == "chicago":
        symbols = "*†‡§"
        return symbols[(n - 1) % 4] * ((n - 1) // 4 + 1) if n > 0 else str(n)
    if fmt == "none":
        return ""
    return str(n)
