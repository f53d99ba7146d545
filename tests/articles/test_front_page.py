"""
The front page is the editors', not the clock's: an arrangement (articles/frontpage)
pins stories to the lead, the top stories and the section blocks, each pin from a
time and until a time; slots left free, or whose story readers cannot see, show the
newest stories; no story is shown twice.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.editorial.revisions import local_label
from articles.frontpage import services
from articles.models import Article, FrontPage, FrontPagePin
from tests.factories import (
    HIDDEN_FROM_READERS,
    image_upload,
    logged_in,
    make_article,
    make_section,
    make_staff,
    rows,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/frontpage/add/"


def change_url(front_page):
    return f"/admin/articles/frontpage/{front_page.pk}/change/"


def preview_url(front_page):
    return f"/admin/articles/frontpage/{front_page.pk}/preview/"


@pytest.fixture
def news():
    return make_section(name="News", slug="news", position=1)


@pytest.fixture
def culture():
    return make_section(name="Culture", slug="culture", position=2)


def story(headline, section, *, hours_ago=1, **fields):
    return make_article(
        headline=headline,
        section=section,
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **fields,
    )


def arrangement(*pins, live=True, name="Today"):
    """An arrangement with ``pins``: (slot, story) or (slot, story, {field: value})."""
    front_page = services.save_front_page(front_page=FrontPage(name=name, is_live=live))
    for pin in pins:
        slot, article, fields = (*pin, {})[:3]
        fields.setdefault("position", 1)
        if slot == "section":
            fields.setdefault("section", article.section)
        FrontPagePin.objects.create(front_page=front_page, slot=slot, article=article, **fields)
    return front_page


def lead_of(html):
    """The headline of the lead story."""
    lead = html[html.index('class="front-lead"') :]
    return re.search(r'class="card__headline"><a [^>]*>([^<]+)</a>', lead).group(1)


def latest_of(html):
    part = html[html.index('class="front-latest"') :]
    part = part[: part.index("</section>")]
    return re.findall(r'class="card__headline"><a [^>]*>([^<]+)</a>', part)


def block_of(html, section):
    part = html[html.index(f'id="section-{section.slug}"') :]
    part = part[: part.index("</section>")]
    return re.findall(r'class="card__headline"><a [^>]*>([^<]+)</a>', part)


def headlines(html):
    return re.findall(r'class="card__headline"><a [^>]*>([^<]+)</a>', html)


def front(client):
    response = client.get("/en/")
    assert response.status_code == 200
    return response.content.decode()


def travel(monkeypatch, moment):
    """The clock and the cache's clock at ``moment``."""
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", moment.timestamp)
    monkeypatch.setattr("newsroom.pagecache.pages.time.time", moment.timestamp)


# Readers ------------------------------------------------------------------------------


def test_with_no_arrangement_the_newest_story_leads(client, news):
    story("Older story", news, hours_ago=3)
    story("Newest story", news)
    html = front(client)
    assert lead_of(html) == "Newest story"
    assert latest_of(html) == ["Older story"]


def test_a_draft_arrangement_changes_nothing_readers_see(client, news):
    old = story("Council archive feature", news, hours_ago=30)
    story("Newest story", news)
    arrangement(("lead", old), live=False)
    assert lead_of(front(client)) == "Newest story"


def test_the_pinned_lead_leads_and_is_shown_once(client, news, culture):
    pinned = story("Harbour strike ends after 40 days", news, hours_ago=20)
    newest = story("Short item", culture)
    for n in range(12):
        story(f"News story {n}", news, hours_ago=2 + n)
    arrangement(("lead", pinned))
    html = front(client)
    assert lead_of(html) == "Harbour strike ends after 40 days"
    assert latest_of(html)[0] == newest.headline
    assert headlines(html).count("Harbour strike ends after 40 days") == 1
    assert "Harbour strike ends after 40 days" not in block_of(html, news)


