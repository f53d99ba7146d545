"""
Stories and their parts as the API sends them: plain dicts, validated by ninja
against api.schemas on the way out. The facts a story's page and its JSON-LD state
(headline, dates, authors, dateline, corrections, language) are made here the way
articles.discovery.structured_data makes them; tests/api/test_same_facts.py holds
the three together.
"""

from django.urls import reverse
from django.utils import translation

from articles.discovery.structured_data import date_modified, schema_date
from articles.editions import registry as editions

# Story fields by name; the list sends all but the body unless fields= says otherwise.
STORY_FIELDS = (
    "id",
    "url",
    "headline",
    "dek",
    "dateline",
    "edition",
    "language",
    "section",
    "authors",
    "date_published",
    "date_modified",
    "has_transcript",
    "image",
    "body_html",
)
LIST_FIELDS = tuple(name for name in STORY_FIELDS if name != "body_html")
INCLUDES = ("bylines", "tags", "interview", "corrections")


def parse_names(value, valid, *, what, default):
    """
    The names of a comma-separated ``value``, each one of ``valid``, in the order of
    ``valid``; ``default`` when absent. ValueError naming the valid ones otherwise.
    """
    if value is None:
        return tuple(default)
    asked = {name.strip() for name in value.split(",") if name.strip()}
    unknown = sorted(asked - set(valid))
    if unknown:
        shown = ", ".join(name[:40] for name in unknown[:5])
        raise ValueError(
            f"Unknown {what} name{'s' if len(unknown) > 1 else ''}: {shown}. "
            f"Valid {what} names: {', '.join(valid)}."
        )
    return tuple(name for name in valid if name in asked)


def absolute(request, path):
    return request.build_absolute_uri(path)


def address_of(request, obj, edition=None):
    """
    The absolute address of a section, author or tag, worked out once per request and
    edition: a page of 100 stories names the same few authors and sections again and
    again. An author's or a tag's page is in the edition ``edition`` (a code: the
    story's, as its page links it), else in the default edition; a section's is in its own.
    """
    known = request.__dict__.setdefault("_api_addresses", {})
    key = (type(obj), obj.pk, edition)
    if key not in known:
        with translation.override(language_of(edition)):
            if hasattr(obj, "get_absolute_url"):
                path = obj.get_absolute_url()
            else:  # taggit's Tag has no address of its own here: the tag page
                path = reverse("articles:tag", kwargs={"slug": obj.slug})
        known[key] = absolute(request, path)
    return known[key]


def story_ref(request, article):
    return {
        "id": article.pk,
        "headline": article.headline,
        "url": absolute(request, article.get_absolute_url()),
    }


def language_of(edition):
    try:
        return editions.get(edition).language
    except KeyError:
        return editions.default().language


def author_ref(request, author, edition=None):
    return {
        "slug": author.slug,
        "name": author.name,
        "url": address_of(request, author, edition),
    }


def author_data(request, author, edition=None):
    return {
        **author_ref(request, author, edition),
        "role": author.role,
        "bio": author.bio,
        "handle": author.handle,
        "same_as": author.same_as,
    }


def section_data(request, section, *, full=False):
    data = {
        "slug": section.slug,
        "name": section.name,
        "url": address_of(request, section),
    }
    if full:
        data["edition"] = section.edition
        data["description"] = section.description
    return data


def tag_data(request, tag, edition=None):
    return {
        "slug": tag.slug,
        "name": tag.name,
        "url": address_of(request, tag, edition),
    }


def correction_data(correction, *, article):
    """A correction with its time in its story's edition's zone, as the story's JSON-LD."""
    return {
        "id": correction.pk,
        "kind": correction.kind,
        "text": correction.text,
        "date_published": schema_date(correction.created_at, article.edition_info.zone),
    }


def interview_data(request, interview, *, article, turns):
    participants = list(interview.participants.all())
    data = {
        "story": story_ref(request, article),
        "intro": interview.intro,
        "recorded_on": interview.recorded_on,
        "recorded_at": interview.recorded_at,
        "edited_note": interview.edited_note,
        "participants": [
            {
                "position": p.position,
                "name": p.name,
                "label": p.label,
                "role": p.role,
                "is_interviewer": p.is_interviewer,
            }
            for p in participants
        ],
    }
    if turns:
        data["turns"] = [
            {
                "position": turn.position,
                "speaker": turn.participant.label,
                "participant": turn.participant.position,
                "is_question": turn.participant.is_interviewer,
                "text": turn.text,
                "timecode": turn.timecode,
            }
            for turn in interview.turns.all()
        ]
    return data


def story_authors(article):
    """The story's authors in byline order, each once (as its JSON-LD lists them)."""
    seen, authors = set(), []
    for byline in article.bylines.all():
        if byline.author_id not in seen:
            seen.add(byline.author_id)
            authors.append(byline.author)
    return authors


def image_data(request, article):
    if not article.hero_image:
        return None
    return {
        "url": absolute(request, article.hero_image.url),
        "width": article.hero_width,
        "height": article.hero_height,
        "alt": article.hero_alt,
        "caption": article.hero_caption,
        "credit": article.hero_credit,
    }


FIELD_MAKERS = {
    "url": lambda request, a: absolute(request, a.get_absolute_url()),
    "headline": lambda request, a: a.headline,
    "dek": lambda request, a: a.dek,
    "dateline": lambda request, a: a.dateline,
    "edition": lambda request, a: a.edition,
    "language": lambda request, a: a.edition_info.in_language,
    "section": lambda request, a: section_data(request, a.section),
    "authors": lambda request, a: [author_ref(request, x, a.edition) for x in story_authors(a)],
    # In the story's edition's zone, as its page and JSON-LD write them.
    "date_published": lambda request, a: schema_date(a.published_at, a.edition_info.zone),
    "date_modified": lambda request, a: schema_date(date_modified(a), a.edition_info.zone),
    "has_transcript": lambda request, a: bool(a.has_transcript),
    "image": image_data,
    "body_html": lambda request, a: a.body_html,
}


def story_data(request, article, *, fields, includes):
    """A story with ``fields`` (id always) and the parts ``includes`` names."""
    data = {"id": article.pk}
    for name in fields:
        if name != "id":
            data[name] = FIELD_MAKERS[name](request, article)
    if "bylines" in includes:
        data["bylines"] = [
            {
                "position": b.position,
                "role": b.role,
                "author": author_ref(request, b.author, article.edition),
            }
            for b in article.bylines.all()
        ]
    if "tags" in includes:
        data["tags"] = [tag_data(request, tag, article.edition) for tag in article.tags.all()]
    if "interview" in includes:
        interview = getattr(article, "interview", None)
        data["interview"] = (
            interview_data(request, interview, article=article, turns=True) if interview else None
        )
    if "corrections" in includes:
        data["corrections"] = [
            correction_data(c, article=article) for c in article.corrections.all()
        ]
    return data
