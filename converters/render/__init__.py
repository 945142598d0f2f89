"""Writers: the document model to Markdown pages, index pages, the catalog and the report."""
