"""Paragraphs from blank lines, as WordPress's `wpautop` makes them (classic editor, comments)."""

from __future__ import annotations

import re

_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form"
    r"|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_PRE = re.compile(r"<pre\b.*?</pre>", re.S | re.I)


def autop(text: str) -> str:
    """Blank-line paragraphs and line breaks, as WordPress's `wpautop` makes them."""
    if not text.strip():
        return ""
    stash: list[str] = []

    def keep(match: re.Match[str]) -> str:
        stash.append(match.group(0))
        return f"<pre wp-pre-tag-{len(stash) - 1}></pre>"

    text = _PRE.sub(keep, text + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{_ALLBLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{_ALLBLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    return re.sub(r"<pre wp-pre-tag-(\d+)></pre>", lambda m: stash[int(m.group(1))], text)
