"""
The body: a rich-text editor in the admin, and one nh3 allow-list between what
is posted and what readers get (no script, no javascript: links, no event
handlers, no style), stored rendered.
"""

import re

import pytest
from django_prose_editor.config import allowlist_from_extensions

from articles.editorial.editor import BODY_EXTENSIONS, BodyField
from articles.models import Article
from articles.stories.richtext import ALLOWED_TAGS, render_body, sanitize_body
from tests.factories import article_form, make_article, make_section, management

pytestmark = pytest.mark.django_db


# The sanitizer ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>Hi<script>alert(1)</script></p>",
        "<p>Hi<SCRIPT src=//evil.example/x.js></SCRIPT></p>",
        "<p>Hi</p><script>document.write('<p>x</p>')</script>",
        "<p>Hi<svg><script>alert(1)</script></svg></p>",
        "<p>Hi<iframe src=javascript:alert(1)></iframe></p>",
    ],
)
def test_scripts_are_removed_with_their_content(dirty):
    clean = render_body(dirty)
    assert "script" not in clean.lower() and "alert" not in clean and "iframe" not in clean
    assert clean.startswith("<p>Hi")


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript&#x3A;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
    ],
)
def test_links_keep_only_http_https_and_mailto(href):
    clean = render_body(f'<p><a href="{href}">click</a></p>')
    assert clean == "<p>click</p>", "a link without its address is no link: its text stays"


def test_allowed_links_stay_and_open_nothing_behind_them():
    clean = render_body(
        '<p><a href="https://ledger.example/a" target="_blank">a</a> '
        '<a href="http://ledger.example/b">b</a> <a href="mailto:desk@ledger.example">c</a></p>'
    )
    assert 'href="https://ledger.example/a"' in clean
    assert 'href="http://ledger.example/b"' in clean
    assert 'href="mailto:desk@ledger.example"' in clean
    assert "target" not in clean
    assert clean.count('rel="noopener noreferrer"') == 3


@pytest.mark.parametrize(
    "dirty",
    [
        '<p onclick="steal()">text</p>',
        '<p><a href="https://ledger.example" onmouseover="steal()">text</a></p>',
        '<p><strong onfocus="steal()" tabindex="1" autofocus>text</strong></p>',
        '<p>text<img src="x" onerror="steal()"></p>',
        '<blockquote ONLOAD="steal()">text</blockquote>',
        '<p><em data-x="1" id="hijack" class="big">text</em></p>',
    ],
)
def test_event_handlers_and_other_attributes_are_removed(dirty):
    clean = render_body(dirty)
    assert "steal" not in clean
    assert not re.search(r"\son\w+\s*=", clean, re.IGNORECASE)
    assert "text" in clean
    for attribute in ("tabindex", "autofocus", "data-x", "id=", "class=", "<img"):
        assert attribute not in clean


@pytest.mark.parametrize(
    "dirty",
    [
        '<p style="position:fixed;top:0">text</p>',
        '<p><span style="background:url(javascript:alert(1))">text</span></p>',
        "<style>body { display: none }</style><p>text</p>",
        '<p><a href="https://ledger.example" style="color:red">text</a></p>',
    ],
)
def test_style_attributes_and_elements_are_removed(dirty):
    clean = render_body(dirty)
    assert "style" not in clean and "display" not in clean and "color" not in clean
    assert "text" in clean


def test_what_editors_write_is_kept():
    html = (
        "<h2>Subheading</h2><h3>Smaller</h3><p>A <strong>bold</strong> and <em>italic</em> "
        "word,<br>a line break.</p><blockquote><p>A quote.</p></blockquote>"
        "<ul><li><p>one</p></li></ul><ol><li><p>first</p></li></ol>"
    )
    assert render_body(html) == html


def test_plain_paragraphs_still_become_paragraphs():
    text = "First paragraph,\nsame paragraph.\n\nIf a < b & c, <em>then</em>.\r\n\r\nThird."
    assert render_body(text) == (
        "<p>First paragraph,<br>same paragraph.</p>"
        "<p>If a &lt; b &amp; c, <em>then</em>.</p><p>Third.</p>"
    )


def test_an_empty_editor_stores_an_empty_body():
    for empty in ("", "  ", "<p></p>", "<p><br></p>", "<p></p><p></p>"):
        assert sanitize_body(empty) == ""
    assert sanitize_body("<p>x</p>") == "<p>x</p>"


