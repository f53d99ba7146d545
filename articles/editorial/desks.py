"""
Desks in the admin: which editions a staff member works on (DeskMember rows; none
means every edition), the edition choices they are offered, and the direction and
language a story's text fields take from its edition.
"""

from articles.editions import registry
from articles.editions.models import editions_of


def desk_editions(user):
    """The edition codes ``user`` works on, or None for every edition."""
    return editions_of(user)


def in_desks(user, edition_code) -> bool:
    desks = editions_of(user)
    return desks is None or edition_code in desks


def edition_choices(user=None):
    """(code, name) of the editions ``user`` may write for, in the settings' order."""
    desks = editions_of(user) if user is not None else None
    return [(code, name) for code, name in registry.choices() if desks is None or code in desks]


def default_edition(user):
    """The edition a new story starts in: the user's one desk, else the default edition."""
    desks = editions_of(user)
    if desks and len(desks) == 1:
        return desks[0]
    return registry.default().code


def text_attrs(edition_code):
    """``dir`` and ``lang`` for a text field holding ``edition_code``'s language."""
    try:
        edition = registry.get(edition_code)
    except KeyError:
        edition = registry.default()
    return {"dir": edition.direction, "lang": edition.language}


def direct_text_fields(form, edition_code, names):
    """Give ``form``'s text fields ``names`` the direction and language of the edition."""
    attrs = text_attrs(edition_code)
    for name in names:
        field = form.fields.get(name)
        if field is not None:
            field.widget.attrs.update(attrs, **{"data-edition-text": ""})
