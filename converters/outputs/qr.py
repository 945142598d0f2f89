"""QR codes as inline SVG, made at build time (no third-party QR service)."""

from __future__ import annotations

import html

import segno


def qr_svg(url: str, *, label: str = "") -> str:
    """An inline SVG QR code for `url`, scalable, with an accessible title."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=2, dark="#111", light="#fff", title=label or url)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label or "本页二维码", quote=True)}" ', 1)
