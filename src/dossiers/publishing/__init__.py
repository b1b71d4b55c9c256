"""Authors and articles: the publisher's own content."""
