from dossiers.core.markdown import (
    html_to_text,
    render_article_markdown,
    render_comment_markdown,
    sanitise_comment_html,
)


def test_article_markdown_renders_tables_and_keeps_safe_html():
    html = render_article_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\nH<sub>2</sub>O")
    assert "<table>" in html and "<td>1</td>" in html
    assert "<sub>2</sub>" in html


def test_article_markdown_strips_scripts_handlers_and_javascript_urls():
    source = (
        '<script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n'
        "[click](javascript:alert(3)) <iframe src='https://evil.example'></iframe>"
    )
    html = render_article_markdown(source)
    assert "<script" not in html
    assert "onerror" not in html
    assert 'href="javascript' not in html
    html = render_article_markdown(
        '<a href="javascript:alert(3)">x</a> <a href="JaVaScRiPt:alert(4)">y</a>'
    )
    assert "javascript" not in html.lower()
    assert "<iframe" not in html


def test_comment_markdown_allows_a_subset_and_marks_links_ugc():
    html = render_comment_markdown(
        "Hello *there* [site](https://example.net)\n\n# Heading\n\n![img](https://x.example/a.png)"
    )
    assert "<em>there</em>" in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "<h1>" not in html
    assert "<img" not in html


def test_comment_markdown_escapes_raw_html():
    html = render_comment_markdown('<script>alert("x")</script> nice try')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_html_to_text_separates_blocks_and_can_drop_code():
    html = "<p>One <code>NATO</code> two</p><ul><li>three</li></ul><pre><code>x = 1</code></pre>"
    assert html_to_text(html) == "One NATO two\nthree\nx = 1"
    assert html_to_text(html, drop_code=True) == "One two\nthree"


def test_plain_text_takes_markup_out_and_keeps_text():
    from dossiers.core.markdown import plain_text

    assert plain_text("<script>alert(1)</script><img src=x onerror=alert(2)> probe") == "probe"
    assert plain_text("5 < 6 & 7 > 2") == "5 < 6 & 7 > 2"
    assert plain_text("<b>Bold</b>  move &amp;\n more") == "Bold move & more"


def test_a_link_whose_address_is_refused_keeps_no_rel():
    # HTML forbids rel on an <a> without href (the Nu checker's "missing required attribute").
    typo = '<p>A <a title="x > y" href="hhttps://example.org/" rel="nofollow">link</a>.</p>'
    assert sanitise_comment_html(typo) == '<p>A <a title="x &gt; y">link</a>.</p>'
    assert render_article_markdown(typo) == '<p>A <a title="x &gt; y">link</a>.</p>'
    kept = sanitise_comment_html('<a href="https://example.org/">ok</a>')
    assert kept == '<a href="https://example.org/" rel="nofollow ugc noopener">ok</a>'
    assert 'rel="noopener"' in render_article_markdown("[ok](https://example.org/)")
