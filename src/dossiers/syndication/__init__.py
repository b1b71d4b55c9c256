"""Content out for machines: feeds (RSS, Atom, JSON Feed), sitemaps, structured data."""
