"""Topics (hubs): key entities, membership rules, and the articles each hub collects."""