def test_no_story_is_shown_twice(client, news, culture):
    stories = [story(f"News story {n}", news, hours_ago=n + 1) for n in range(12)]
    culture_story = story("Gallery reopens", culture, hours_ago=30)
    arrangement(
        ("lead", stories[5]),
        ("top", stories[5], {"position": 2}),  # pinned twice: shown once, as the lead
        ("top", culture_story, {"position": 1}),
        ("section", stories[0], {"position": 1}),
    )
    html = front(client)
    shown = headlines(html)
    assert len(shown) == len(set(shown))
    assert lead_of(html) == "News story 5"
    assert latest_of(html)[0] == "Gallery reopens"
    # The newest story is pinned to its section block: it heads it, and is nowhere else.
    assert block_of(html, news)[0] == "News story 0"
    assert "News story 0" not in latest_of(html)


def test_pins_take_their_positions_and_the_newest_fill_the_rest(client, news):
    stories = [story(f"News story {n}", news, hours_ago=n + 1) for n in range(12)]
    arrangement(("top", stories[11], {"position": 3}))
    html = front(client)
    assert lead_of(html) == "News story 0"
    assert latest_of(html)[:4] == ["News story 1", "News story 2", "News story 11", "News story 3"]


@pytest.mark.parametrize("hidden", list(HIDDEN_FROM_READERS))
def test_a_slot_whose_story_readers_cannot_see_shows_the_newest(client, news, hidden):
    pinned = make_article(headline="Pinned but hidden", section=news, **HIDDEN_FROM_READERS[hidden])
    story("Newest story", news)
    arrangement(("lead", pinned))
    html = front(client)
    assert lead_of(html) == "Newest story"
    assert "Pinned but hidden" not in html


def test_a_withdrawn_story_leaves_the_lead_at_once(client, news):
    from articles.editorial import workflow

    pinned = story("Story to withdraw", news, hours_ago=5)
    story("Newest story", news)
    arrangement(("lead", pinned))
    assert lead_of(front(client)) == "Story to withdraw"
    workflow.unpublish_article(article=pinned)
    html = front(client)
    assert lead_of(html) == "Newest story"
    assert "Story to withdraw" not in html


def test_a_scheduled_lead_takes_the_page_at_its_time(client, news, monkeypatch):
    story("Morning lead", news, hours_ago=3)
    evening = story("ئەنجومەنی شار بودجەی نوێ پەسەند دەکات", news, hours_ago=6)
    at = timezone.now() + timedelta(minutes=30)
    arrangement(("lead", evening, {"starts_at": at}))
    first = client.get("/en/")
    assert lead_of(first.content.decode()) == "Morning lead"
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    # No write at that time: the cached front page expires when the pin starts.
    travel(monkeypatch, at + timedelta(seconds=2))
    html = front(client)
    assert lead_of(html) == "ئەنجومەنی شار بودجەی نوێ پەسەند دەکات"
    assert headlines(html).count("ئەنجومەنی شار بودجەی نوێ پەسەند دەکات") == 1


def test_a_pin_ends_at_its_end_time(client, news, monkeypatch):
    story("Newest story", news)
    pinned = story("مجلس المدينة يقر الميزانية", news, hours_ago=8)
    until = timezone.now() + timedelta(minutes=10)
    arrangement(("lead", pinned, {"ends_at": until}))
    assert lead_of(front(client)) == "مجلس المدينة يقر الميزانية"
    travel(monkeypatch, until + timedelta(seconds=1))
    assert lead_of(front(client)) == "Newest story"


def test_the_latest_starting_pin_of_a_slot_wins(client, news):
    first = story("First lead", news, hours_ago=4)
    second = story("Second lead", news, hours_ago=5)
    story("Newest story", news)
    arrangement(
        ("lead", first),
        ("lead", second, {"starts_at": timezone.now() - timedelta(minutes=5)}),
    )
    html = front(client)
    assert lead_of(html) == "Second lead"
    assert "First lead" in latest_of(html)  # no longer pinned: back among the newest


