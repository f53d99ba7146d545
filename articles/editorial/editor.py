"""
The body's rich-text editor in the admin: django-prose-editor (ProseMirror/Tiptap).

The editor offers what articles/stories/richtext.py allows and nothing more: paragraphs,
subheadings (h2, h3), bold, italic, links, block quotes, bullet and numbered
lists, line breaks. What it posts is sanitized with the same nh3 allow-list before
it is stored, so a hand-made POST gets no further than the editor's buttons.

The package's own presets load editor.js through an inline import map; this
widget loads static/js/body-editor.js instead, a module that imports the
package's editor.js by its static path: no inline script, no CDN.
"""

from django import forms
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import ProseEditorWidget

from articles.stories.richtext import has_block_markup, render_body, sanitize_body

PRESET = "newsroom"  # the widget's data-django-prose-editor-newsroom attribute

BODY_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    # The browser's spelling checker stays on: editors want it.
    "NoSpellCheck": False,
}


class BodyEditorWidget(ProseEditorWidget):
    """The prose editor for the admin, started by static/js/body-editor.js."""

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, config={"extensions": BODY_EXTENSIONS}, preset=PRESET)

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "css/admin.css",
                ]
            },
            js=[forms.Script("js/body-editor.js", type="module")],
        )


class BodyField(ProseEditorFormField):
    """
    The body as rich text. Stored sanitized (richtext.sanitize_body); a body kept
    as plain paragraphs (the demo, imported stories) opens as paragraphs.
    """

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs["widget"] = BodyEditorWidget
        super().__init__(
            extensions=BODY_EXTENSIONS, sanitize=sanitize_body, preset=PRESET, **kwargs
        )

    def prepare_value(self, value):
        # ProseMirror reads HTML: plain paragraphs would melt into one.
        if isinstance(value, str) and value.strip() and not has_block_markup(value):
            return render_body(value)
        return value
