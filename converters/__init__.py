"""典型经验展示站 converters: inbox -> document model -> rules/classification -> Markdown."""

__version__ = "0.1.0"
