"""The ``showcase`` MkDocs plugin: showcase.yml, the converter's catalog and the event order, for
the Material theme and its overrides in theme/.

config.py   the plugin's options (``enabled``, ``material_search_index``)
plugin.py   the build events; what one build learned lives on the plugin instance
context.py  what templates and scripts get: site facts, experience header, related experiences
urls.py     the built URL of every experience and facet page

Registered as an entry point (pyproject.toml) and listed under ``plugins:`` in mkdocs.yml. Nothing
in converters/ imports this package: outputs/export.py reads a build's findings from the plugin
instance MkDocs made (``config.plugins["showcase"].findings``).
"""
