"""Editor HTML in, safe HTML out: the one place the body is sanitized."""

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "a",
    "blockquote",
    "ul",
    "ol",
    "li",
    "figure",
    "figcaption",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_BLOCK_TAG = re.compile(r"<\s*(p|h[2-4]|ul|ol|blockquote|figure|hr)\b", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")
# What an empty editor posts: ProseMirror always keeps one (empty) paragraph.
_EMPTY_HTML = re.compile(r"(\s*<p>\s*(<br>)?\s*</p>)*\s*")


def has_block_markup(source: str) -> bool:
    """True for HTML with paragraphs or other blocks; False for plain paragraphs."""
    return bool(_BLOCK_TAG.search(source or ""))


def render_body(source: str) -> str:
    """
    Return the sanitized HTML of an article body.

    Editors may write HTML, or plain paragraphs separated by blank lines: the
    latter are wrapped in <p> so a pasted text reads as it was written.
    """
    source = (source or "").replace("\r\n", "\n").strip()
    if not source:
        return ""
    if not has_block_markup(source):
        paragraphs = [p.strip() for p in _BLANK_LINES.split(source) if p.strip()]
        source = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        source,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def sanitize_body(source: str) -> str:
    """
    What the admin stores as the body: the editor's HTML (or plain paragraphs)
    cleaned against the allow-list above; an empty editor stores "".
    """
    html = render_body(source)
    return "" if _EMPTY_HTML.fullmatch(html) else html
