"""
Every word a reader sees in a template goes through Django's translation machinery.

Each template under templates/ is compiled by Django's own engine and its node tree
walked: text outside ``{% translate %}`` and ``{% blocktranslate %}`` that a reader
sees (text between tags, and the alt, title, aria-label, placeholder and button value
attributes) must hold no letters. A child template is read inside its parents, with
its blocks in their places, so a block that fills an attribute (``{% block body_class
%}story-page{% endblock %}``) is read as that attribute; only the child's own text is
judged. Markup, comments, scripts and styles are not text.

Templates not yet translated are named in NOT_YET_COVERED: the list shrinks to nothing.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, engines
from django.template.base import Node, TextNode, VariableNode
from django.template.defaulttags import IfNode
from django.template.loader_tags import BlockNode, ExtendsNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils import translation

# Folders and files (relative to templates/) whose strings are not translated yet.
NOT_YET_COVERED = ()
# Read by machines only, never shown to a reader.
MACHINE_READ = ("robots.txt",)
# Names that stay as they are in every language (feed formats).
UNTRANSLATED_NAMES = {"RSS", "Atom"}

_OWN = "\x01"  # marks, in the mask, a character of the checked template's own text
_HOLE = "\x00"  # what a tag or variable writes: never a word of the template's

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|<[^>]*>|[^<]+", re.S | re.IGNORECASE
)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*')""")
_VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
_META_TEXT = re.compile(
    r"^(description|og:title|og:description|og:image:alt|twitter:(title|description|image:alt))$"
)
_ENTITY = re.compile(r"&#?\w+;")
_LETTER = re.compile(r"[^\W\d_]")
# A literal a tag writes into an attribute: {% picture ... alt="A photo" %}.
_TAG_LITERAL = re.compile(r"""\b(alt|title|label|placeholder|aria_label)=(["'])(.*?)\2""")


def all_template_names():
    return sorted(
        path.relative_to(TEMPLATES_DIR).as_posix()
        for path in TEMPLATES_DIR.rglob("*")
        if path.is_file()
    )


def is_checked(name):
    return not name.startswith(NOT_YET_COVERED) and name not in MACHINE_READ


# Flattening: the page's source as the template lays it out --------------------------------


def _blocks_of(template):
    return {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}


def _chain(engine, template):
    """
    The template and its parents, child first (parents named by a constant only). A
    template may extend one of the same name (the project's admin/base_site.html
    extends Django's): as Django does, the templates already in the chain are skipped.
    """
    chain = [template]
    while True:
        extends = [n for n in chain[-1].nodelist if isinstance(n, ExtendsNode)]
        if not extends or extends[0].parent_name.filters:
            return chain
        parent = extends[0].parent_name.var
        if not isinstance(parent, str):
            return chain
        skip = [member.origin for member in chain]
        chain.append(engine.find_template(parent, skip=skip)[0])


def _flatten(nodelist, blocks, name, out):
    for node in nodelist:
        if isinstance(node, TextNode):
            own = node.origin is not None and node.origin.template_name == name
            out.append((node.s, own))
        elif isinstance(node, BlockNode):
            _flatten(blocks.get(node.name, node).nodelist, blocks, name, out)
        elif isinstance(node, TranslateNode | BlockTranslateNode | VariableNode):
            out.append((_HOLE, False))
        elif isinstance(node, ExtendsNode):
            continue
        elif isinstance(node, IfNode):  # each branch apart: "Draft" and "Scheduled", not one word
            for _condition, branch in node.conditions_nodelists:
                out.append((_HOLE, False))
                _flatten(branch, blocks, name, out)
        else:
            out.append((_HOLE, False))
            for attr in node.child_nodelists:
                children = getattr(node, attr, None)
                if children:
                    _flatten(children, blocks, name, out)


def page_source(engine, name):
    """(source, mask): the laid-out source and, per character, whether it is the template's."""
    template = engine.get_template(name)
    chain = _chain(engine, template)
    blocks = {}
    for member in reversed(chain):  # the root first; each child's blocks win
        blocks.update(_blocks_of(member))
    out = []
    _flatten(chain[-1].nodelist, blocks, name, out)
    source = "".join(text for text, _ in out)
    mask = "".join((_OWN if own else " ") * len(text) for text, own in out)
    return source, mask


# Reading: the words a reader sees ---------------------------------------------------------


def _own_words(text, mask):
    """The runs of the template's own characters in ``text`` that hold letters."""
    runs, current = [], []
    for char, flag in zip(text, mask, strict=True):
        if flag == _OWN and char != _HOLE:
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    words = []
    for run in runs:
        run = " ".join(_ENTITY.sub(" ", run).split())
        if _LETTER.search(run) and run.strip("()[]") not in UNTRANSLATED_NAMES:
            words.append(run)
    return words


def _visible_attributes(tag):
    name = re.match(r"<\s*([\w:-]+)", tag)
    element = name.group(1).lower() if name else ""
    attrs = {m.group(1).lower(): m for m in _ATTRIBUTE.finditer(tag)}
    for attr, match in attrs.items():
        visible = attr in _VISIBLE_ATTRIBUTES
        if attr == "value":  # an input button shows its value; a <button> its content
            kind = attrs.get("type")
            visible = (
                element == "input"
                and kind is not None
                and kind.group(2).strip("\"'") in ("submit", "button", "reset")
            )
        if attr == "content" and element == "meta":
            key = attrs.get("name") or attrs.get("property")
            visible = key is not None and bool(_META_TEXT.match(key.group(2).strip("\"'")))
        if visible:
            yield match.start(2) + 1, match.end(2) - 1


