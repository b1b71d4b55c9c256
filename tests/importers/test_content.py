"""WordPress content conversion, the lenient XML stream and HTML bodies (no database)."""

import io

import pytest

from dossiers.core.markdown import render_article_markdown
from dossiers.importers.htmlbody import html_body
from dossiers.importers.wordpress.autop import autop
from dossiers.importers.wordpress.content import convert
from dossiers.importers.wordpress.media import Attachment
from dossiers.importers.wordpress.shortcodes import UNKNOWN_SHORTCODES
from dossiers.importers.wordpress.stream import LenientStream


def test_autop_makes_paragraphs_and_line_breaks_like_wordpress():
    assert autop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"
    assert autop("<ul>\n<li>x</li>\n</ul>") == "<ul>\n<li>x</li>\n</ul>\n"
    assert "<pre>a\n\nb</pre>" in autop("Text\n\n<pre>a\n\nb</pre>")


def test_shortcodes_known_unknown_and_literal():
    attachments = {
        7: Attachment(7, "https://example.org/a.jpg", "A"),
        8: Attachment(8, "https://example.org/b.jpg", "B"),
    }
    result = convert(
        '[caption id="a" width="300"]<img src="https://example.org/a.jpg" /> The sea[/caption]\n\n'
        '[gallery ids="7,8"]\n\n[contact-form to="x"]Write to us[/contact-form] and [sic]\n\n'
        "[[gallery]] [embed]https://video.example.org/1[/embed] [newsletter id=4]",
        attachments=attachments,
    )
    html = result.html
    assert "<figure><img" in html and "<figcaption>The sea</figcaption>" in html
    assert '<div class="gallery">' in html  # a grid (the site's CSS), not a list
    assert html.count('<figure><a href="https://example.org/') == 2
    assert "Write to us" in html and "[contact-form" not in html and "[newsletter" not in html
    assert "[sic]" in html and "[gallery]" in html
    assert '<a href="https://video.example.org/1">' in html
    assert dict(result.counters)[UNKNOWN_SHORTCODES] == 2


def test_block_markup_becomes_clean_html():
    content = (
        "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:latest-posts {"postsToShow":3} /-->\n\n'
        '<!-- wp:block {"ref":12} /-->\n\n'
        '<!-- wp:image -->\n<figure class="wp-block-image"><img src="https://x.org/i.png" '
        'alt="i" class="wp-image-5"/></figure>\n<!-- /wp:image -->'
    )
    result = convert(
        content, reusable={12: "<!-- wp:paragraph --><p>Reused</p><!-- /wp:paragraph -->"}
    )
    assert "wp:" not in result.html and "class=" not in result.html
    assert (
        "<p>Reused</p>" in result.html and '<img src="https://x.org/i.png" alt="i">' in result.html
    )
    assert dict(result.counters)["dynamic blocks dropped (no content of their own)"] == 1


@pytest.mark.parametrize(
    "html",
    [
        "Loose text <b>bold</b>\n\n    indented, not code\n<pre>x\n\n    y</pre>* not a list",
        "<div><p>a</p>\n\n<p>b</p></div><img src='https://x.org/a.png'> tail",
        "<h1>Title</h1><table><tr><td>1</td></tr></table>",
    ],
)
def test_an_html_body_renders_to_itself(html):
    body = html_body(html)
    assert "\n\n" not in body and "<h1" not in body
    rendered = render_article_markdown(body)
    assert rendered == body.replace("&#10;", "\n")  # Markdown left the HTML as it was
    assert "<code>" not in rendered  # indentation never became a code block
    assert "<li>" not in rendered  # "* not a list" stayed text


@pytest.mark.parametrize("chunk", [1, 2, 5, 64, 1000])
def test_the_lenient_stream_is_the_same_whatever_the_chunk_size(chunk):
    source = (
        b'<a href="?x=1&y=2">Q & A &nbsp; &copy; &amp; &#38; &unknown;</a>'
        b"<![CDATA[keep & this ]]> and ]]]]><![CDATA[> ok]]>\n<b><![CDATA[x]]></b>"
    )
    whole = LenientStream(io.BytesIO(source), chunk_size=1 << 20).read()
    stream = LenientStream(io.BytesIO(source), chunk_size=chunk)
    parts = []
    while block := stream.read(7):
        parts.append(block)
    assert b"".join(parts) == whole
    assert b"?x=1&amp;y=2" in whole and b"Q &amp; A" in whole and b"&#160;" in whole
    assert b"&amp;unknown;" in whole and b"keep & this ]]]]><![CDATA[> and" in whole
    assert b"<![CDATA[x]]></b>" in whole


def test_a_well_formed_document_passes_the_stream_unchanged():
    source = b'<?xml version="1.0"?><r a="&amp;"><![CDATA[a & b]]>&lt;&#233;</r>'
    assert LenientStream(io.BytesIO(source), chunk_size=3).read() == source
