"""
Search runs on the database's own full-text engine (PostgreSQL tsvector, SQLite
FTS5); these tests pass on both, and say so where an engine is named.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.discovery import search
from articles.models import Article, Turn
from tests.factories import (
    HIDDEN_FROM_READERS,
    article_form,
    make_article,
    make_author,
    make_interview,
    make_section,
    management,
    rows,
)

pytestmark = pytest.mark.django_db

PHRASE = "salt marsh restoration"


def indexed(article):
    search.reindex_article(article)
    return article


def headlines(query, **filters):
    return [article.headline for article in search.search_articles(query, **filters)]


def set_turn(interview, position, text):
    Turn.objects.filter(interview=interview, position=position).update(text=text)


@pytest.fixture
def marsh():
    """An interview with the phrase in its transcript only, and stories with one word each."""
    interview_story = make_article(
        headline="Talking to the harbour master",
        dek="A long conversation about the coming winter.",
        body="The harbour master has run the port for eight years.",
    )
    interview = make_interview(interview_story, turns=4)
    set_turn(interview, 2, f"What we need most is {PHRASE} along the north shore.")
    one_word = [
        # "salt" in the headline: the strongest weight, but one word of three.
        make_article(headline="Salt prices climb at the market", body="Fishermen pay more."),
        make_article(headline="Birds return", dek="The marsh is full of geese again."),
        make_article(headline="Church reopens", body="The restoration took two years."),
    ]
    for article in [interview_story, *one_word]:
        indexed(article)
    return interview_story, one_word


def test_engine_is_the_databases_own():
    assert search.engine() == connection.vendor


def test_a_phrase_only_in_a_transcript_finds_the_interview_first(marsh):
    interview_story, one_word = marsh
    for query in (PHRASE, f'"{PHRASE}"', "Salt Marsh RESTORATION!"):
        found = headlines(query)
        assert found[0] == interview_story.headline, query
        # Stories that only mention one of the words are never ranked above it.
        for story in one_word:
            assert story.headline not in found[:1]
    # Each word alone still finds its own story (and the interview).
    assert set(headlines("salt")) == {interview_story.headline, one_word[0].headline}
    assert set(headlines("marsh")) == {interview_story.headline, one_word[1].headline}


def test_the_phrase_is_highlighted_in_the_interviews_snippet(client, marsh):
    html = client.get("/en/search/", {"q": f'"{PHRASE}"'}).content.decode()
    assert "Talking to the harbour master" in html
    snippet = html.split('class="search-result__snippet">', 1)[1].split("</p>", 1)[0]
    # FTS5 marks the phrase, ts_headline each of its words.
    assert "<mark>" in snippet
    assert PHRASE in snippet.replace("<mark>", "").replace("</mark>", "")


def test_a_headline_match_ranks_above_a_body_match():
    body_only = indexed(
        make_article(
            headline="Council meeting runs late",
            body="Among other things, the lighthouse was mentioned once.",
            published_at=timezone.now() - timedelta(minutes=5),
        )
    )
    in_headline = indexed(
        make_article(
            headline="Lighthouse keeper retires",
            published_at=timezone.now() - timedelta(days=3),
        )
    )
    assert headlines("lighthouse") == [in_headline.headline, body_only.headline]


def test_stemming_finds_other_forms_of_a_word():
    # Not a substring search: words are stemmed on both sides.
    story = indexed(make_article(headline="Storms close the harbours"))
    assert headlines("harbour") == [story.headline]
    assert headlines("storm") == [story.headline]
    assert headlines("closing") == [story.headline]
    assert headlines("harb") == []


def test_web_search_syntax_quotes_minus_and_or():
    both = indexed(make_article(headline="Ferry and bridge plans", body="The ferry is slow."))
    ferry = indexed(make_article(headline="Ferry timetable changes", body="Boats only."))
    bridge = indexed(make_article(headline="Bridge repairs begin", body="Cars only."))
    indexed(make_article(headline="Bridge the ferry gap", body="A ferry to the bridge."))

    assert set(headlines("ferry -bridge")) == {ferry.headline}
    assert set(headlines("ferry bridge")) == {both.headline, "Bridge the ferry gap"}
    assert set(headlines('"ferry and bridge"')) == {both.headline}
    assert set(headlines("timetable or repairs")) == {ferry.headline, bridge.headline}
    assert set(headlines('-"ferry and bridge" bridge')) == {bridge.headline, "Bridge the ferry gap"}


@pytest.mark.parametrize("state", HIDDEN_FROM_READERS.values(), ids=list(HIDDEN_FROM_READERS))
def test_stories_readers_cannot_see_are_never_found(client, state):
    hidden = indexed(make_article(headline="Secret lighthouse merger", **state))
    public = indexed(make_article(headline="Public lighthouse open day"))
    assert headlines("lighthouse") == [public.headline]
    html = client.get("/en/search/", {"q": "lighthouse merger"}).content.decode()
    assert hidden.headline not in html
    assert "No stories match" in html


def test_a_scheduled_story_is_found_once_its_time_comes(monkeypatch):
    story = indexed(
        make_article(
            headline="Budget vote tonight", published_at=timezone.now() + timedelta(hours=2)
        )
    )
    assert headlines("budget vote") == []
    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert headlines("budget vote") == [story.headline]


def test_filters_by_section_author_tag_and_dates():
    news, culture = make_section(slug="news"), make_section(slug="culture")
    ines, tomas = make_author(slug="ines"), make_author(slug="tomas")
    now = timezone.now()
    old = indexed(
        make_article(
            headline="Old regatta report",
            section=news,
            authors=[ines],
            tags=["Sailing"],
            published_at=now - timedelta(days=40),
        )
    )
    new = indexed(
        make_article(
            headline="New regatta report",
            section=culture,
            authors=[tomas, ines],
            tags=["Sailing", "Port Elin"],
            published_at=now - timedelta(days=1),
        )
    )
    assert headlines("regatta", section="news") == [old.headline]
    assert headlines("regatta", author="tomas") == [new.headline]
    # Two bylines of the same author would not list a story twice.
    assert headlines("regatta", author="ines") == [new.headline, old.headline]
    assert headlines("regatta", tag="port-elin") == [new.headline]
    today = timezone.localdate()
    assert headlines("regatta", since=today - timedelta(days=7)) == [new.headline]
    assert headlines("regatta", until=today - timedelta(days=7)) == [old.headline]
    assert headlines("regatta", since=today, until=today) == []


def test_the_search_page_applies_filters_from_the_form(client):
    news = make_section(name="News", slug="news")
    author = make_author(name="Ines Carvalho", slug="ines")
    indexed(make_article(headline="Regatta in the news", section=news, authors=[author]))
    indexed(make_article(headline="Regatta elsewhere", tags=["Port Elin"]))
    html = client.get("/en/search/", {"q": "regatta", "section": "news"}).content.decode()
    assert "Regatta in the news" in html and "Regatta elsewhere" not in html
    html = client.get("/en/search/", {"q": "regatta", "tag": "Port Elin"}).content.decode()
    assert "Regatta elsewhere" in html and "Regatta in the news" not in html
    html = client.get("/en/search/", {"q": "regatta", "author": "ines"}).content.decode()
    assert "Regatta in the news" in html and "Regatta elsewhere" not in html
    # Only authors with a public story are offered.
    assert '<option value="ines" selected>Ines Carvalho</option>' in html
    response = client.get(
        "/en/search/", {"q": "regatta", "since": "2026-05-02", "until": "2026-05-01"}
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or a phrase"),
        ("   ", "Type a word or a phrase"),
        ("a", "at least two letters"),
        ("x y", "at least two letters"),
        ("!!!", "punctuation alone finds nothing"),
        ('"', "punctuation alone finds nothing"),
        ("( ) * : ^ NEAR", "No stories match"),
        ("-harbour", "a minus sign only leaves words out"),
        ("or", "punctuation alone finds nothing"),
        ("zxqvwpt", "No stories match"),
        ("headline:harbour", "No stories match"),
        ("harbour*", "Harbour news"),
        ("ü" * 3, "No stories match"),
        ("x" * 300, "200 characters"),
    ],
)
def test_queries_that_find_nothing_are_answered_clearly(client, query, message):
    indexed(make_article(headline="Harbour news"))
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Harbour news" not in html or "harbour" in query


def test_the_search_page_without_parameters_invites_a_search(client):
    response = client.get("/en/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Type a word or a phrase to search" in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_snippets_are_escaped_and_only_mark_comes_through(client):
    story = make_article(headline="Lighthouse report", dek="")
    interview = make_interview(story, turns=2)
    set_turn(interview, 2, 'The <b>lighthouse</b> & its "keeper" <script>alert(1)</script>')
    indexed(story)
    html = client.get("/en/search/", {"q": "keeper"}).content.decode()
    snippet = html.split('class="search-result__snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>keeper</mark>" in snippet and "&amp;" in snippet
    # Tags in the text come out as text (FTS5) or not at all (ts_headline drops them).
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<script>" not in html


def test_highlight_escapes_everything_but_its_own_marks():
    raw = f"a <i>b</i> {search.START}c&d{search.STOP} {search.START}unclosed"
    assert (
        search.highlight(raw) == "a &lt;i&gt;b&lt;/i&gt; <mark>c&amp;d</mark> <mark>unclosed</mark>"
    )


def test_results_are_paginated_and_keep_the_query(client, settings):
    for hours in range(1, 16):
        indexed(
            make_article(
                headline=f"Regatta day {hours:02d}",
                published_at=timezone.now() - timedelta(hours=hours),
            )
        )
    first = client.get("/en/search/", {"q": "regatta"}).content.decode()
    assert first.count('class="search-result"') == settings.NEWSROOM_PAGE_SIZE
    assert 'rel="next" href="?q=regatta&amp;page=2"' in first
    second = client.get("/en/search/", {"q": "regatta", "page": "2"}).content.decode()
    assert second.count('class="search-result"') == 15 - settings.NEWSROOM_PAGE_SIZE
    assert 'rel="prev" href="?q=regatta&amp;page=1"' in second
    assert client.get("/en/search/", {"q": "regatta", "page": "3"}).status_code == 404


def test_editing_in_the_admin_keeps_the_index_current(editor_client):
    """Story saved, then its interview's turns: both reach the index through save_related."""
    editor = editor_client
    section = make_section()
    data = article_form(section, status="published", new_tags="")
    data |= management("bylines", 0)
    data |= rows("interview", [{"intro": "What follows is a transcript."}])
    assert editor.post("/admin/articles/article/add/", data).status_code == 302
    article = Article.objects.get()
    assert headlines("lighthouse") == [article.headline]

    interview = article.interview
    url = f"/admin/articles/interview/{interview.pk}/change/"
    base = {
        "article": str(article.pk),
        "intro": interview.intro,
        "recorded_on": "",
        "recorded_at": "",
        "edited_note": "on",
    }
    participants = [{"order": "", "name": "Sigrid Berg", "label": "Berg"}]
    response = editor.post(url, base | rows("participants", participants) | management("turns", 0))
    assert response.status_code == 302
    berg = interview.participants.get()
    participants = [
        {
            "id": str(berg.pk),
            "interview": str(interview.pk),
            "order": "1",
            "name": berg.name,
            "label": berg.label,
        }
    ]
    turns = [{"order": "", "participant": str(berg.pk), "text": f"We need {PHRASE}."}]
    response = editor.post(
        url, base | rows("participants", participants, initial=1) | rows("turns", turns)
    )
    assert response.status_code == 302
    assert headlines(f'"{PHRASE}"') == [article.headline]

    # Changing the headline in the admin re-indexes it too.
    data = article_form(
        section, status="published", new_tags="", headline="Foghorn silenced", slug=article.slug
    )
    data |= management("bylines", 0)
    data |= rows(
        "interview",
        [{"id": str(interview.pk), "article": str(article.pk), "intro": interview.intro}],
        initial=1,
    )
    response = editor.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    assert headlines("foghorn") == ["Foghorn silenced"]
    assert headlines(f'"{PHRASE}"') == ["Foghorn silenced"]


def test_reindex_search_rebuilds_the_index():
    story = make_article(headline="Unindexed lighthouse story")
    assert headlines("lighthouse") == []
    call_command("reindex_search", verbosity=0)
    assert headlines("lighthouse") == [story.headline]


def test_deleting_a_story_removes_it_from_the_index():
    story = indexed(make_article(headline="Lighthouse to be demolished"))
    story.delete()
    assert headlines("lighthouse") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM articles_search")
            assert cursor.fetchone()[0] == 0
