"""The static export: the public site as files any web server or CDN can serve.

`site.export_site` runs the phases (Pelican's shape): collect what to export, render it
(in worker processes), write it through a safe writer that keeps a manifest of content
hashes, so a second run rewrites nothing and an edit rewrites only the pages it changed.
"""
