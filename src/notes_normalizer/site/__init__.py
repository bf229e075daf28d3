"""Site pages: the Markdown of every generated page, cross-links, the formula index."""
