"""
The front page readers see: the live arrangement's pins in force, the newest
stories in the other slots, each story once (templates/articles/front_page.html).
"""

from django.db import connection
from django.db.models import Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.views.generic import TemplateView

from newsroom.pagecache import page_changes_at

from ..stories.context_processors import nav_sections
from ..stories.models import Article, Section
from ..stories.views import CARD_DEFERRED
from .selection import (
    SECTION_STORIES,
    TOP_STORIES,
    bylines_prefetch,
    fill,
    pins_of,
    place_pins,
)


class FrontPageView(TemplateView):
    """
    templates/articles/front_page.html

    Context: ``lead`` (Article or None), ``latest`` (the next stories),
    ``section_blocks`` (list of (Section, [Article]) for sections with stories).

    When editors have arranged the page (articles/frontpage), the pins in force take
    their slots, the newest stories fill the others, and no story is shown twice; the
    page then changes by itself when a pin starts or ends (page_changes_at). With no
    arrangement, the newest stories: the lead, the latest, then each section's.
    ``front_page`` and ``now`` show another arrangement at another moment (the preview).
    """

    template_name = "articles/front_page.html"
    latest_count = TOP_STORIES
    per_section = SECTION_STORIES
    front_page = None
    now = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.front_page is None:
            sections = nav_sections(self.request)
        else:  # a preview, from the admin: the arrangement's own edition
            sections = list(Section.objects.filter(edition=self.edition_code))
        pins = list(pins_of(self.front_page, edition=self.edition_code))
        if pins:
            context.update(self.arranged(pins, sections))
        else:
            top = list(self.listing()[: self.latest_count + 1])
            context["lead"] = top[0] if top else None
            context["latest"] = top[1:]
            context["section_blocks"] = self.blocks(sections, self.section_stories(sections))
        stories = [context["lead"], *context["latest"]]
        stories += [story for _, block in context["section_blocks"] for story in block]
        # One query for the bylines of every card, pinned or not.
        prefetch_related_objects([story for story in stories if story], bylines_prefetch())
        return context

    def arranged(self, pins, sections):
        placed = place_pins(pins, sections=sections, now=self.now or timezone.now())
        if placed.changes_at is not None and self.now is None:
            page_changes_at(self.request, placed.changes_at)
        pinned = {story.pk for story in placed.stories}
        wanted = (placed.lead is None) + self.latest_count - len(placed.top)
        newest = iter(self.listing().exclude(pk__in=pinned)[:wanted] if wanted else [])
        lead = placed.lead or next(newest, None)
        latest = fill(placed.top, newest, self.latest_count)
        shown = pinned | {story.pk for story in latest} | ({lead.pk} if lead else set())
        by_section = {}
        for article in self.section_stories(sections, exclude=shown):
            by_section.setdefault(article.section_id, []).append(article)
        blocks = {
            section.pk: fill(
                placed.sections.get(section.pk, {}),
                iter(by_section.get(section.pk, [])),
                self.per_section,
            )
            for section in sections
        }
        return {
            "lead": lead,
            "latest": latest,
            "section_blocks": [
                (section, blocks[section.pk]) for section in sections if blocks[section.pk]
            ],
        }

    @staticmethod
    def blocks(sections, stories):
        by_section = {}
        for article in stories:
            by_section.setdefault(article.section_id, []).append(article)
        return [
            (section, by_section[section.pk]) for section in sections if section.pk in by_section
        ]

    @property
    def edition_code(self):
        if self.front_page is not None:
            return self.front_page.edition
        return self.request.edition.code

    def listing(self):
        """
        The edition's published stories as cards show them; bylines come later, for all
        cards at once.
        """
        listing = Article.objects.for_listing().defer(*CARD_DEFERRED).prefetch_related(None)
        return listing.filter(edition=self.edition_code)

    def section_stories(self, sections, exclude=()):
        """
        Each section's newest stories (but those in ``exclude``): one query, however
        many sections there are.
        """
        listing = self.listing()
        if sections and connection.features.supports_slicing_ordering_in_compound:
            # PostgreSQL: a few rows per section straight from the publish-time index
            # (UNION ALL of one LIMIT per section), however large the archive; the
            # window below sorts every published story (300 ms at 100,000 stories).
            newest = [
                Article.objects.published()
                .filter(section=section, edition=self.edition_code)
                .exclude(pk__in=exclude)
                .order_by("-published_at", "-pk")
                .values("pk")[: self.per_section]
                for section in sections
            ]
            return listing.filter(pk__in=newest[0].union(*newest[1:], all=True))
        return (
            listing.exclude(pk__in=exclude)
            .annotate(
                section_rank=Window(
                    RowNumber(), partition_by="section", order_by=["-published_at", "-pk"]
                )
            )
            .filter(section_rank__lte=self.per_section)
        )
