"""The MkDocs side: glue between showcase.yml, the catalog and the Material theme."""
