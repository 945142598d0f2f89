"""Finding codes of the site build (the showcase plugin), from docs dirs and themes a user could
have: no order file, an order file that is not YAML, a theme override with a broken template, a
hand-edited front matter that the search index cannot read."""

from __future__ import annotations

import re
import shutil

import pytest
from mkdocs.exceptions import Abort

from converters.model import Severity
from site_stage import REPO, build, make_stage

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _only(findings, code: str):
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, [(f.code, f.message) for f in findings]
    return hits[0]


def _says(f, severity: Severity, file: str) -> None:
    assert f.severity is severity and CHINESE.search(f.message)
    assert file in f.message and f.file == file, (f.message, f.file)


def test_a_missing_order_file_is_a_note_and_the_home_page_is_built_without_it(tmp_path):
    stage = make_stage(tmp_path, 2)
    order = stage.content_dir / "event.yml"
    order.unlink()
    _config, found = build(stage)  # strict: a note does not stop the build
    _says(_only(found, "EVENT_ORDER_MISSING"), Severity.WARNING, str(order))
    assert (stage.site_dir / "index.html").exists()


def test_an_order_file_that_is_not_yaml_is_event_order_unreadable(tmp_path):
    stage = make_stage(tmp_path, 2)
    order = stage.content_dir / "event.yml"
    order.write_text("order:\n  - title: 甲\n    time: [9:30\n", encoding="utf-8")
    # The order file is editorial: even a strict build goes on, the home page without the order.
    _config, found = build(stage, strict=True)
    _says(_only(found, "EVENT_ORDER_UNREADABLE"), Severity.ERROR, str(order))
    assert "运用" in (stage.site_dir / "index.html").read_text(encoding="utf-8")


def _theme_with_broken_head(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    head = theme / "partials" / "experience-head.html"
    # An editor's change to the header template with an unclosed block tag.
    head.write_text(head.read_text(encoding="utf-8").replace("{% endif %}", "", 1), encoding="utf-8")
    return {"name": "material", "custom_dir": str(theme), "language": "zh", "font": False}


def test_a_broken_experience_header_template_is_site_template_per_page_not_a_traceback(tmp_path):
    stage = make_stage(tmp_path, 2)
    theme = {"theme": _theme_with_broken_head(tmp_path)}
    with pytest.raises(Abort):  # a strict build stops on it
        build(stage, config_overrides=theme)
    _config, found = build(stage, strict=False, config_overrides=theme)
    errors = [f for f in found if f.code == "SITE_TEMPLATE"]
    assert sorted(f.file for f in errors) == ["experiences/2025-001/index.md", "experiences/2025-002/index.md"]
    for f in errors:
        _says(f, Severity.ERROR, f.file)
    page = (stage.site_dir / "experiences" / "2025-001" / "index.html").read_text(encoding="utf-8")
    assert "班组概况" in page and "sc-exp-head" not in page  # the body is built, without its header


def test_a_page_whose_front_matter_the_search_index_cannot_read_is_skipped_with_a_warning(tmp_path):
    stage = make_stage(tmp_path, 2)
    page = stage.content_dir / "experiences" / "2025-002" / "index.md"
    text = page.read_text(encoding="utf-8")
    # Hand-edited: the facts list replaced by a bare number.
    text = re.sub(r"facts:\n(?:- .*\n(?:  .*\n)*)+", "facts: 12\n", text, count=1)
    assert "facts: 12\n" in text
    page.write_text(text, encoding="utf-8")
    _config, found = build(stage, strict=False)
    _says(_only(found, "SEARCH_PAGE_SKIPPED"), Severity.WARNING, "experiences/2025-002/index.md")
    from converters.render.search_shards import read_whole_index

    urls = [d["u"] for d in read_whole_index(stage.site_dir / "search")["docs"]]
    assert "experiences/2025-001/" in urls and "experiences/2025-002/" not in urls
    assert (stage.site_dir / "experiences" / "2025-002" / "index.html").exists()  # the page itself is built
