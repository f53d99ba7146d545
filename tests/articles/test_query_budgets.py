"""
Every public page has a fixed number of queries, whatever the amount of data.
Each budget says where its number comes from.
"""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_author, make_interview, make_section

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def story(*, turns, authors, tags, section=None):
    article = make_article(
        section=section or make_section(),
        authors=[make_author() for _ in range(authors)],
        tags=[f"topic {n}" for n in range(tags)],
    )
    make_interview(article, turns=turns)
    return article


# article + section + interview (one join), bylines with authors, tags,
# participants, turns, related stories, navigation sections, approved comments
# with their total (one windowed query), the story's surge controls (paused? slow
# mode? comments.surge). Whether the story has corrections is asked in
# the story's own query; one that has some costs one query more, however many
# (tests/articles/test_corrections.py).
STORY_PAGE_QUERIES = 9


def test_story_page_budget_does_not_grow_with_turns_authors_or_tags(client):
    small = story(turns=5, authors=1, tags=1)
    large = story(turns=50, authors=5, tags=10)
    assert count_queries(client, small.get_absolute_url()) == STORY_PAGE_QUERIES
    assert count_queries(client, large.get_absolute_url()) == STORY_PAGE_QUERIES


# A page-cache miss of a story whose page is kept rendered (articles.stories.shell.StoryShell)
# and whose comments are cached: the story's own row (is it public, where does it
# live, are comments open), nothing else. A miss happens for every new address
# variant, after a comment decision (its comments are then one query more), and when
# the page's entry expires.
WARM_STORY_PAGE_QUERIES = 1


def approved_comments(article, count):
    from comments.models import Comment, fingerprint

    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            name=f"Reader {n}",
            email=f"reader{n}@example.org",
            body=f"Comment number {n}, with a link to https://example.org/{n} in it.",
            fingerprint=fingerprint(f"comment {n}"),
            status=Comment.Status.APPROVED,
            sender_hash=f"{n:064d}",
            submitted_at=now - timedelta(minutes=n),
            decided_at=now,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("turns", [5, 50])
@pytest.mark.parametrize("comments", [1, 100])
def test_a_story_page_cache_miss_reads_the_story_row_only(client, forced_misses, turns, comments):
    from newsroom.pagecache import invalidate_site, invalidate_story

    article = story(turns=turns, authors=2, tags=8)
    approved_comments(article, comments)
    url = article.get_absolute_url()
    miss = {"X-Newsroom-Bench": "miss"}

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, headers=miss)
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
        return len(captured)

    assert queries() == STORY_PAGE_QUERIES  # cold: nothing rendered yet
    assert queries() == WARM_STORY_PAGE_QUERIES
    assert queries() == WARM_STORY_PAGE_QUERIES
    invalidate_story(article.pk)  # a comment decision: the comments are read again
    assert queries() == WARM_STORY_PAGE_QUERIES + 1
    assert queries() == WARM_STORY_PAGE_QUERIES
    invalidate_site()  # a publish anywhere: everything is rendered again
    invalidate_story(article.pk)
    assert queries() == STORY_PAGE_QUERIES
    assert queries() == WARM_STORY_PAGE_QUERIES


def stories(count, **fields):
    now = timezone.now()
    authors = [make_author(), make_author()]
    return [
        make_article(published_at=now - timedelta(minutes=n), authors=authors, **fields)
        for n in range(count)
    ]


def listing_url(kind, section, made, *, tag):
    """The section, tag or author page that lists the stories ``made``."""
    if kind == "section":
        return section.get_absolute_url()
    if kind == "tag":
        return f"/en/tag/{tag}/"
    return made[0].bylines.first().author.get_absolute_url()


# Listings: navigation sections, the object the page is about (section, tag or
# author), one page of stories with their sections, their bylines with authors.
LISTING_QUERIES = 4


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_listing_budget_does_not_grow_with_stories(client, kind):
    counts = []
    for count in (3, 30):
        section = make_section()
        made = stories(count, section=section, tags=[f"{kind}-{count}"])
        counts.append(
            count_queries(client, listing_url(kind, section, made, tag=f"{kind}-{count}"))
        )
    assert counts == [LISTING_QUERIES, LISTING_QUERIES]


# A deep page (ListingPaginator.deferred_from rows in, page 1,000 of a big tag) finds
# its ids first, then its stories: one query more, however deep and however many.
DEEP_LISTING_QUERIES = LISTING_QUERIES + 1


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_a_deep_listing_page_shows_the_same_stories_in_a_fixed_budget(
    client, kind, monkeypatch, settings, forced_misses
):
    from newsroom.pagination import ListingPaginator

    miss = {"X-Newsroom-Bench": "miss"}
    per_page = settings.NEWSROOM_PAGE_SIZE
    counts = []
    for count in (3 * per_page, 5 * per_page):
        section = make_section()
        made = stories(count, section=section, tags=[f"{kind}-{count}"])
        url = listing_url(kind, section, made, tag=f"{kind}-{count}") + "?page=2"
        monkeypatch.setattr(ListingPaginator, "deferred_from", None)
        shallow = client.get(url, headers=miss).content
        monkeypatch.setattr(ListingPaginator, "deferred_from", per_page)
        with CaptureQueriesContext(connection) as queries:
            deep = client.get(url, headers=miss).content.decode()
        counts.append(len(queries))
        # The same page either way: stories 13-24 in publish order, with their bylines.
        assert deep == shallow.decode()
        headlines = [story.headline for story in made[per_page : 2 * per_page]]
        assert [deep.index(h) for h in headlines] == sorted(deep.index(h) for h in headlines)
        assert made[per_page - 1].headline not in deep and made[2 * per_page].headline not in deep
    assert counts == [DEEP_LISTING_QUERIES, DEEP_LISTING_QUERIES]