def test_a_lead_without_a_photo_is_set_in_type(client, news):
    story("One-line story", news)
    html = front(client)
    lead = html[html.index('class="front-lead"') : html.index("</section>")]
    assert "card--lead-text" in lead and "card__image" not in lead
    assert "front-top--text-lead" in html


def test_a_lead_with_a_photo_shows_it(client, news):
    story("Photo story", news, hero_image=image_upload(), hero_alt="A ferry")
    html = front(client)
    lead = html[html.index('class="front-lead"') : html.index("</section>")]
    assert 'class="card card--lead"' in lead and "card__image" in lead
    assert "front-top--text-lead" not in html


def test_saving_the_live_arrangement_refreshes_the_front_page(client, news):
    story("Newest story", news)
    pinned = story("Pinned later", news, hours_ago=9)
    front_page = arrangement()
    front(client)
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    FrontPagePin.objects.create(front_page=front_page, slot="lead", article=pinned)
    assert lead_of(front(client)) == "Pinned later"


def test_saving_the_live_arrangement_leaves_every_other_cached_page_alone(client, news):
    first = story("Newest story", news)
    pinned = story("Pinned later", news, hours_ago=9)
    front_page = arrangement()
    pages = [first.get_absolute_url(), news.get_absolute_url(), "/en/corrections/"]
    for address in pages:
        client.get(address)
    FrontPagePin.objects.create(front_page=front_page, slot="lead", article=pinned)
    assert lead_of(front(client)) == "Pinned later"
    assert [client.get(address)["X-Page-Cache"] for address in pages] == ["hit"] * 3


def test_saving_a_draft_arrangement_keeps_the_cached_front_page(client, news):
    story("Newest story", news)
    other = story("Another story", news, hours_ago=5)
    front_page = arrangement(live=False)
    front(client)
    FrontPagePin.objects.create(front_page=front_page, slot="lead", article=other)
    services.save_front_page(front_page=front_page)
    assert client.get("/en/")["X-Page-Cache"] == "hit"


# Editors ------------------------------------------------------------------------------


