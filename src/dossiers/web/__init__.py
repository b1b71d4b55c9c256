"""The public site: thin views that compose the selectors of every context into pages."""
