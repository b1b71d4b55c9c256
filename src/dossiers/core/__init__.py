"""Shared kernel: text, Markdown, dates, pagination, templates. Imports no other app."""