def local_input(moment):
    """A time as the pin form's inputs take it (datetime-local, the newsroom's zone)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def pin_rows(pins=(), initial=()):
    data = []
    for pin in initial:
        data.append(
            {
                "id": str(pin.pk),
                "front_page": str(pin.front_page_id),
                "slot": pin.slot,
                "section": str(pin.section_id or ""),
                "position": str(pin.position),
                "article": str(pin.article_id),
                "starts_at": local_input(pin.starts_at),
                "ends_at": "",
            }
        )
    for slot, article, *rest in pins:
        fields = rest[0] if rest else {}
        data.append(
            {
                "slot": slot,
                "section": str(fields["section"].pk) if fields.get("section") else "",
                "position": str(fields.get("position", 1)),
                "article": str(article.pk),
                "starts_at": local_input(fields.get("starts_at")),
                "ends_at": "",
            }
        )
    return rows("pins", data, initial=len(initial))


def form_data(name="Today", live=True, **extra):
    return {"edition": "en", "name": name, **({"is_live": "on"} if live else {}), **extra}


def test_an_editor_arranges_the_front_page_in_the_admin(editor_client, client, news):
    pinned = story("Lighthouse keeper retires", news, hours_ago=30)
    story("Newest story", news)
    response = editor_client.post(ADD_URL, form_data() | pin_rows([("lead", pinned)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert lead_of(front(client)) == "Lighthouse keeper retires"


def test_the_preview_shows_a_draft_arrangement_and_is_never_cached(editor_client, client, news):
    pinned = story("Lighthouse keeper retires", news, hours_ago=30)
    story("Newest story", news)
    draft = arrangement(("lead", pinned), live=False, name="Weekend")
    response = editor_client.get(preview_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert lead_of(html) == "Lighthouse keeper retires"
    assert "PREVIEW" in html and "Readers do not see this arrangement." in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert lead_of(front(client)) == "Newest story"


def test_the_preview_shows_the_page_at_a_later_time(editor_client, news):
    story("Newest story", news)
    later = story("Evening lead", news, hours_ago=4)
    at = timezone.localtime() + timedelta(hours=2)
    draft = arrangement(("lead", later, {"starts_at": at}), live=False)
    assert lead_of(editor_client.get(preview_url(draft)).content.decode()) == "Newest story"
    response = editor_client.get(
        preview_url(draft), {"at": (at + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")}
    )
    assert lead_of(response.content.decode()) == "Evening lead"


def test_editors_find_the_arrangements_in_the_admin(editor_client, news):
    arrangement(("lead", story("Any story", news)), name="Election night")
    response = editor_client.get("/admin/articles/frontpage/")
    assert response.status_code == 200
    assert "Election night" in response.content.decode()
    assert editor_client.get(ADD_URL).status_code == 200


def test_reporters_may_not_arrange_the_front_page(reporter_client, news):
    draft = arrangement(("lead", story("Any story", news)), live=False)
    for url in ["/admin/articles/frontpage/", ADD_URL, change_url(draft), preview_url(draft)]:
        assert reporter_client.get(url).status_code == 403, url
    response = reporter_client.post(ADD_URL, form_data() | pin_rows())
    assert response.status_code == 403
    assert FrontPage.objects.count() == 1


def test_readers_are_sent_to_sign_in_for_the_preview(client, news):
    draft = arrangement(live=False)
    response = client.get(preview_url(draft))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_each_save_is_a_revision_with_who_and_when(editor_client, editor, news):
    pinned = story("Lighthouse keeper retires", news, hours_ago=30)
    editor_client.post(ADD_URL, form_data() | pin_rows([("lead", pinned)]))
    front_page = FrontPage.objects.get()
    versions = Version.objects.get_for_object(front_page)
    assert versions.count() == 1
    revision = versions.first().revision
    assert revision.user == editor
    pin_versions = revision.version_set.filter(object_repr__contains="Lighthouse")
    assert pin_versions.count() == 1
    history = editor_client.get(f"/admin/articles/frontpage/{front_page.pk}/history/")
    assert history.status_code == 200
    assert "editor" in history.content.decode()


def test_making_an_arrangement_live_takes_the_page_from_the_other(client, news):
    story("Newest story", news)
    first = arrangement(("lead", story("First arrangement lead", news, hours_ago=5)))
    second = arrangement(("lead", story("Second arrangement lead", news, hours_ago=6)), live=False)
    assert lead_of(front(client)) == "First arrangement lead"
    services.make_live(front_page=second)
    first.refresh_from_db()
    assert not first.is_live
    assert lead_of(front(client)) == "Second arrangement lead"


def opened(client, front_page):
    page = client.get(change_url(front_page)).content.decode()
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_the_second_editor_save_is_refused_naming_the_first(client, news):
    ana = logged_in(make_staff("ana", group="Editor"))
    ben = logged_in(make_staff("ben", group="Editor"))
    first, second = (
        story("The lead Ana chose", news, hours_ago=3),
        story("The lead Ben chose", news, hours_ago=4),
    )
    front_page = arrangement()
    ana_version, ben_version = opened(ana, front_page), opened(ben, front_page)

    response = ana.post(
        change_url(front_page),
        form_data(version=ana_version) | pin_rows([("lead", first)]),
    )
    assert response.status_code == 302

    ben_data = form_data(name="Ben's evening page", version=ben_version) | pin_rows(
        [("lead", second)]
    )
    response = ben.post(change_url(front_page), ben_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ana saved this front page while you were editing it" in html
    assert "Save anyway" in html
    assert 'value="Ben&#x27;s evening page"' in html  # what Ben typed is still there
    assert f'<option value="{second.pk}" selected' in html
    assert lead_of(front(client)) == "The lead Ana chose"  # nothing of Ben's was saved

    response = ben.post(change_url(front_page), ben_data | {"overwrite": "on"})
    assert response.status_code == 302
    front_page.refresh_from_db()
    assert front_page.name == "Ben's evening page"
    assert front_page.modified_by.username == "ben"


def test_the_demo_arranges_the_front_page_once(
    client, settings, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    settings.NEWSROOM_IMAGE_WIDTHS = (480,)
    settings.NEWSROOM_PORTRAIT_SIZES = (120,)

    def load():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", force=True, stdout=io.StringIO(), verbosity=0)
        return list(FrontPagePin.objects.values_list("front_page", "slot", "position", "article"))

    first = load()
    assert load() == first
    assert FrontPage.objects.filter(is_live=True).count() == 1
    html = front(client)
    solberg = Article.objects.get(slug="interview-ingrid-solberg-harbour-master")
    lead = html[html.index('class="front-lead"') : html.index('class="front-latest"')]
    assert solberg.get_absolute_url() in lead
    assert len(headlines(html)) == len(set(headlines(html)))


def test_an_earlier_arrangement_can_be_restored_from_its_history(editor_client, client, news):
    first, second = story("First lead", news, hours_ago=3), story("Second lead", news, hours_ago=4)
    story("Newest story", news)
    editor_client.post(ADD_URL, form_data() | pin_rows([("lead", first)]))
    front_page = FrontPage.objects.get()
    pin = front_page.pins.get()
    version = opened(editor_client, front_page)
    data = form_data(version=version) | pin_rows(initial=[pin])
    data["pins-0-article"] = str(second.pk)
    assert editor_client.post(change_url(front_page), data).status_code == 302
    assert lead_of(front(client)) == "Second lead"

    oldest = Version.objects.get_for_object(front_page).order_by("pk").first()
    url = f"/admin/articles/frontpage/{front_page.pk}/history/{oldest.pk}/"
    page = editor_client.get(url)
    assert page.status_code == 200
    assert f'<option value="{first.pk}" selected' in page.content.decode()
    restored = form_data() | pin_rows(initial=[pin])
    restored["pins-0-article"] = str(first.pk)
    assert editor_client.post(url, restored).status_code == 302
    assert lead_of(front(client)) == "First lead"


def test_the_admin_says_whether_each_pin_is_on_the_page_now(editor_client, news):
    at = timezone.now() + timedelta(hours=3)
    front_page = arrangement(
        ("lead", story("Live lead", news)),
        ("lead", story("Evening lead", news, hours_ago=2), {"starts_at": at}),
        ("top", make_article(headline="A draft", section=news, published=False)),
    )
    html = editor_client.get(change_url(front_page)).content.decode()
    assert "Yes" in html
    assert f"From {local_label(at)}" in html
    assert "No: readers cannot see the story (draft)" in html


def test_an_editor_makes_a_draft_arrangement_live_from_the_list(editor_client, client, news):
    story("Newest story", news)
    draft = arrangement(("lead", story("Weekend lead", news, hours_ago=7)), live=False)
    assert lead_of(front(client)) == "Newest story"
    response = editor_client.post(
        "/admin/articles/frontpage/", {"action": "make_live", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    assert lead_of(front(client)) == "Weekend lead"
    revision = Version.objects.get_for_object(draft).get().revision
    assert revision.user.username == "editor"


def test_deleting_the_live_arrangement_gives_the_page_back_to_the_clock(client, news):
    story("Newest story", news)
    front_page = arrangement(("lead", story("Pinned lead", news, hours_ago=7)))
    assert lead_of(front(client)) == "Pinned lead"
    front_page.delete()
    assert lead_of(front(client)) == "Newest story"