def untranslated_text(engine, name):
    """Every piece of text a reader sees in template ``name`` that is not translated."""
    source, mask = page_source(engine, name)
    found = []
    if name.endswith(".txt"):  # plain text (emails): all of it is read
        return _own_words(source, mask)
    for token in _TOKEN.finditer(source):
        start, end = token.span()
        text = token.group(0)
        if text.startswith("<!--") or token.group(1):
            continue
        if text.startswith("<"):
            for a, b in _visible_attributes(text):
                found += _own_words(source[start + a : start + b], mask[start + a : start + b])
        else:
            found += _own_words(text, mask[start:end])
    template = engine.get_template(name)
    for node in template.nodelist.get_nodes_by_type(Node):
        token = getattr(node, "token", None)
        if isinstance(node, TextNode | VariableNode) or token is None:
            continue
        if node.origin is None or node.origin.template_name != name:
            continue
        for literal in _TAG_LITERAL.finditer(token.contents):
            if _LETTER.search(literal.group(3)):
                found.append(f"{{% {token.contents} %}}")
    return found


# The tests ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine():
    return engines["django"].engine


def test_every_template_a_reader_sees_is_translated(engine):
    failures = {}
    for name in all_template_names():
        if is_checked(name):
            words = untranslated_text(engine, name)
            if words:
                failures[name] = words
    assert not failures, "Text outside {% translate %} / {% blocktranslate %}:\n" + "\n".join(
        f"  templates/{name}: {words}" for name, words in failures.items()
    )


def test_the_public_pages_templates_are_checked():
    checked = [name for name in all_template_names() if is_checked(name)]
    for name in (
        "articles/article_detail.html",
        "articles/search.html",
        "includes/byline_names.html",
        "includes/transcript.html",
        "404.html",
        "500.html",
    ):
        assert name in checked


def test_the_list_of_templates_not_yet_covered_names_real_ones():
    names = all_template_names()
    for entry in NOT_YET_COVERED + MACHINE_READ:
        assert any(name == entry or name.startswith(entry) for name in names), entry


@pytest.fixture
def sample_engine():
    from django.template import Engine

    templates = {
        "base.html": (
            "<html><head><title>{% block title %}{% endblock %}</title></head>"
            '<body class="{% block body_class %}{% endblock %}">{% block content %}'
            "{% endblock %}</body></html>"
        ),
        "good.html": (
            '{% extends "base.html" %}{% load i18n %}'
            "{% block title %}{% translate 'Hello' %} | {{ site }}{% endblock %}"
            "{% block body_class %}story-page{% endblock %}"
            '{% block content %}<img src="x.png" alt="{% translate "A harbour" %}">'
            '<a href="/" class="link">{{ name }}</a> &larr; <!-- a note -->'
            "<script>var words = 'not text';</script>{% endblock %}"
        ),
        "bad.html": (
            '{% extends "base.html" %}{% load i18n %}{% block title %}Welcome{% endblock %}'
            "{% block content %}<p>{% if x %}Read more{% endif %}</p>"
            '<input type="submit" value="Send">'
            '<button name="do" value="approve">{% translate "Approve" %}</button>'
            '<span aria-label="Close">x</span>{% endblock %}'
        ),
    }
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", templates)],
        libraries={"i18n": "django.templatetags.i18n"},
    )


def test_the_checker_passes_translated_text_markup_and_class_names(sample_engine):
    assert untranslated_text(sample_engine, "good.html") == []


def test_the_checker_names_each_untranslated_text(sample_engine):
    found = untranslated_text(sample_engine, "bad.html")
    assert found == ["Welcome", "Read more", "Send", "Close", "x"]


def test_dates_on_a_sorani_page_name_the_month_in_sorani(engine):
    import datetime

    from django.utils import timezone
    from django.utils.dates import MONTHS

    today = engine.from_string('{% load time_tags %}<p>{% now "F" %}</p><p>{% reader_now %}</p>')
    story = engine.from_string(
        "{% load time_tags %}{{ moment|reader_time }} {{ moment|reader_date }}"
    )
    moment = datetime.datetime(2026, 11, 30, 15, 5, tzinfo=datetime.UTC)
    with translation.override("ckb"), timezone.override("Asia/Baghdad"):
        masthead = today.render(Context())
        dates = story.render(Context({"moment": moment}))
        this_month = str(MONTHS[timezone.localdate().month])
        november = str(MONTHS[11])
    with translation.override("en"):
        english = {str(m) for m in MONTHS.values()}
    assert november not in english and this_month not in english
    assert masthead.count(this_month) == 2  # {% now %} and the masthead's date
    assert not any(name in masthead + dates for name in english)
    # Day, month, year: the Sorani order, not the English one; a 24-hour clock.
    assert dates.startswith(f"30 {november} 2026، 18:05")
    assert dates.endswith(f"30 {november} 2026")
