"""Public pages, one module per family of pages. Each view reads through selectors and
renders one template; no writes here except the comment form, which goes through the
comments service.

- `hubs`: the home page, the topic index, hub pages (and the favicon);
- `articles`: article pages, the staff preview and the comment form;
- `reference`: author and entity pages, the glossary;
- `search`: the search page;
- `errors`: the error pages (handler404… in dossiers/urls.py, CSRF_FAILURE_VIEW).
"""
