"""A reader posts a comment: what they see, and every defence against abuse."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments import moderation
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def form_values(html):
    """What the re-rendered form holds, as the reader would see it."""
    values = dict(re.findall(r'<input type="(?:text|email)" name="(\w+)" value="([^"]*)"', html))
    body = re.search(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', html, re.S)
    values["body"] = body.group(1) if body else None
    return values


def test_a_comment_awaits_moderation_and_stays_hidden(client, article, post_comment):
    response = post_comment(article, body="I take the 6:40 ferry every day.")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?comment=received#comments"
    comment = Comment.objects.get()
    assert comment.status == "pending"
    assert comment.sender_hash == moderation.sender_hash("203.0.113.7")
    assert "203.0.113.7" not in str(Comment.objects.values().get())

    page = client.get(response["Location"]).content.decode()
    assert "awaits moderation" in page
    assert "I take the 6:40 ferry" not in page
    assert "rosa@example.org" not in page


def test_approved_comments_show_oldest_first_with_count_name_time_and_line_breaks(
    client, article, moderator
):
    make_comment(article, status="approved", moderator=moderator, name="Ana", body="First.")
    make_comment(
        article, status="approved", moderator=moderator, name="Ben", body="Line one\nLine two"
    )
    make_comment(article, status="rejected", moderator=moderator, name="Spam", body="Buy now")
    make_comment(article, name="Pending", body="Not yet")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'Comments <span class="comments__count">(2)</span>' in html
    assert html.index("First.") < html.index("Line one")
    assert "<p>Line one<br>Line two</p>" in html
    assert "Buy now" not in html and "Not yet" not in html
    assert "@example.org" not in html
    assert '<time class="comment__time"' in html


def test_markup_in_a_comment_is_shown_as_text_and_links_are_not_endorsed(
    client, article, moderator
):
    make_comment(
        article,
        status="approved",
        moderator=moderator,
        name='<img src=x onerror="alert(1)">',
        body='<script>alert("x")</script> see https://example.org/page',
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert (
        '<a href="https://example.org/page" rel="nofollow ugc noopener">https://example.org/page</a>'
        in html
    )


def test_errors_keep_everything_the_reader_typed_beside_each_field(article, post_comment):
    response = post_comment(article, name="", email="not-an-email", body="My <b>view</b> & more")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please tell us your name." in html
    assert "Please check your email address" in html
    values = form_values(html)
    assert values["email"] == "not-an-email"
    assert values["body"] == "My &lt;b&gt;view&lt;/b&gt; &amp; more"
    assert html.index("Please tell us your name.") < html.index('name="name"')
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "status", "reason"),
    [
        ({"name": ""}, 400, "Please correct the 1 field marked below"),
        ({"website": "https://spam.example"}, 400, "Leave this field empty"),
        ({"stamp": "123:abc:def"}, 400, "could not verify this form"),
        ({"origin": "https://evil.example"}, 403, "could not confirm that this form was sent"),
    ],
    ids=["missing name", "honeypot", "forged stamp", "cross-site"],
)
def test_a_refused_comment_gets_its_own_page_with_the_reason_and_the_way_back(
    article, post_comment, fields, status, reason
):
    response = post_comment(article, body="Kept, every word.", **fields)
    assert response.status_code == status
    html = response.content.decode()
    assert "<title>Your comment was not posted" in html
    assert "<h1 " in html and "Your comment was not posted</h1>" in html
    assert f'<a href="{article.get_absolute_url()}">Ferry fares rise again</a>' in html
    assert reason in html
    assert form_values(html)["body"] == "Kept, every word."
    assert 'href="#community-guidelines"' in html and 'id="community-guidelines"' in html
    assert f'action="/stories/{article.pk}/comments/"' in html
    assert "noindex" in html
    assert Comment.objects.count() == 0


def test_each_error_on_the_refusal_page_is_announced_with_its_field(article, post_comment):
    html = post_comment(article, name="", email="rosa@").content.decode()
    assert 'id="comment-errors"' in html and 'role="alert"' in html
    assert "Please correct the 2 fields marked below" in html
    assert '<p class="field__error" id="id_name_error">Please tell us your name.' in html
    assert 'aria-invalid="true" aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-describedby="id_body_helptext" id="id_body"' in html
    assert '<label for="id_body">Comment' in html


def test_a_refusal_page_is_never_stored_and_sets_no_cookie(article, post_comment):
    response = post_comment(article, name="")
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert not response.cookies
    assert "X-Page-Cache" not in response


def test_a_refusal_page_shows_no_other_reader_or_their_email(article, post_comment, moderator):
    make_comment(
        article, status="approved", moderator=moderator, name="Ana", email="ana@example.org"
    )
    html = post_comment(article, name="").content.decode()
    assert "ana@example.org" not in html
    assert 'class="comment-list"' not in html


def test_name_email_and_comment_are_required_and_limited(article, post_comment):
    html = post_comment(article, name="", email="", body="").content.decode()
    for message in (
        "Please tell us your name.",
        "Please give your email address.",
        "Please write your comment.",
    ):
        assert message in html
    too_long = post_comment(article, body="x" * 5001)
    assert too_long.status_code == 400
    assert "Your comment is 5001 characters long; the most is 5000." in too_long.content.decode()
    assert post_comment(article, body="x" * 5000).status_code == 302


# What XML forbids (NUL, BEL, ESC…) and C1 controls are removed by the input rule
# instead: see tests/comments/test_unicode_names.py.
@pytest.mark.parametrize("bad", ["\x7f", "\u200b", "\u2028", "\u2029", "\ufeff"])
def test_control_characters_are_refused_with_a_clear_message(article, post_comment, bad):
    response = post_comment(article, body=f"Hello {bad} there")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please remove the invisible control characters from this field." in html
    assert Comment.objects.count() == 0


def test_a_filled_honeypot_is_refused(article, post_comment):
    response = post_comment(article, website="https://spam.example")
    assert response.status_code == 400
    assert "Leave this field empty" in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_form_sent_too_fast_is_refused_and_kept(article, client, settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 5
    stamp = moderation.make_stamp(article.pk)
    response = client.post(
        f"/stories/{article.pk}/comments/",
        {"name": "Bot", "email": "b@example.org", "body": "Fast words", "stamp": stamp},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "That was very quick" in html
    assert form_values(html)["body"] == "Fast words"


def test_a_stale_or_forged_stamp_is_refused(article, post_comment, settings, monkeypatch):
    forged = post_comment(article, stamp="123:abc:def")
    assert "could not verify this form" in forged.content.decode()
    other = make_article()
    wrong_story = post_comment(article, stamp=moderation.make_stamp(other.pk))
    assert "belongs to another story" in wrong_story.content.decode()
    stamp = moderation.make_stamp(article.pk)
    later = timezone.now() + timedelta(seconds=settings.COMMENTS_FORM_MAX_AGE + 60)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    stale = post_comment(article, stamp=stamp)
    assert "opened a long time ago" in stale.content.decode()
    assert Comment.objects.count() == 0


def test_a_double_click_makes_one_comment(article, post_comment):
    first = post_comment(article, body="Said once.")
    second = post_comment(article, body="Said once.")
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Comment.objects.count() == 1


def test_the_same_text_on_the_same_story_within_a_day_is_refused(article, post_comment):
    assert post_comment(article, body="Ferries should be free.").status_code == 302
    copy = post_comment(article, body="  FERRIES should be   free. ", ip="198.51.100.1")
    assert copy.status_code == 400
    assert "already been posted on this story" in copy.content.decode()
    assert post_comment(make_article(), body="Ferries should be free.").status_code == 302
    assert Comment.objects.count() == 2


def test_senders_are_rate_limited_with_a_429_that_keeps_the_form(article, post_comment, settings):
    settings.COMMENTS_RATE_LIMIT = 3
    for n in range(3):
        assert post_comment(article, body=f"Comment {n}").status_code == 302
    limited = post_comment(article, body="One too many")
    assert limited.status_code == 429
    html = limited.content.decode()
    assert "the most we accept" in html
    assert form_values(html)["body"] == "One too many"
    assert post_comment(article, body="Another sender", ip="198.51.100.9").status_code == 302


def test_comments_with_many_links_are_held_with_a_flag(article, post_comment, settings):
    settings.COMMENTS_MAX_LINKS = 2
    post_comment(article, body="See https://a.example https://b.example https://c.example")
    assert Comment.objects.get().flags == "links"
    assert Comment.objects.get().status == "pending"


def test_a_cross_site_post_is_refused(article, post_comment):
    for origin in ("https://evil.example", "null"):
        response = post_comment(article, origin=origin)
        assert response.status_code == 403
        assert (
            "could not confirm that this form was sent from our site" in response.content.decode()
        )
    assert post_comment(article, origin=None).status_code == 403
    assert Comment.objects.count() == 0


def test_same_site_posts_are_recognised_without_an_origin_header(article, client, old_stamp):
    data = {"name": "A", "email": "a@example.org", "body": "Hi", "stamp": old_stamp(article)}
    url = f"/stories/{article.pk}/comments/"
    assert client.post(url, data, HTTP_SEC_FETCH_SITE="same-origin").status_code == 302
    data.update(body="Hi again", stamp=old_stamp(article))  # a stamp carries one comment
    assert client.post(url, data, HTTP_REFERER="http://testserver/x").status_code == 302
    data.update(body="Hi from afar", stamp=old_stamp(article))
    assert client.post(url, data, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403


def test_the_story_page_sets_no_cookie_and_the_form_needs_none(article):
    reader = Client(enforce_csrf_checks=True)
    response = reader.get(article.get_absolute_url())
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()


def test_closed_stories_show_a_notice_and_refuse_posts(article, post_comment, client, settings):
    article.comments_enabled = False
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comments on this story are closed." in html
    assert 'id="comment-form"' not in html
    refused = post_comment(article, body="Too late to say this.")
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "Your comment was not posted: comments on this story are closed." in html
    assert (
        '<textarea id="comment-kept" class="comment-kept" rows="5" readonly dir="auto">Too late'
        in html
    )
    assert 'id="comment-form"' not in html
    assert "rosa@example.org" not in html
    assert f'href="{article.get_absolute_url()}#comments">Back to the story</a>' in html


def test_comments_close_by_themselves_after_the_set_number_of_days(post_comment, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 7
    old = make_article(published_at=timezone.now() - timedelta(days=8))
    fresh = make_article(published_at=timezone.now() - timedelta(days=6))
    assert post_comment(old).status_code == 403
    assert post_comment(fresh).status_code == 302


def test_unpublished_stories_take_no_comments(post_comment):
    draft = make_article(published=False)
    assert post_comment(draft).status_code == 404


def test_long_threads_are_paginated(client, article, moderator, settings):
    settings.COMMENTS_PER_PAGE = 3
    for n in range(5):
        make_comment(article, status="approved", moderator=moderator, body=f"Reply {n}.")
    first = client.get(article.get_absolute_url()).content.decode()
    assert "Reply 2." in first and "Reply 3." not in first
    assert "(5)" in first and "?comments=2#comments" in first
    second = client.get(article.get_absolute_url() + "?comments=2").content.decode()
    assert "Reply 3." in second and "Reply 4." in second and "Reply 0." not in second


def test_behind_a_proxy_the_sender_is_the_hop_the_proxy_added(article, post_comment, settings):
    """A client cannot escape the rate limit by writing its own X-Forwarded-For hops."""
    settings.COMMENTS_TRUST_X_FORWARDED_FOR = True
    settings.COMMENTS_RATE_LIMIT = 2
    for n in range(2):
        response = post_comment(
            article, body=f"Spoofed {n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.4"
        )
        assert response.status_code == 302
    limited = post_comment(
        article, body="Spoofed again", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4"
    )
    assert limited.status_code == 429
    assert set(Comment.objects.values_list("sender_hash", flat=True)) == {
        moderation.sender_hash("198.51.100.4")
    }
