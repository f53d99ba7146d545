"""
Stories: sections, authors, the story itself with its bylines and tags, and the
corrections readers see on it. What "published", "scheduled" and "who may see or
edit a story" mean is defined here, on ArticleQuerySet and Article, and nowhere else.
"""

import re

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.editions import registry as editions
from articles.editions.models import editions_of
from articles.editions.registry import validate_edition
from newsroom.text import TypedTextMixin

from .richtext import render_body


class PostgresGinIndex(GinIndex):
    """
    A GIN index on PostgreSQL and nothing elsewhere.

    The search vector it serves only exists on PostgreSQL; SQLite searches its
    own FTS5 table (articles/discovery/search.py) and would reject "USING gin", also when
    it rebuilds the table in a later migration.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return ""
        return super().remove_sql(model, schema_editor, **kwargs)


handle_validator = RegexValidator(
    r"^@[A-Za-z0-9_.]{1,30}(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?$",
    "Enter a handle such as @name (or @name@server.example for the fediverse).",
)

# An author's addresses become links and JSON-LD sameAs: a web page's address, never a
# script (javascript:, data:, vbscript:) nor a scheme-less "//host" whose target depends
# on the page it sits in.
web_url_validator = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with http:// or https://."
)

# What a link may carry whatever reached the database without validation (the shell, an
# import, a bulk update): the scheme spelt out first, then a host, and no whitespace or
# control character anywhere (browsers drop those inside a scheme: "java\tscript:").
_WEB_URL = re.compile(r"https?://[^\s/\x00-\x1f\x7f][^\s\x00-\x1f\x7f]*", re.IGNORECASE)


def default_edition_code():
    return editions.default().code


def reverse_in(edition_code, viewname, **kwargs):
    """The address of a page in ``edition_code``'s edition (its prefix), whatever is active."""
    try:
        language = editions.get(edition_code).language
    except KeyError:
        language = editions.default().language
    if translation.get_language() == language:  # the page's own edition: most links
        return reverse(viewname, kwargs=kwargs)
    with translation.override(language):
        return reverse(viewname, kwargs=kwargs)


def web_url(value: str) -> str:
    """``value`` if it is an http(s) address safe to link to, else ""."""
    return value if value and _WEB_URL.fullmatch(value) else ""


def staff_member_field():
    """Who did something: a staff account, kept as NULL when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


class Section(TypedTextMixin, models.Model):
    # Each desk has its own sections, named in its language.
    edition = models.CharField(
        _("edition"), max_length=12, default=default_edition_code, validators=[validate_edition]
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences for the section page.")
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order in the navigation: lower comes first.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="section_slug_per_edition"),
            models.UniqueConstraint(fields=["edition", "name"], name="section_name_per_edition"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_in(self.edition, "articles:section", slug=self.slug)


class Author(TypedTextMixin, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    role = models.CharField(
        _("role"),
        max_length=120,
        blank=True,
        help_text=_('Shown under the name, e.g. "Courts reporter".'),
    )
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    handle = models.CharField(
        _("handle"),
        max_length=80,
        blank=True,
        validators=[handle_validator],
        help_text=_("Public social handle, e.g. @name."),
    )
    profile_url = models.URLField(
        _("profile URL"),
        blank=True,
        validators=[web_url_validator],
        help_text=_("Where the handle lives, e.g. the profile page's address."),
    )
    website = models.URLField(_("website"), blank=True, validators=[web_url_validator])
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Private: never shown on the site.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text=_("The staff account of this author; leave empty for guest contributors."),
        verbose_name=_("user"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    # Templates and structured data link to these, never to the raw fields.
    @property
    def safe_profile_url(self):
        return web_url(self.profile_url)

    @property
    def safe_website(self):
        return web_url(self.website)

    @property
    def same_as(self):
        """Public profile URLs, for links and structured data."""
        return [url for url in (self.safe_profile_url, self.safe_website) if url]


# The roles, by permission (groups from migrations 0003 and 0006): an *editor* may
# publish (and so see and change every story); anyone else who may change stories is a
# *reporter*, who sees and changes the stories carrying their byline while those are
# drafts or in review. A staff account with view permission only reads everything.
PUBLISH_PERMISSION = "articles.publish_article"


def is_editor(user) -> bool:
    return bool(user.is_active and user.has_perm(PUBLISH_PERMISSION))


def is_reporter(user) -> bool:
    return not is_editor(user) and user.has_perm("articles.change_article")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its publish time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published with a future time: each goes live by itself at its time, no cron."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def in_state(self, state):
        """Stories in one of Article.STATES ("scheduled" and "live" split "published")."""
        if state == "live":
            return self.published()
        if state == "scheduled":
            return self.scheduled()
        return self.filter(status=state)

    def bylined_to(self, user):
        """Stories with a byline of ``user``'s author profile."""
        return self.filter(
            models.Exists(Byline.objects.filter(article=models.OuterRef("pk"), author__user=user))
        )

    def visible_to(self, user):
        """
        What ``user`` may read: readers the published stories; editors and view-only
        staff every story; reporters the published ones and their own.
        """
        if not (user.is_active and user.is_staff and user.has_perm("articles.view_article")):
            return self.published()
        live = models.Q(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())
        desks = editions_of(user)
        if is_reporter(user):
            own = Byline.objects.filter(article=models.OuterRef("pk"), author__user=user)
            mine = models.Q(models.Exists(own))
            if desks is not None:
                mine &= models.Q(edition__in=desks)
            return self.filter(live | mine)
        if desks is not None:
            # A desk's staff read what readers read, and everything of their editions.
            return self.filter(live | models.Q(edition__in=desks))
        return self

    def editable_by(self, user):
        """
        What ``user`` may change: editors everything, reporters their drafts in progress;
        staff limited to desks (articles.editions.models.DeskMember) only their editions'.
        """
        if is_editor(user):
            editable = self
        elif not user.is_active or not user.has_perm("articles.change_article"):
            return self.none()
        else:
            editable = self.bylined_to(user).filter(status__in=Article.REPORTER_STATUSES)
        desks = editions_of(user)
        return editable if desks is None else editable.filter(edition__in=desks)

    def for_listing(self):
        """Published stories with what a story card shows, newest first."""
        return (
            self.published()
            .defer("search_vector")
            .select_related("section")
            .prefetch_related(
                models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
            )
            .order_by("-published_at", "-pk")
        )


