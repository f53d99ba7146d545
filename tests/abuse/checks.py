"""
What a browser, a feed reader or a crawler would make of a response: live markup a
payload smuggled in, the text a reader sees, JSON-LD, meta tags, XML well-formedness.
Each checker returns a list of problems (empty when all is well) so one test can
report every surface that failed, each named.
"""

import json
import re
from html.parser import HTMLParser
from xml.dom import minidom

from .payloads import MARK

# Schemes that run code when a link is followed or a resource loaded.
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc"}
# Elements no payload may create, whatever their attributes.
DANGEROUS_TAGS = {
    "script", "iframe", "object", "embed", "base", "meta", "form", "svg", "math", "style",
    "link", "frame", "frameset", "applet", "img", "button", "video", "audio", "source",
}  # fmt: skip
JSON_TYPES = {"application/json", "application/ld+json"}
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")


class PageReader(HTMLParser):
    """One pass over an HTML page: live payload markup, visible text, JSON-LD, meta tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.leaks = []
        self.text = []
        self.json_ld = []
        self.scripts = []  # (type, raw text)
        self.meta = {}  # property or name -> [content, ...]
        self.links = []  # href values
        self._script_type = None
        self._in_style = False
        self._in_noscript = False

    def handle_starttag(self, tag, attrs):
        self._check_tag(tag, attrs)
        attributes = dict(attrs)
        if tag == "script":
            self._script_type = (attributes.get("type") or "text/javascript").lower()
        elif tag == "style":
            self._in_style = True
        elif tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta.setdefault(key, []).append(attributes.get("content") or "")
        elif tag == "a" and attributes.get("href") is not None:
            self.links.append(attributes["href"])
        elif tag in {"br", "p", "div", "li", "h1", "h2", "h3", "td", "option", "title"}:
            self.text.append(" ")

    handle_startendtag = handle_starttag

    def _check_tag(self, tag, attrs):
        if tag == "noscript":
            self._in_noscript = True
        elif self._in_noscript and any(MARK in (value or "") for _, value in attrs):
            # Browsers read <noscript> as raw text: "</noscript>" in an attribute ends it.
            self.leaks.append(f"a payload inside a live <noscript>: <{tag} {attrs!r}>")
        if MARK in tag:
            self.leaks.append(f"a live <{tag}> element")
        for name, value in attrs:
            value = value or ""
            if MARK in name:
                self.leaks.append(f"a live attribute {name!r} on <{tag}>")
            elif name.startswith("on") and MARK in value:
                self.leaks.append(f"a live event handler {name}={value!r} on <{tag}>")
            elif name in {"style", "srcdoc", "formaction"} and MARK in value:
                self.leaks.append(f"a live {name}={value!r} on <{tag}>")
            elif tag in DANGEROUS_TAGS and name in URL_ATTRIBUTES and MARK in value:
                self.leaks.append(f"a live <{tag} {name}={value!r}>")
            elif (
                tag == "meta"
                and name == "content"
                and MARK in value
                and "http-equiv" in dict(attrs)
            ):
                self.leaks.append(f"a live <meta http-equiv> with {value!r}")
            if name in URL_ATTRIBUTES:
                scheme = _INVISIBLE.sub("", value).lower()
                if scheme.startswith(DANGEROUS_SCHEMES):
                    self.leaks.append(f"a {scheme.split(':')[0]}: URL in <{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_type = None
        elif tag == "style":
            self._in_style = False
        elif tag == "noscript":
            self._in_noscript = False
        elif tag in {"p", "div", "li", "h1", "h2", "h3", "td", "option", "title"}:
            self.text.append(" ")

    def handle_data(self, data):
        if self._script_type is not None:
            self.scripts.append((self._script_type, data))
            if self._script_type == "application/ld+json":
                self.json_ld.append(data)
            elif self._script_type not in JSON_TYPES and MARK in data:
                self.leaks.append(f"a live <script> running {data[:60]!r}")
        elif self._in_style:
            if MARK in data:
                self.leaks.append(f"a live <style> with {data[:60]!r}")
        else:
            self.text.append(data)

    def handle_comment(self, data):
        if MARK in data:
            self.leaks.append(f"an HTML comment opened by a payload: {data[:60]!r}")

    @property
    def visible_text(self):
        return "".join(self.text)


def read_page(content) -> PageReader:
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    reader = PageReader()
    reader.feed(content)
    if reader.cdata_elem and MARK in reader.rawdata:
        # A <style> or <script> the payload opened and never closed (in <math> or <svg>
        # a browser reads what follows as markup again).
        reader.leaks.append(f"an unclosed <{reader.cdata_elem}> before {reader.rawdata[:60]!r}")
    reader.close()
    return reader


def squash(text: str) -> str:
    """Text as a reader compares it: runs of whitespace as one space."""
    return " ".join((text or "").split())


def html_problems(content, reader=None) -> list[str]:
    """Live markup a payload left in an HTML page; unsafe JSON in its script blocks."""
    reader = reader or read_page(content)
    problems = list(reader.leaks)
    for kind, raw in reader.scripts:
        if kind in JSON_TYPES:
            if "</script" in raw.lower() or "<!--" in raw:
                problems.append(f"{kind} block holds {raw[:60]!r} (can end the script early)")
            try:
                json.loads(raw)
            except ValueError as error:
                problems.append(f"{kind} block is not JSON: {error}")
    return problems


def shows_text(content, value: str, reader=None) -> list[str]:
    """The page shows ``value`` (as stored) as text a reader can read."""
    if not squash(value):
        return []
    if squash(value) in squash((reader or read_page(content)).visible_text):
        return []
    return [f"does not show the text {value[:80]!r}"]


def news_article(content, reader=None) -> tuple[dict | None, list[str]]:
    """The page's schema.org NewsArticle, or the problems finding it."""
    for raw in (reader or read_page(content)).json_ld:
        try:
            data = json.loads(raw)
        except ValueError as error:
            return None, [f"JSON-LD is not JSON: {error}"]
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("@type") == "NewsArticle":
                return item, []
    return None, ["no NewsArticle JSON-LD"]


def xml_problems(content) -> list[str]:
    try:
        minidom.parseString(content)
    except Exception as error:  # noqa: BLE001 - any parser error is the finding
        return [f"ill-formed XML: {error}"]
    return []
