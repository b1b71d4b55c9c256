"""Content in: WordPress (WXR), RSS/Atom/JSON feeds and Markdown folders, and Markdown out."""