class Article(TypedTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    # The states editors think in: "published" split by the publish time.
    STATES = {
        "draft": _("Draft"),
        "in_review": _("In review"),
        "scheduled": _("Scheduled"),
        "live": _("Live"),
        "unpublished": _("Unpublished"),
    }
    # What a reporter may set and change.
    REPORTER_STATUSES = (Status.DRAFT, Status.IN_REVIEW)

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("The end of the story's address. Changing it later keeps old links working."),
    )
    dek = models.TextField(
        _("dek"), max_length=400, blank=True, help_text=_("The summary line under the headline.")
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=120,
        blank=True,
        help_text=_('Where the story was reported, e.g. "WASHINGTON DC, United States".'),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "HTML (paragraphs, subheadings, bold, italic, links, quotes, lists) "
            "or plain paragraphs separated by a blank line."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    authors = models.ManyToManyField(
        Author, through="Byline", related_name="articles", verbose_name=_("authors")
    )
    tags = TaggableManager(blank=True, verbose_name=_("tags"))

    hero_image = models.ImageField(
        _("hero image"),
        upload_to="heroes/%Y/%m/",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        _("hero image alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    hero_caption = models.CharField(_("hero caption"), max_length=300, blank=True)
    hero_credit = models.CharField(
        _("hero credit"), max_length=120, blank=True, help_text=_("e.g. Photo: Jane Doe")
    )

    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "A future time schedules the story: it goes live then, with nothing else to do."
        ),
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_('Shown to readers as "Updated" when set after the publish time.'),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # Who saved last, and a counter of saves: the admin form carries the version it
    # was opened at, so a save over someone else's newer one stops (no lost edits).
    modified_by = staff_member_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    comments_enabled = models.BooleanField(_("comments open"), default=True)
    # The desk's edition: its language, direction and address (articles/editions).
    edition = models.CharField(
        _("edition"),
        max_length=12,
        default=default_edition_code,
        validators=[validate_edition],
        db_index=True,
        help_text=_("The edition the story is written for: its language and address."),
    )
    # Counterparts: the other editions' stories on the same event (one per edition).
    story_group = models.ForeignKey(
        "articles.StoryGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        verbose_name=_("counterparts"),
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_("Set when this story is a translation of another edition's story."),
        verbose_name=_("translation of"),
    )
    # PostgreSQL full text: headline (A), dek (B), body and transcript (C), written by
    # articles.discovery.search.reindex_article(); always empty on SQLite (see SearchEntry).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        # What the newsroom calls it, in the admin and its messages ("Add story").
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", "Can publish, schedule and unpublish stories")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published story needs a publish time."),
            ),
            models.UniqueConstraint(
                fields=["story_group", "edition"],
                name="article_one_counterpart_per_edition",
                violation_error_message=_("This event already has a story in that edition."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub"),
            PostgresGinIndex(fields=["search_vector"], name="article_search_vector"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.headline, allow_unicode=True)[:200] or "story"
        self.body_html = render_body(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at:
            if self.first_published_at is None or self.published_at < self.first_published_at:
                self.first_published_at = self.published_at
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = update_fields = {
                *update_fields,
                "body_html",
                "first_published_at",
            }
        # A save that records a modification (modified_at) counts as a new version;
        # index-only saves (search_vector) do not.
        if not self._state.adding and (update_fields is None or "modified_at" in update_fields):
            self.version = (self.version or 0) + 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_in(self.edition, "articles:article", pk=self.pk, slug=self.slug)

    @property
    def edition_info(self):
        """The story's Edition (language, direction, codes)."""
        try:
            return editions.get(self.edition)
        except KeyError:
            return editions.default()

    def counterparts(self):
        """The other editions' stories on the same event (unpublished ones too)."""
        if self.story_group_id is None:
            return Article.objects.none()
        return (
            Article.objects.filter(story_group_id=self.story_group_id)
            .exclude(pk=self.pk)
            .order_by("edition", "pk")
        )

    def clean(self):
        errors = {}
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = _("Describe the image for readers who cannot see it.")
        if self.status == self.Status.PUBLISHED and not self.published_at:
            errors["published_at"] = _("Set a publish time (now, or a future time to schedule).")
        if errors:
            raise ValidationError(errors)

    def body_with_dateline(self):
        """The body with the dateline as the lead-in of its first paragraph."""
        body = mark_safe(self.body_html)  # sanitized by render_body() on save
        if not self.dateline:
            return body
        lead = format_html('<span class="dateline">{} -</span> ', self.dateline)
        if body.startswith("<p>"):
            return mark_safe(f"<p>{lead}{body[3:]}")
        return format_html("<p>{}</p>{}", lead, body)

    @staticmethod
    def state_for(status, published_at, *, now=None) -> str:
        """The state of a story with this status and publish time (one of STATES)."""
        if status != Article.Status.PUBLISHED:
            return status
        return "scheduled" if published_at and published_at > (now or timezone.now()) else "live"

    @property
    def state(self):
        """The status as editors think of it: "scheduled" and "live" split "published"."""
        return self.state_for(self.status, self.published_at)

    @property
    def is_public(self):
        return self.state == "live"

    @property
    def is_scheduled(self):
        return self.state == "scheduled"

    def is_editable_by(self, user) -> bool:
        """The one-story form of ArticleQuerySet.editable_by (a query only for reporters)."""
        desks = editions_of(user)
        if desks is not None and self.edition not in desks:
            return False
        if is_editor(user):
            return True
        if self.status not in self.REPORTER_STATUSES or not is_reporter(user):
            return False
        return Article.objects.filter(pk=self.pk).bylined_to(user).exists()

    @property
    def show_updated(self):
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)


class Byline(TypedTextMixin, models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        INTERVIEWER = "interviewer", _("Interviewer")
        PHOTOGRAPHER = "photographer", _("Photographer")
        TRANSLATOR = "translator", _("Translator")
        CONTRIBUTOR = "contributor", _("Contributor")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", verbose_name=_("story")
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("author")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.REPORTER)
    position = models.PositiveIntegerField(help_text=_("Order in the byline."))

    class Meta:
        # The column: ordering by "article" would join the story for its own ordering.
        ordering = ["article_id", "position"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="byline_unique_position"),
            models.UniqueConstraint(
                fields=["article", "author", "role"],
                name="byline_unique_author_role",
                violation_error_message=_("This author already has this role on the story."),
            ),
        ]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()}) on {self.article}"

    def get_absolute_url(self):
        return self.author.get_absolute_url()


class Correction(TypedTextMixin, models.Model):
    """A correction, update or editor's note on a story, shown to readers with its time."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        NOTE = "note", _("Editor's note")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("story")
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind,
        default=Kind.CORRECTION,
        help_text=_(
            "Corrections show at the top of the story; updates and editor's notes "
            "under it. A correction or an update also sets the story's Updated time."
        ),
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            'Plain text, e.g. "An earlier version of this story misstated the '
            "harbour master's name.\""
        ),
    )
    created_at = models.DateTimeField(
        _("time"),
        default=timezone.now,
        help_text=_("When the story was corrected or updated, in the newsroom's time zone."),
    )
    created_by = staff_member_field()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["-created_at", "-id"], name="correction_newest")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="correction_has_text"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"