def test_the_editor_offers_nothing_the_sanitizer_would_remove():
    offered = allowlist_from_extensions(BODY_EXTENSIONS)
    assert offered["tags"] <= ALLOWED_TAGS
    assert offered["url_schemes"] == {"http", "https", "mailto"}


def test_the_body_is_stored_rendered_and_sanitized_on_every_save():
    article = make_article(body='<p onclick="x()">Hi <a href="javascript:x()">there</a></p>')
    assert article.body_html == "<p>Hi there</p>"
    Article.objects.filter(pk=article.pk).update(body_html="stale")
    article.refresh_from_db()
    article.body = "<p>Changed</p><script>x()</script>"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == "<p>Changed</p>"


# In the admin -----------------------------------------------------------------------------


def post_story(client, section, **fields):
    data = article_form(section, **fields) | management("bylines", 0) | management("interview", 0)
    return client.post("/admin/articles/article/add/", data)


def test_the_admin_body_is_a_rich_text_editor_loaded_from_our_own_static_files(editor_client):
    html = editor_client.get("/admin/articles/article/add/").content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0)
    assert "data-django-prose-editor-newsroom=" in textarea
    assert '<script src="/static/js/body-editor.js" type="module"></script>' in html
    assert 'href="/static/django_prose_editor/editor.css"' in html
    # No import map, no inline script, nothing from another site.
    assert 'type="importmap"' not in html
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script, script
        assert re.search(r'src="/(?!/)', script), script  # this site, not a CDN


def test_html_posted_to_the_admin_is_stored_sanitized(editor_client):
    dirty = (
        '<h2 style="color:red">Heading</h2><p onclick="steal()">A <strong>bold</strong> '
        '<a href="javascript:steal()">bad</a> <a href="https://ledger.example">good</a>'
        "<script>steal()</script></p>"
    )
    response = post_story(editor_client, make_section(), body=dirty)
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get()
    expected = (
        "<h2>Heading</h2><p>A <strong>bold</strong> bad "
        '<a href="https://ledger.example" rel="noopener noreferrer">good</a></p>'
    )
    assert article.body == expected
    assert article.body_html == expected


def test_plain_text_posted_without_the_editor_becomes_paragraphs(editor_client):
    response = post_story(editor_client, make_section(), body="One.\n\nTwo.")
    assert response.status_code == 302
    assert Article.objects.get().body_html == "<p>One.</p><p>Two.</p>"


def test_a_plain_text_body_opens_in_the_editor_as_paragraphs():
    field = BodyField()
    assert field.prepare_value("Imported one.\n\nImported two.") == (
        "<p>Imported one.</p><p>Imported two.</p>"
    )
    assert field.prepare_value("<p>Already HTML</p>") == "<p>Already HTML</p>"
    assert field.prepare_value("") == ""


def test_the_change_page_shows_an_imported_plain_body_as_paragraphs(editor_client):
    article = make_article(body="Imported one.\n\nImported two.", published=False)
    html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "&lt;p&gt;Imported one.&lt;/p&gt;&lt;p&gt;Imported two.&lt;/p&gt;" in html


# Structure kept ---------------------------------------------------------------------------

# What Word 365 puts on the clipboard (trimmed): a heading in Kurdish, styled spans,
# an empty paragraph of <o:p>, a bulleted list as paragraphs with typed-out bullets,
# a table with a paragraph in each cell, a control character and a javascript: link.
WORD_PASTE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<head><meta name=Generator content="Microsoft Word 15">'
    "<style><!-- p.MsoNormal {margin:0cm;} --></style>"
    "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument>"
    "</xml><![endif]--></head><body lang=EN-US style='tab-interval:36.0pt'>\n"
    "<!--StartFragment-->\n"
    "<h1 style='mso-outline-level:1'><span lang=CKB dir=RTL>پرۆژەی بەندەری هەولێر</span>"
    "<o:p></o:p></h1>\n"
    "<p class=MsoNormal><span style='font-size:12.0pt'>The council met on Tuesday.<o:p></o:p>"
    "</span></p>\n"
    "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    "<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
    "<![if !supportLists]><span style='font-family:Symbol;mso-list:Ignore'>·<span "
    "style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>"
    "First point<o:p></o:p></p>\n"
    "<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
    "<![if !supportLists]><span style='font-family:Symbol;mso-list:Ignore'>·<span "
    "style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>"
    "Second point<o:p></o:p></p>\n"
    "<table class=MsoTableGrid border=1><tr><td width=300 valign=top><p class=MsoNormal>"
    "Vesthamn<o:p></o:p></p></td><td><p class=MsoNormal>12:00</p></td></tr>\n"
    "<tr><td>أربيل</td><td>بغداد</td></tr></table>\n"
    '<p class=MsoNormal>A stray bell\x07 and <a href="javascript:alert(1)">no link</a>, '
    '<a href="https://ledger.example/a?b=1&amp;c=2">a link</a>.</p>\n'
    "<!--EndFragment-->\n</body></html>"
)


