"""The 发表材料 part of an experience page: its videos (played from the site itself) and slides.

Plain HTML inside the Markdown page, between two marker comments so the offline export can leave
the block out (showcase export --no-media). Video attributes: preload="none" so a page of several
videos loads none until asked; playsinline and its WebKit and X5 (WeChat's browser) spellings so
phones play in the page instead of jumping to full screen. Paths are relative to the page's folder,
which holds the files, so the block works under any sub-path and from file://.
"""

from __future__ import annotations

from html import escape

from ..assemble.media import load_media_data
from ..model import Experience, Slides, Video

BEGIN, END = "<!-- showcase-media -->", "<!-- /showcase-media -->"


def sections(exp: Experience) -> list[dict]:
    """[{"title", "body"}] for the page's parts: one 发表材料 part when the experience has media."""
    if not exp.media:
        return []
    labels = load_media_data().labels
    blocks = [_video(m, labels) if isinstance(m, Video) else _slides(m, labels) for m in exp.media]
    body = "\n".join([BEGIN, '<div class="showcase-media">', *blocks, "</div>", END])
    return [{"title": escape(labels["section"]), "body": body}]


def clock(seconds: float) -> str:
    """1:05, 1:02:03."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _video(v: Video, labels: dict) -> str:
    src, poster = _attr(v.file), _attr(v.poster)
    size = f' width="{v.width}" height="{v.height}"' if v.width and v.height else ""
    caption = " · ".join([escape(labels["video"]), escape(labels["duration"].format(time=clock(v.duration))),
                          f'<a href="{src}" download>{escape(labels["download_video"])}</a>'])
    return "\n".join([
        '<figure class="showcase-video">',
        f'<video controls preload="none" playsinline webkit-playsinline x5-playsinline poster="{poster}"{size}>',
        f'<source src="{src}" type="video/mp4">',
        f'<p>{escape(labels["no_video_support"])} <a href="{src}" download>{escape(labels["download_video"])}</a></p>',
        "</video>",
        f"<figcaption>{caption}</figcaption>",
        "</figure>",
    ])


def _slides(s: Slides, labels: dict) -> str:
    pdf = _attr(s.pdf)
    caption = f'{escape(labels["slides"])} · <a href="{pdf}" download>{escape(labels["download_pdf"])}</a>'
    pages = [
        f'<img src="{_attr(page)}" alt="{_attr(labels["slides"] + " " + labels["page"].format(n=n))}" loading="lazy">'
        for n, page in enumerate(s.pages, 1)
    ]
    return "\n".join(['<figure class="showcase-slides">', f"<figcaption>{caption}</figcaption>",
                      '<div class="showcase-slide-pages">', *pages, "</div>", "</figure>"])
