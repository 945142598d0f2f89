"""Extra pictures of an experience page: a phone-size copy of each large picture (the page's
`srcset`) and the square share image WeChat shows in a link card.

Made once per picture when the experience is converted (pipeline), so they are cached with the
document like every other picture; Pillow only, no external tool.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, UnidentifiedImageError

from ..model import Asset, Experience
from .markdown import PhoneCopy
from ..notice import PARTS
from ..text import referenced_assets

PHONE_WIDTH = 750  # 2 device pixels per CSS pixel on a 375 px phone
PHONE_MAX_BYTES = 80_000
SHARE_NAME = "share.jpg"
SHARE_SIZE = 600  # WeChat wants at least 300×300; twice that stays sharp on high-density screens
SHARE_MIN_SIDE = 300  # a picture smaller than this on its short side is not used for sharing
RASTER_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "image/tiff"})
_QUALITIES = (80, 70, 60, 50, 40)
_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
_BRAND = (40, 53, 147)  # indigo, the site's primary colour


def phone_name(name: str) -> str:
    """image3.png -> image3.phone.jpg"""
    stem = name.rsplit(".", 1)[0]
    return f"{stem}.phone.jpg"


def phone_copies(assets: dict[str, Asset]) -> dict[str, PhoneCopy]:
    """Picture file name -> its phone copy, for the page's srcset (sizes read from the headers only)."""
    copies = {}
    for asset in assets.values():
        small = assets.get(phone_name(asset.name))
        if small is None or small is asset:
            continue
        width, full = _width(small), _width(asset)
        if width and full:
            copies[asset.name] = PhoneCopy(small.name, width, full)
    return copies


def _width(asset: Asset) -> int:
    try:
        with PILImage.open(io.BytesIO(asset.data)) as picture:  # reads the header, not the pixels
            return picture.width
    except (UnidentifiedImageError, OSError, ValueError):
        return 0


def with_pictures(exp: Experience) -> Experience:
    """The experience with a phone copy of each large raster picture and its share image."""
    assets = dict(exp.assets)
    for asset in exp.assets.values():
        small = phone_variant(asset)
        if small is not None:
            assets[small.name] = small
    assets[SHARE_NAME] = share_image(exp)
    return replace(exp, assets=assets)


def _open(asset: Asset) -> PILImage.Image | None:
    if asset.content_type not in RASTER_TYPES:
        return None
    try:
        picture = PILImage.open(io.BytesIO(asset.data))
        picture.load()
    except (UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError):
        return None
    return picture


def _flat_rgb(picture: PILImage.Image) -> PILImage.Image:
    """RGB on white: JPEG has no transparency, and a transparent PNG would turn black."""
    if picture.mode in ("RGBA", "LA", "P"):
        rgba = picture.convert("RGBA")
        white = PILImage.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return picture.convert("RGB")


def _jpeg_within(picture: PILImage.Image, limit: int) -> bytes:
    """The best JPEG quality that fits `limit` bytes, halving the size when even the lowest does not."""
    while True:
        for quality in _QUALITIES:
            buf = io.BytesIO()
            picture.save(buf, format="JPEG", quality=quality, optimize=True, progressive=True)
            if buf.tell() <= limit:
                return buf.getvalue()
        half = (max(picture.width // 2, 1), max(picture.height // 2, 1))
        picture = picture.resize(half, PILImage.LANCZOS, reducing_gap=2.0)


def phone_variant(asset: Asset) -> Asset | None:
    """A JPEG at most PHONE_WIDTH wide and PHONE_MAX_BYTES large; None when the picture is small
    already (or not a raster picture Pillow reads)."""
    picture = _open(asset)
    if picture is None or (picture.width <= PHONE_WIDTH and len(asset.data) <= PHONE_MAX_BYTES):
        return None
    picture = _flat_rgb(picture)
    if picture.width > PHONE_WIDTH:
        height = max(round(picture.height * PHONE_WIDTH / picture.width), 1)
        picture = picture.resize((PHONE_WIDTH, height), PILImage.LANCZOS, reducing_gap=2.0)
    return Asset(phone_name(asset.name), "image/jpeg", _jpeg_within(picture, PHONE_MAX_BYTES))


def _page_pictures(exp: Experience) -> list[Asset]:
    """The pictures in reading order (body parts), as the page shows them."""
    names: dict[str, Asset] = {}
    for key, _title, _limit in PARTS[1:]:
        for name in referenced_assets(exp.parts.get(key, ())):
            if name in exp.assets:
                names.setdefault(name, exp.assets[name])
    return list(names.values())


def share_image(exp: Experience) -> Asset:
    """A SHARE_SIZE square: the first picture large enough, cropped to its centre; else a card with
    the experience's title on the site's colour."""
    for asset in _page_pictures(exp):
        picture = _open(asset)
        if picture is not None and min(picture.size) >= SHARE_MIN_SIDE:
            return Asset(SHARE_NAME, "image/jpeg", _jpeg(_square(_flat_rgb(picture))))
    return Asset(SHARE_NAME, "image/jpeg", _jpeg(title_card(exp.title, exp.team)))


def _square(picture: PILImage.Image) -> PILImage.Image:
    side = min(picture.size)
    left, top = (picture.width - side) // 2, (picture.height - side) // 2
    square = picture.crop((left, top, left + side, top + side))
    return square.resize((SHARE_SIZE, SHARE_SIZE), PILImage.LANCZOS, reducing_gap=2.0)


def _jpeg(picture: PILImage.Image) -> bytes:
    buf = io.BytesIO()
    picture.save(buf, format="JPEG", quality=82, optimize=True)
    return buf.getvalue()


def _font(size: int):
    for path in _FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return None  # no CJK font on this machine: the card keeps its colour and mark only


def _lines(text: str, per_line: int, most: int) -> list[str]:
    lines = [text[i : i + per_line] for i in range(0, len(text), per_line)]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def title_card(title: str, team: str) -> PILImage.Image:
    """The generated share image: title in white on the site's colour, the team below."""
    card = PILImage.new("RGB", (SHARE_SIZE, SHARE_SIZE), _BRAND)
    draw = ImageDraw.Draw(card)
    draw.rectangle((48, 64, 120, 72), fill=(255, 112, 67))
    big, small = _font(52), _font(30)
    if big is None:
        return card
    y = 110
    for line in _lines(title, 9, 6):
        draw.text((48, y), line, font=big, fill=(255, 255, 255))
        y += 70
    if team:
        draw.text((48, SHARE_SIZE - 90), _lines(team, 16, 1)[0], font=small, fill=(220, 224, 245))
    return card
