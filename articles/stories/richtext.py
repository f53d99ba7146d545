"""
Editor HTML in, safe HTML out: the one place the body is sanitized.

nh3 (ammonia) decides what is safe. Before it, a pass over the markup keeps the
text's structure where nh3 alone would unwrap a disallowed block and run its text
into the next (``<h1>Big</h1><table><tr><td>cell`` read "Bigcell"):

- a heading of a level the body does not use takes the nearest one it does
  (``h1`` -> ``h2``; ``h5``, ``h6`` -> ``h4``);
- table cells, divisions, definition lists, ``pre`` (its lines kept) and the other
  containers become paragraphs, so their texts stay apart; a block found inside a
  paragraph or a heading closes it;
- Word's list paragraphs (``MsoListParagraph``) become a list again, without the
  bullets Word types out for other programs; its ``<o:p>``, conditional comments,
  classes and styles go, and so do control characters;
- a link whose address is not allowed (``javascript:``, ``data:``...) or missing is
  unwrapped, leaving its text rather than an empty ``<a>``;
- script, style and the like go with their content;
- a block's text direction (``dir="rtl"``, ``"ltr"``, ``"auto"``: an English quotation
  in a Sorani story, or Word's ``dir=RTL`` on an Arabic paragraph) stays on the block it
  was on, or on the paragraphs a container becomes; ``<bdi>`` isolates a name inline.

Safety does not depend on this pass: whatever it writes is cleaned by nh3 after.
"""

import re
from html import escape
from html.parser import HTMLParser

import nh3

