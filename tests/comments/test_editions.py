"""Comments per edition: the reader's language, watch words per script, desks in the queue."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.dates import MONTHS

from articles.editions.models import DeskMember
from comments import moderation
from comments.models import Comment
from tests.factories import logged_in, make_article, make_comment, make_section, make_staff

KAF, KEHEH = "\u0643", "\u06a9"
FATHA, SHADDA, TATWEEL, ZWNJ = "\u064e", "\u0651", "\u0640", "\u200c"


@pytest.fixture
def sorani_story(db):
    return make_article(
        headline="پردی نوێی شار کرایەوە",
        slug="پردی-نوێ",
        edition="ckb",
        section=make_section(name="هەواڵ", slug="hewal", edition="ckb"),
    )


@pytest.fixture
def english_story(db):
    return make_article(headline="Ferry fares rise again", edition="en")


@pytest.fixture
def sorani_moderator(db):
    user = make_staff("sorani-desk", group="Moderator")
    DeskMember.objects.create(user=user, edition="ckb")
    return user


# The reader's language ------------------------------------------------------------------


def test_a_refused_comment_on_a_sorani_story_answers_in_sorani_right_to_left(
    sorani_story, post_comment
):
    refused = post_comment(sorani_story, body="")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert '<html lang="ckb" dir="rtl"' in html
    assert refused["Content-Language"] == "ckb"
    # The way back is the story's own address, under its edition's prefix.
    assert f'href="/ckb/stories/{sorani_story.pk}/' in html
    assert 'href="/en/stories/' not in html


def test_a_closed_sorani_story_refuses_in_its_own_edition(sorani_story, post_comment):
    sorani_story.comments_enabled = False
    sorani_story.save()
    refused = post_comment(sorani_story, body="درەنگ بوو.")
    assert refused.status_code == 403
    assert '<html lang="ckb" dir="rtl"' in refused.content.decode()


def test_an_accepted_comment_returns_to_the_story_under_its_edition(sorani_story, post_comment):
    response = post_comment(sorani_story, name="Rosa Vidal", body="پردەکە زۆر جوانە.")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/ckb/stories/{sorani_story.pk}/")
    assert response["Location"].endswith("?comment=received#comments")


def test_an_english_story_still_answers_in_english(english_story, post_comment):
    refused = post_comment(english_story, body="")
    assert '<html lang="en" dir="ltr"' in refused.content.decode()
    assert "Please write your comment." in refused.content.decode()


def test_the_form_lets_the_browser_choose_each_field_s_direction(sorani_story, post_comment):
    html = post_comment(sorani_story, body="").content.decode()
    assert re.search(r'<input type="text" name="name"[^>]* dir="auto"', html)
    assert re.search(r'<textarea name="body"[^>]* dir="auto"', html)
    assert re.search(r'<input type="email" name="email"[^>]* dir="ltr"', html)


# Watch words on normalised text --------------------------------------------------------


@pytest.fixture
def watched(settings):
    settings.COMMENTS_WATCH_WORDS = [f"{KEHEH}ورد", "scam"]  # "کورد", typed with keheh


def test_a_watch_word_with_keheh_matches_a_sorani_comment_typed_with_arabic_kaf(watched):
    body = f"ئەمە {KAF}ورد نییە"
    spans = moderation.watch_word_spans(body, "ckb")
    assert spans == [(f"{KEHEH}ورد", 5, 9)]
    assert body[5:9] == f"{KAF}ورد"  # the place of the word as the reader typed it


def test_harakat_tatweel_and_zwnj_do_not_hide_a_watch_word(watched):
    body = f"ئەمە {KAF}{FATHA}و{TATWEEL}{TATWEEL}ر{SHADDA}{ZWNJ}د نییە"
    [(word, start, end)] = moderation.watch_word_spans(body, "ckb")
    assert word == f"{KEHEH}ورد"
    assert body[start:end] == f"{KAF}{FATHA}و{TATWEEL}{TATWEEL}ر{SHADDA}{ZWNJ}د"


def test_english_watch_words_match_as_before(watched):
    assert moderation.watch_words_in("What a SCAM, really.", "en") == ["scam"]
    assert moderation.watch_words_in("Scampi for dinner.", "en") == []


def test_a_sorani_comment_is_held_and_marked_for_its_kaf_watch_word(
    sorani_story, post_comment, watched, moderator_client
):
    post_comment(sorani_story, body=f"ئەمە {KAF}ورد نییە")
    comment = Comment.objects.get()
    assert comment.flags == "watch_word"
    shown = moderator_client.get("/moderation/").content.decode()
    assert f'<mark class="hold-mark hold-mark--watch_word">{KAF}ورد</mark>' in shown


# The queue by edition -----------------------------------------------------------------


def test_the_queue_filters_by_edition(sorani_story, english_story, moderator_client):
    make_comment(sorani_story, body="بۆچی پردەکە درەنگ کرایەوە؟")
    make_comment(english_story, body="Fares were already high.")
    everything = moderator_client.get("/moderation/").content.decode()
    assert "بۆچی پردەکە" in everything and "Fares were already high." in everything
    sorani = moderator_client.get("/moderation/?edition=ckb").content.decode()
    assert "بۆچی پردەکە" in sorani and "Fares were already high." not in sorani
    assert '<option value="ckb" selected>' in sorani
    assert re.search(r"<strong data-pending-total>1</strong>", sorani)


def test_each_comment_keeps_its_story_s_language_and_direction(sorani_story, moderator_client):
    make_comment(sorani_story, name="Rosa Vidal", body="پردەکە جوانە.")
    html = moderator_client.get("/moderation/").content.decode()
    assert '<div class="queue-item__body" lang="ckb" dir="auto">' in html
    assert '<strong dir="auto">Rosa Vidal</strong>' in html


def test_a_desk_moderator_sees_only_their_edition_by_default(
    sorani_story, english_story, sorani_moderator
):
    make_comment(sorani_story, body="بۆچی پردەکە درەنگ کرایەوە؟")
    make_comment(english_story, body="Fares were already high.")
    client = logged_in(sorani_moderator)
    for url in ("/moderation/", "/moderation/?edition=en", "/moderation/?edition=all"):
        html = client.get(url).content.decode()
        assert "بۆچی پردەکە" in html, url
        assert "Fares were already high." not in html, url
        assert '<option value="en"' not in html, url
    assert re.search(r"<strong data-pending-total>1</strong>", html)


def test_a_desk_moderator_cannot_decide_another_edition_s_comment(
    sorani_story, english_story, sorani_moderator
):
    english = make_comment(english_story, name="Rosa Vidal", body="Fares were already high.")
    sorani = make_comment(sorani_story, body="پردەکە جوانە.")
    client = logged_in(sorani_moderator)
    response = client.post(
        "/moderation/decide/",
        {"next": "/moderation/", "expected": "pending", "decision": f"approve:{english.pk}"},
        follow=True,
    )
    assert response.status_code == 200
    english.refresh_from_db()
    assert english.status == "pending" and not english.decisions.exists()
    assert "which you do not moderate" in response.content.decode()
    assert "<bdi>Rosa Vidal</bdi>" in response.content.decode()
    # The same in bulk: their own edition's comment is decided, the other left alone.
    client.post(
        "/moderation/decide/",
        {
            "next": "/moderation/",
            "expected": "pending",
            "bulk": "reject",
            "bulk_reason": "spam",
            "selected": [english.pk, sorani.pk],
        },
    )
    english.refresh_from_db()
    sorani.refresh_from_db()
    assert english.status == "pending" and sorani.status == "rejected"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_edition_filter_keeps_the_queue_s_query_budget(
    sorani_story, english_story, moderator_client, sorani_moderator
):
    for _ in range(20):
        make_comment(sorani_story)
        make_comment(english_story)
    unfiltered = count_queries(moderator_client, "/moderation/")
    assert count_queries(moderator_client, "/moderation/?edition=ckb") == unfiltered
    assert count_queries(logged_in(sorani_moderator), "/moderation/") == unfiltered


# The dashboard, the reports queue and the readers' emails --------------------------------


def test_the_dashboard_counts_one_edition_when_asked(
    sorani_story, english_story, moderator, moderator_client
):
    from comments.metrics import queries

    make_comment(sorani_story)
    make_comment(english_story)
    make_comment(english_story, status="approved", moderator=moderator)
    everything = queries.dashboard(queries.Period.last_days())
    sorani = queries.dashboard(queries.Period.last_days(edition="ckb"))
    assert (everything.now.pending, sorani.now.pending) == (2, 1)
    assert sorani.waits.decided == 0 and everything.waits.decided == 1
    html = moderator_client.get("/moderation/dashboard/?edition=ckb").content.decode()
    assert '<dd data-figure="pending">1</dd>' in html
    assert '<option value="ckb" selected>' in html


def test_a_desk_moderator_s_reports_queue_shows_their_edition_only(
    client, sorani_story, english_story, sorani_moderator, moderator
):
    from comments.reports.models import ReportEntry
    from comments.reports.services import report_comment

    english = make_comment(english_story, status="approved", moderator=moderator)
    sorani = make_comment(
        sorani_story, body="پردەکە جوانە.", status="approved", moderator=moderator
    )
    for comment in (english, sorani):
        report_comment(comment=comment, reason="spam", note="", sender="f" * 64)
    report_page = client.get(f"/comments/{sorani.pk}/report/").content.decode()
    assert '<html lang="ckb" dir="rtl"' in report_page
    desk = logged_in(sorani_moderator)
    html = desk.get("/moderation/reports/").content.decode()
    assert "پردەکە جوانە." in html and english.body not in html
    entry = ReportEntry.objects.get(comment=english)
    desk.post("/moderation/reports/decide/", {"entry": entry.pk, "action": "keep"})
    entry.refresh_from_db()
    assert entry.status == "open"


def test_the_rejection_email_speaks_the_comment_s_edition(
    client, sorani_story, post_comment, moderator_client, mailoutbox
):
    post_comment(sorani_story, body="پردەکە جوانە.", notify="on")
    comment = Comment.objects.get()
    moderator_client.post(
        "/moderation/decide/",
        {"next": "/moderation/", "expected": "pending", "decision": f"reject:{comment.pk}:spam"},
    )
    [email] = mailoutbox
    assert email.extra_headers["Content-Language"] == "ckb"
    assert f"/ckb/stories/{sorani_story.pk}/" in email.body
    # The unsubscribe page behind its link (no edition prefix) answers in Sorani too.
    link = re.search(r"http://\S+/comments/unsubscribe/\S+", email.body).group(0)
    page = client.get(link.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200
    assert '<html lang="ckb" dir="rtl"' in page.content.decode()
    assert "?edition=ckb" in page.content.decode()  # the button's POST keeps it


def test_a_sorani_story_page_carries_its_form_and_guidelines(client, sorani_story):
    html = client.get(sorani_story.get_absolute_url()).content.decode()
    assert '<html lang="ckb" dir="rtl"' in html
    assert f'action="/stories/{sorani_story.pk}/comments/"' in html
    assert 'data-guideline="off_topic"' in html
    received = client.get(sorani_story.get_absolute_url() + "?comment=received")
    assert 'id="comment-received"' in received.content.decode()


def test_a_sorani_comment_s_time_is_written_as_the_story_s_times_are(
    client, settings, sorani_story
):
    settings.TIME_ZONE = "Asia/Baghdad"
    make_comment(
        sorani_story,
        body="پردەکە جوانە.",
        status="approved",
        submitted_at=datetime(2026, 11, 28, 15, 5, tzinfo=UTC),
    )
    html = client.get(sorani_story.get_absolute_url()).content.decode()
    with translation.override("ckb"):
        november = str(MONTHS[11])
    # Day, month, year, a 24-hour clock: as the story's own times, not "November 28, …".
    assert (
        '<time class="comment__time" datetime="2026-11-28T18:05:00+03:00">'
        f"28 {november} 2026، 18:05</time>"
    ) in html


def test_the_queue_speaks_the_moderator_s_language_and_each_comment_its_own(
    english_story, moderator
):
    make_comment(english_story, body="Fares were already high.")
    client = logged_in(moderator)
    html = client.get("/moderation/", HTTP_ACCEPT_LANGUAGE="ckb").content.decode()
    assert '<html lang="ckb" dir="rtl"' in html
    assert '<div class="queue-item__body" lang="en" dir="auto">' in html


def test_a_desk_moderator_s_admin_lists_their_edition_s_comments_only(
    sorani_story, english_story, sorani_moderator
):
    make_comment(sorani_story, body="پردەکە جوانە.")
    make_comment(english_story, body="Fares were already high.")
    html = logged_in(sorani_moderator).get("/admin/comments/comment/").content.decode()
    assert "پردەکە جوانە." in html and "Fares were already high." not in html