def test_word_paste_comes_out_as_clean_structured_html():
    assert render_body(WORD_PASTE) == (
        "<h2>پرۆژەی بەندەری هەولێر</h2>"
        "<p>The council met on Tuesday.</p>"
        "<ul><li>First point</li><li>Second point</li></ul>"
        "<p>Vesthamn</p><p>12:00</p><p>أربيل</p><p>بغداد</p>"
        "<p>A stray bell and no link, "
        '<a href="https://ledger.example/a?b=1&amp;c=2" rel="noopener noreferrer">a link</a>.</p>'
    )


def test_word_numbered_lists_stay_numbered():
    item = (
        "<p class=MsoListParagraphCxSpMiddle style='mso-list:l1 level1 lfo2'><![if !supportLists]>"
        "<span style='mso-list:Ignore'>{n}.<span>&nbsp;&nbsp;</span></span><![endif]>{text}</p>"
    )
    html = item.format(n=1, text="يەکەم") + "\n" + item.format(n=2, text="دووەم")
    assert render_body(html) == "<ol><li>يەکەم</li><li>دووەم</li></ol>"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<h1>Big</h1><table><tr><td>cell</td></tr></table>", "<h2>Big</h2><p>cell</p>"),
        ("<h5>Small</h5><h6>Smaller</h6>", "<h4>Small</h4><h4>Smaller</h4>"),
        ("<div>One</div><div>Two<div>Three</div></div>", "<p>One</p><p>Two</p><p>Three</p>"),
        ("<p>First<p>Second</p></p>", "<p>First</p><p>Second</p>"),
        ("<h2>Title<div>Body</div></h2>", "<h2>Title</h2><p>Body</p>"),
        ("<dl><dt>Term</dt><dd>Meaning</dd></dl>", "<p>Term</p><p>Meaning</p>"),
        ("<pre>line one\nline two</pre>", "<p>line one<br>line two</p>"),
        ("<p>Lead</p>loose text<div>block</div>", "<p>Lead</p><p>loose text</p><p>block</p>"),
        ("<blockquote>Said so.</blockquote>", "<blockquote><p>Said so.</p></blockquote>"),
        (
            "<ol><li>one<ul><li>sub</li></ul></li></ol>",
            "<ol><li>one<ul><li>sub</li></ul></li></ol>",
        ),
    ],
)
def test_disallowed_blocks_keep_their_texts_apart(dirty, clean):
    assert render_body(dirty) == clean


def test_the_text_of_a_table_is_never_run_together():
    clean = render_body("<h1>Big</h1><table><tr><th>ناو</th><th>شار</th></tr></table>")
    text = re.sub(r"<[^>]+>", " ", clean).split()
    assert text == ["Big", "ناو", "شار"]


@pytest.mark.parametrize(
    "dirty",
    [
        '<p><a href="javascript:alert(1)">Read <strong>more</strong></a></p>',
        '<p><a href="data:text/html,<script>alert(1)</script>">Read <strong>more</strong></a></p>',
        '<p><a name="anchor">Read <strong>more</strong></a></p>',
    ],
)
def test_a_link_that_lost_its_address_leaves_only_its_text(dirty):
    assert render_body(dirty) == "<p>Read <strong>more</strong></p>"


def test_a_google_docs_paste_is_not_made_bold():
    html = '<b style="font-weight:normal" id="docs-internal-guid-7f2a"><p>One</p><p>Two</p></b>'
    assert render_body(html) == "<p>One</p><p>Two</p>"


def test_control_characters_are_removed_and_a_word_line_break_kept():
    assert render_body("First line\x0bsecond line\x00\x1b.") == "<p>First line<br>second line.</p>"
