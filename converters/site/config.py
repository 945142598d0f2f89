"""Options of the showcase plugin, under ``plugins: - showcase:`` in mkdocs.yml.

Project facts (names, year, event, colours) are not options: they live in showcase.yml, read by
converters/config.py. These only say how the plugin works.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ShowcaseConfig(Config):
    enabled = c.Type(bool, default=True)

    # Let Material's search plugin index the pages (its lunr index, prefix matching only) and keep
    # the index it writes. Off: our search (render/search_index.py, search.js) replaces it, and
    # Material's plugin stays only for the header's search box. bench/search_recall.py turns it on
    # for its baseline.
    material_search_index = c.Type(bool, default=False)