# Front page: navigation sections, lead and latest stories, their bylines,
# newest stories per section (one windowed query), their bylines.
FRONT_PAGE_QUERIES = 5


def test_front_page_budget_does_not_grow_with_stories_or_sections(client):
    stories(3, section=make_section())
    assert count_queries(client, "/en/") == FRONT_PAGE_QUERIES
    for _ in range(5):
        stories(6, section=make_section())
    assert count_queries(client, "/en/") == FRONT_PAGE_QUERIES


# Front page arranged by editors (articles/frontpage): navigation sections, the live
# arrangement's pins with their stories and sections (one join), the newest stories
# for the slots left free, newest stories per section, every card's bylines at once.
ARRANGED_FRONT_PAGE_QUERIES = 5


def test_arranged_front_page_budget_does_not_grow_with_pins_sections_or_stories(client):
    from articles.frontpage import services
    from articles.models import FrontPage, FrontPagePin

    front_page = services.save_front_page(front_page=FrontPage(name="Today", is_live=True))

    def pin(slot, article, position=1, **fields):
        FrontPagePin.objects.create(
            front_page=front_page, slot=slot, article=article, position=position, **fields
        )

    first = stories(6, section=make_section())
    pin("lead", first[-1])
    pin("section", first[0], section=first[0].section)
    assert count_queries(client, "/en/") == ARRANGED_FRONT_PAGE_QUERIES
    for _ in range(5):
        made = stories(6, section=make_section())
        pin("top", made[-1], position=len(made) - 2)
        pin("section", made[-2], position=2, section=made[-2].section)
        pin("lead", made[0], starts_at=timezone.now() + timedelta(hours=1))
    assert count_queries(client, "/en/") == ARRANGED_FRONT_PAGE_QUERIES


# Search: navigation sections, the authors offered as a filter, one page of
# results (ranked, with their sections and snippets), their bylines with authors.
SEARCH_PAGE_QUERIES = 4


@pytest.mark.parametrize("filtered", [False, True], ids=["query", "query-and-filters"])
def test_search_budget_does_not_grow_with_matching_stories(client, filtered):
    from articles.discovery.search import reindex_article

    counts = []
    for count in (3, 30):
        section = make_section()
        for article in stories(count, section=section, tags=[f"topic-{count}"]):
            article.headline = f"Regatta number {count} report {article.pk}"
            article.save()
            make_interview(article, turns=3)
            reindex_article(article)
        query = {"q": f"regatta {count}"}
        if filtered:
            since = (timezone.localdate() - timedelta(days=1)).isoformat()
            query |= {"section": section.slug, "tag": f"topic-{count}", "since": since}
        response_count = count_queries(client, "/en/search/?" + urlencode(query))
        counts.append(response_count)
        assert f"Regatta number {count} report" in client.get("/en/search/", query).content.decode()
    assert counts == [SEARCH_PAGE_QUERIES, SEARCH_PAGE_QUERIES]


# Feeds: the stories, their bylines with authors, their tags (plus the section,
# tag or author a narrow feed is about).
FEED_QUERIES = {"/en/feed/": 3, "/en/feed/atom/": 3, "/en/section/{section}/feed/": 4}


@pytest.mark.parametrize("url", FEED_QUERIES)
def test_feed_budget_does_not_grow_with_stories(client, url):
    for count in (3, 30):
        section = make_section()
        stories(count, section=section, tags=["one", "two"])
        assert count_queries(client, url.format(section=section.slug)) == FEED_QUERIES[url]


# Hero images travel in feeds and the stories sitemap from the story rows already read:
# the same budgets with an image on every story. The stories sitemap: the count of its
# pages (Django's paginator), then the page of stories.
STORY_SITEMAP_QUERIES = 2


def stories_with_hero_images(count):
    from tests.factories import image_upload

    section = make_section()
    for n in range(count):
        make_article(section=section, hero_image=image_upload(f"hero-{n}.jpg"), hero_alt="A quay")
    return section


@pytest.mark.parametrize(
    ("url", "budget"), [*FEED_QUERIES.items(), ("/en/sitemap-stories.xml", STORY_SITEMAP_QUERIES)]
)
def test_hero_images_cost_feeds_and_sitemaps_no_query(client, url, budget):
    for count in (2, 8):
        section = stories_with_hero_images(count)
        page = url.format(section=section.slug)
        assert count_queries(client, page) == budget
    assert client.get(page).content.count(b"/media/heroes/") >= 8


# A model's default ordering names a parent's column, not the parent: ordering by a
# foreign key orders by the parent's own ordering, which joins the parent's table into
# every query of the model (bylines, turns, participants... each prefetch sorted by the
# story's publication time). The one kept does so on purpose.
ORDERED_BY_A_PARENT_ON_PURPOSE = {
    # The admin lists a front page's section blocks in the sections' own order.
    ("articles.FrontPagePin", "section"),
}


def test_no_default_ordering_joins_a_parent():
    from django.apps import apps

    joining = []
    for label in ("articles", "comments", "api"):
        if not apps.is_installed(label):
            continue
        for model in apps.get_app_config(label).get_models():
            for entry in model._meta.ordering:
                name = entry.lstrip("-") if isinstance(entry, str) else ""
                try:
                    field = model._meta.get_field(name)
                except Exception:  # an expression, a lookup path ("article__published_at")
                    continue
                key = (model._meta.label, name)
                by_parent = field.is_relation and field.concrete and name == field.name
                if by_parent and key not in ORDERED_BY_A_PARENT_ON_PURPOSE:
                    joining.append(f"{key[0]}.Meta.ordering: {name!r} (write {field.attname!r})")
    assert joining == [], joining
