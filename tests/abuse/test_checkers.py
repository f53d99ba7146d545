"""The checkers catch what they are there to catch: fed unescaped output, they fail."""

import json

import pytest
from django.utils.html import escape, json_script

from .checks import html_problems, news_article, shows_text, xml_problems
from .payloads import HOSTILE, MARKUP, marked

LIVE = [
    "<script>alert('PWN_x')</script>",
    "<img src=x onerror=alert('PWN_x')>",
    '<p title=""><svg onload=alert(\'PWN_x\')>">',
    '<input value="" autofocus onfocus="alert(\'PWN_x\')">',
    "<a href=\"javascript:alert('PWN_x')\">x</a>",
    '<a href=" java\tscript:alert(1)">x</a>',
    '<iframe src="https://evil.example/PWN_x"></iframe>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/PWN_x">',
    "<div style=\"background:url('PWN_x')\">x</div>",
    "<style>body{background:url('PWN_x')}</style>",
    '<script type="application/ld+json">{"headline": "</script><script>alert(\'PWN_x\')',
]


@pytest.mark.parametrize("page", LIVE)
def test_live_markup_is_caught(page):
    assert html_problems(f"<html><body>{page}</body></html>")


@pytest.mark.parametrize("payload", sorted(MARKUP))
def test_the_same_markup_escaped_passes_and_unescaped_fails(payload):
    value = marked(HOSTILE[payload], "x")
    assert not html_problems(f'<h1>{escape(value)}</h1><input value="{escape(value)}">')
    assert not shows_text(f"<h1>{escape(value)}</h1>", value)
    assert not html_problems(json_script({"headline": value}, "data"))
    if (
        "PWN" in value
        and "<" in value
        # What a browser would not run: look-alike brackets, entities, CDATA, DOCTYPE.
        and payload
        not in {
            "fullwidth-brackets",
            "escaped-entities",
            "cdata-section",
            "xml-entity",
            "other-templates",
        }
    ):
        assert html_problems(f"<h1>{value}</h1>"), payload


def test_text_lost_or_json_ld_unescaped_is_caught():
    assert shows_text("<p>Ferry returns</p>", "Ferry & returns")
    raw = json.dumps({"@type": "NewsArticle", "headline": "</script><b>x</b>"})
    page = f'<script type="application/ld+json">{raw}</script>'
    assert html_problems(page)
    data, problems = news_article('<script type="application/ld+json">{"@type": "Web"}</script>')
    assert data is None and problems


def test_ill_formed_xml_is_caught():
    assert xml_problems(b"<rss><title>Ferry\x0breturns</title></rss>")
    assert xml_problems(b"<rss><title>a & b</title></rss>")
    assert not xml_problems(b"<rss><title>a &amp; b</title></rss>")