from newsroom.text import clean_typed_text

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
    "bdi",
}
# Blocks that keep a direction of their own, and the values it may take.
DIRECTED = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "figure", "figcaption", "bdi"}
DIRECTIONS = {"ltr", "rtl", "auto"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# nh3 keeps ``dir`` on these only with one of these values (and no other attribute).
ALLOWED_ATTRIBUTE_VALUES = {tag: {"dir": DIRECTIONS} for tag in DIRECTED}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_BLOCK_TAG = re.compile(r"<\s*(p|h[1-6]|ul|ol|blockquote|figure|hr|div|table)\b", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")
# What an empty editor posts: ProseMirror always keeps one (empty) paragraph.
_EMPTY_HTML = re.compile(r"(\s*<p>\s*(<br>)?\s*</p>)*\s*")

# The pre-pass ------------------------------------------------------------------------------

HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
TEXT_BLOCKS = {"p", "figcaption", *HEADINGS}  # hold text, never other blocks
LISTS = {"ul", "ol"}
# Blocks that only group others: each inline run inside becomes a paragraph.
CONTAINERS = {
    "address",
    "article",
    "aside",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "footer",
    "form",
    "header",
    "hgroup",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "xmp",
}
BLOCKS = TEXT_BLOCKS | LISTS | CONTAINERS | {"blockquote", "figure", "hr"}
# Gone with everything inside: code, and what only other programs read.
DROPPED = {
    "embed",
    "head",
    "iframe",
    "math",
    "noscript",
    "object",
    "script",
    "style",
    "svg",
    "template",
    "title",
    "xml",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
INLINE_KEPT = {"strong", "b", "em", "i", "bdi"}
PREFORMATTED = {"pre", "listing", "xmp"}
_WORD_LIST_ITEM = re.compile(r"MsoListParagraph|mso-list:\s*l\d", re.IGNORECASE)
_WORD_BULLET = re.compile(r"mso-list:\s*Ignore", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]")
# What counts as no text: whitespace, no-break spaces, line breaks.
_BLANK = re.compile(r"^(?:\s|&nbsp;|\xa0|<br>)*$")
# Leading and trailing space and line breaks of a paragraph: nothing a reader sees.
_EDGE_BREAKS = re.compile(r"^(?:\s|<br>)+|(?:\s|<br>)+$")


class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs=None):
        self.tag, self.attrs, self.children = tag, dict(attrs or ()), []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def has_block(self):
        return any(
            isinstance(c, _Node) and (c.tag in BLOCKS or c.has_block()) for c in self.children
        )


class _TreeBuilder(HTMLParser):
    """A forgiving tree: an end tag closes its nearest open match; a stray one is ignored."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, attrs))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        if tag == "br":  # "</br>" is read as <br> by browsers
            self.stack[-1].children.append(_Node("br"))

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    # Comments (Word's <!--[if gte mso 9]>...), <![if ...]> and <!DOCTYPE> are dropped.


def _link_survives(href: str) -> bool:
    """Whether nh3 keeps this address: the same rules, asked of nh3 itself."""
    probe = f'<a href="{escape(href)}">x</a>'
    kept = nh3.clean(probe, tags={"a"}, attributes={"a": {"href"}}, url_schemes=ALLOWED_URL_SCHEMES)
    return "href=" in kept


def _dir(node) -> str:
    """`` dir="rtl"`` when ``node`` carries a known direction, else nothing."""
    direction = (node.attrs.get("dir") or "").strip().lower()
    return f' dir="{direction}"' if direction in DIRECTIONS else ""


def _inline(node) -> str:
    """The HTML of an inline node (text, or an element holding no block)."""
    if isinstance(node, str):
        return escape(node, quote=False)
    tag = node.tag
    if tag in DROPPED or _WORD_BULLET.search(node.attrs.get("style") or ""):
        return ""
    if tag == "br":
        return "<br>"
    inner = "".join(_inline(child) for child in node.children)
    if tag == "b" and (node.attrs.get("id") or "").startswith("docs-internal-guid"):
        return inner  # Google Docs wraps a whole paste in one <b> that is not bold
    if tag in INLINE_KEPT:
        attrs = _dir(node) if tag == "bdi" else ""
        return f"<{tag}{attrs}>{inner}</{tag}>"
    if tag == "a":
        href = node.attrs.get("href")
        if href is None or not _link_survives(href):
            return inner
        title = node.attrs.get("title")
        title = f' title="{escape(title)}"' if title else ""
        return f'<a href="{escape(href)}"{title}>{inner}</a>'
    return inner  # span, font, u, <o:p> and the rest: their text only


def _is_word_list_item(node) -> bool:
    return node.tag == "p" and bool(
        _WORD_LIST_ITEM.search(f"{node.attrs.get('class') or ''} {node.attrs.get('style') or ''}")
    )


def _word_list_kind(node) -> str:
    """ "ol" when the bullet Word typed out is a number or letter, else "ul"."""
    for child in node.children:
        if isinstance(child, _Node):
            if _WORD_BULLET.search(child.attrs.get("style") or ""):
                return "ol" if _NUMBERED.match(child.text()) else "ul"
            found = _word_list_kind(child)
            if found:
                return found
    return ""


def _blocks(children, wrap, attrs="") -> list[str]:
    """
    Block HTML for ``children``: blocks as blocks, and each run of inline content
    between them wrapped in ``wrap`` with ``attrs`` (kept bare when ``wrap`` is None),
    blank runs dropped.
    """
    out, run, items = [], [], []

    def flush_run():
        html = _EDGE_BREAKS.sub("", "".join(run))
        run.clear()
        if not _BLANK.match(html):
            out.append(f"<{wrap}{attrs}>{html}</{wrap}>" if wrap else html)

    def flush_items():
        if items:
            kind = _word_list_kind(items[0]) or "ul"
            lis = "".join(f"<li>{''.join(_blocks(item.children, None))}</li>" for item in items)
            out.append(f"<{kind}>{lis}</{kind}>")
            items.clear()

    for child in children:
        if isinstance(child, _Node) and child.tag in DROPPED:
            continue
        if isinstance(child, _Node) and _is_word_list_item(child):
            flush_run()
            items.append(child)
            continue
        if isinstance(child, str) and not child.strip() and items:
            continue  # the line breaks between Word's list paragraphs
        flush_items()
        if isinstance(child, str) or (child.tag not in BLOCKS and not child.has_block()):
            run.append(_inline(child))
            continue
        flush_run()
        if child.tag not in BLOCKS:  # an inline element around blocks: its blocks
            out.extend(_blocks(child.children, wrap, attrs))
        else:
            out.extend(_block(child))
    flush_items()
    flush_run()
    return out


def _block(node) -> list[str]:
    tag = node.tag
    if tag == "hr":
        return ["<hr>"]
    if tag in TEXT_BLOCKS:
        return _blocks(node.children, HEADINGS.get(tag, tag), _dir(node))
    if tag in LISTS:
        items = []
        for child in node.children:
            if isinstance(child, _Node) and child.tag == "li":
                inner = "".join(_blocks(child.children, None))
                items.append(f"<li{_dir(child)}>{inner}</li>")
            elif isinstance(child, _Node) and child.tag in LISTS and items:
                items[-1] = items[-1][: -len("</li>")] + "".join(_block(child)) + "</li>"
            else:
                items.extend(f"<li>{html}</li>" for html in _blocks([child], None))
        return [f"<{tag}{_dir(node)}>{''.join(items)}</{tag}>"] if items else []
    if tag in {"blockquote", "figure"}:
        inner = _blocks(node.children, "p")
        return [f"<{tag}{_dir(node)}>{''.join(inner)}</{tag}>"] if inner else []
    if tag in PREFORMATTED:
        children = _with_breaks(node.children)
        while children and (children[0] == "" or getattr(children[0], "tag", "") == "br"):
            children.pop(0)  # the line break that follows <pre>
        return _blocks(children, "p", _dir(node))
    return _blocks(node.children, "p", _dir(node))  # a container: its blocks and paragraphs


def _with_breaks(children):
    """Preformatted text's line breaks as <br>, which a paragraph keeps."""
    out = []
    for child in children:
        if isinstance(child, str):
            for number, line in enumerate(child.split("\n")):
                out.extend([_Node("br"), line] if number else [line])
        else:
            child.children = _with_breaks(child.children)
            out.append(child)
    return out


def restructure(html: str) -> str:
    """Markup with the body's own blocks only, every text kept apart (see the docstring)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return "".join(_blocks(builder.root.children, "p"))


# The body ----------------------------------------------------------------------------------


def has_block_markup(source: str) -> bool:
    """True for HTML with paragraphs or other blocks; False for plain paragraphs."""
    return bool(_BLOCK_TAG.search(source or ""))


def render_body(source: str) -> str:
    """
    Return the sanitized HTML of an article body.

    Editors may write HTML, or plain paragraphs separated by blank lines: the
    latter are wrapped in <p> so a pasted text reads as it was written.
    """
    source = clean_typed_text((source or "").replace("\r\n", "\n")).strip()
    if not source:
        return ""
    if not has_block_markup(source):
        paragraphs = [p.strip() for p in _BLANK_LINES.split(source) if p.strip()]
        source = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        restructure(source),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
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
