"""Plain functions that make test data with sensible defaults; pass what matters."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.media import images
from articles.models import Article, Author, Byline, Interview, Participant, Section, Turn

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
