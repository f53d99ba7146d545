"""Plain functions that make test data with sensible defaults; pass what matters."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.utils import timezone
from PIL import Image

from articles.media import images
from articles.models import Article, Author, Byline, Interview, Participant, Section, Turn
from articles.stories.signals import story_changed

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_section(**fields):
    n = _n()
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_author(**fields):
    n = _n()
    fields.setdefault("name", f"Author Number{n}")
    fields.setdefault("slug", f"author-{n}")
    fields.setdefault("handle", f"@author{n}")
    fields.setdefault("profile_url", f"https://social.example/@author{n}")
    author = Author.objects.create(**fields)
    if author.photo:
        images.make_renditions(author.photo)  # as the admin does on save
    return author


def make_article(*, authors=(), tags=(), published=True, **fields):
    """A story; published an hour ago unless told otherwise."""
    n = _n()
    fields.setdefault("headline", f"Harbour council weighs plan number {n}")
    fields.setdefault("slug", f"harbour-plan-{n}")
    fields.setdefault("dek", "A short summary line for the story.")
    fields.setdefault("body", "First paragraph of the story.\n\nSecond paragraph of the story.")
    if "section" not in fields:
        fields["section"] = make_section()
    if published:
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    article = Article.objects.create(**fields)
    if article.hero_image:
        images.make_renditions(article.hero_image)  # as the admin does on save
    for position, author in enumerate(authors, start=1):
        Byline.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.add(*tags)
    return article


def make_interview(article, *, turns=4, interviewer="Ledger", interviewee="Okafor"):
    """An interview on ``article`` whose turns alternate question and answer."""
    interview = Interview.objects.create(
        article=article, intro="What follows is a transcript of the interview."
    )
    asker = Participant.objects.create(
        interview=interview,
        name="The Harbour Ledger",
        label=interviewer,
        is_interviewer=True,
        position=1,
    )
    answerer = Participant.objects.create(
        interview=interview, name=f"Ada {interviewee}", label=interviewee, position=2
    )
    Turn.objects.bulk_create(
        Turn(
            interview=interview,
            participant=asker if position % 2 else answerer,
            position=position,
            text=f"{'Question' if position % 2 else 'Answer'} number {position}.",
        )
        for position in range(1, turns + 1)
    )
    # As the transcript services do after their bulk write (it sends no post_save).
    story_changed.send(sender=Turn, article_id=article.pk)
    return interview


def ensure_newsroom_groups():
    """
    The groups and permissions the migrations make. A transactional test (the
    browser tests) empties the database afterwards; this puts them back.
    """
    from importlib import import_module

    from django.apps import apps

    if Group.objects.filter(name__in=["Editor", "Reporter", "Moderator"]).count() == 3:
        return
    for module in (
        "articles.migrations.0003_newsroom_groups",
        "comments.migrations.0002_moderator_permissions",
        "articles.migrations.0006_workflow_groups",
        "articles.migrations.0011_front_page",
    ):
        migration = import_module(module)
        (migration.create_groups if hasattr(migration, "create_groups") else migration.grant)(
            apps, None
        )


def make_staff(username, *, group=None, superuser=False, password="a-long-test-password"):
    user = User.objects.create_user(
        username=username, password=password, is_staff=True, is_superuser=superuser
    )
    if group:
        ensure_newsroom_groups()
        user.groups.add(Group.objects.get(name=group))
    return user


def image_upload(name="hero.jpg", size=(320, 180), color="#336699"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_comment(article, *, status="pending", moderator=None, **fields):
    """A comment as submitted; approved or rejected through the services when asked."""
    from comments import services
    from comments.models import Comment

    n = _n()
    fields.setdefault("name", f"Reader {n}")
    fields.setdefault("email", f"reader{n}@example.org")
    fields.setdefault("body", f"Comment number {n} on the story.")
    fields.setdefault("sender_hash", f"{n:064x}")
    comment = Comment.objects.create(article=article, **fields)
    if status == "approved":
        services.approve_comment(comment=comment, moderator=moderator)
    elif status == "rejected":
        services.reject_comment(comment=comment, moderator=moderator, reason="spam")
    return comment


def make_participant(interview, label, **fields):
    """Another speaker on ``interview``, placed after the ones it has."""
    fields.setdefault("name", label)
    fields.setdefault("position", interview.participants.count() + 1)
    return Participant.objects.create(interview=interview, label=label, **fields)


def make_reporter(username, **author_fields):
    """A staff account in the Reporter group, writing as a new author (Author.user)."""
    user = make_staff(username, group="Reporter")
    author = make_author(user=user, **author_fields)
    return user, author


def make_correction(article, *, kind="correction", **fields):
    """A correction (or update, or editor's note) as saved, without the service's side effects."""
    from articles.models import Correction

    fields.setdefault("text", f"An earlier version of this story got detail number {_n()} wrong.")
    return Correction.objects.create(article=article, kind=kind, **fields)


def make_share_link(article, *, by=None, **fields):
    """A share-draft link, valid for a week unless told otherwise."""
    from articles.models import ShareLink

    fields.setdefault("label", f"Source number {_n()}")
    return ShareLink.objects.create(article=article, created_by=by, **fields)


# Clients and admin forms ---------------------------------------------------------------------


class CommittingClient(Client):
    """
    A test client whose requests end as they do in production, where each request's
    transaction commits: what waits for the commit (search entries, image renditions,
    page invalidation: articles/handlers.py) runs before the response is looked at.
    """

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


def logged_in(user):
    """A client signed in as ``user`` whose requests commit, as production requests do."""
    client = CommittingClient()
    client.force_login(user)
    return client


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def rows(prefix, rows_data, initial=0):
    data = management(prefix, len(rows_data), initial)
    for index, row in enumerate(rows_data):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def article_form(section, **overrides):
    data = {
        "headline": "A quiet winter at the lighthouse",
        "slug": "quiet-winter-lighthouse",
        "dek": "The keeper talks about storms, ships and solitude.",
        "section": str(section.pk),
        "dateline": "PORT ELIN, Norway",
        "body": "The lighthouse has stood for a century.\n\nIt is still lit every night.",
        "new_tags": "Lighthouses, Winter",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "updated_at_0": "",
        "updated_at_1": "",
        "comments_enabled": "on",
        "edition": "en",
        "_continue": "Save and continue editing",
    }
    # The story page's corrections and share-link inlines, left empty.
    data |= management("corrections", 0) | management("share_links", 0)
    data.update(overrides)
    return data


def participant_rows(interview):
    """The interview admin's participant rows for ``interview``'s participants, as saved."""
    return [
        {
            "id": str(p.pk),
            "interview": str(interview.pk),
            "order": str(p.position),
            "name": p.name,
            "label": p.label,
            "role": p.role,
            **({"is_interviewer": "on"} if p.is_interviewer else {}),
        }
        for p in interview.participants.order_by("position")
    ]


# What makes a story invisible to readers, one way per entry (for parametrized tests).
HIDDEN_FROM_READERS = {
    "draft": {"published": False},
    "in-review": {"status": Article.Status.IN_REVIEW, "published_at": None},
    "scheduled": {"published_at": timezone.now() + timedelta(days=1)},
    "unpublished": {"status": Article.Status.UNPUBLISHED, "published_at": timezone.now()},
}


def split(moment):
    """A datetime as the admin's two inputs (date, time) in the newsroom's zone."""
    if moment is None:
        return "", ""
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def saved_rows(prefix, objects, *fields, when):
    """An inline's rows for saved ``objects`` of a story: ``fields`` and the ``when`` time."""
    data = []
    for row in objects:
        day, time = split(getattr(row, when))
        values = {name: getattr(row, name) for name in fields}
        data.append(
            {"id": str(row.pk), "article": str(row.article_id), **values}
            | {f"{when}_0": day, f"{when}_1": time}
        )
    return rows(prefix, data, initial=len(data))


def change_data(article, **overrides):
    """What the admin's story form posts for ``article`` as saved, with ``overrides``."""
    article.refresh_from_db()
    published = split(article.published_at)
    updated = split(article.updated_at)
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "dek": article.dek,
        "section": str(article.section_id),
        "dateline": article.dateline,
        "body": article.body,
        "tags": [str(tag.pk) for tag in article.tags.all()],
        "new_tags": "",
        "hero_alt": article.hero_alt,
        "hero_caption": article.hero_caption,
        "hero_credit": article.hero_credit,
        "status": article.status,
        "published_at_0": published[0],
        "published_at_1": published[1],
        "updated_at_0": updated[0],
        "updated_at_1": updated[1],
        "edition": article.edition,
        "version": str(article.version),
        "_continue": "Save and continue editing",
    }
    if article.comments_enabled:
        data["comments_enabled"] = "on"
    bylines = [
        {
            "id": str(b.pk),
            "article": str(article.pk),
            "order": str(b.position),
            "author": str(b.author_id),
            "role": b.role,
        }
        for b in article.bylines.order_by("position")
    ]
    data |= rows("bylines", bylines, initial=len(bylines))
    interview = Interview.objects.filter(article=article).first()
    if interview is not None:
        data |= rows(
            "interview",
            [
                {
                    "id": str(interview.pk),
                    "article": str(article.pk),
                    "intro": interview.intro,
                    "recorded_at": interview.recorded_at,
                    **({"edited_note": "on"} if interview.edited_note else {}),
                }
            ],
            initial=1,
        )
    else:
        data |= management("interview", 0)
    data |= saved_rows("corrections", article.corrections.all(), "kind", "text", when="created_at")
    data |= saved_rows("share_links", article.share_links.all(), "label", when="expires_at")
    data.update(overrides)
    return data


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"
