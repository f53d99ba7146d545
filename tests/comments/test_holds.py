"""
Every hold explained: the queue says which watch word matched and where, how many
links, a burst, a sender rejected before; the reasons are kept from submission and
the queue can be filtered by them.
"""

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import services
from comments.models import Comment
from tests.comments.test_campaigns import VOCABULARY
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def submit(article, body, *, ip="203.0.113.7", email="rosa@example.org"):
    return services.submit_comment(
        article=article, name="Rosa Vidal", email=email, body=body, ip=ip
    ).comment


def queue(client, query=""):
    response = client.get(f"/moderation/{query}")
    assert response.status_code == 200
    return response.content.decode()


def item(html, comment):
    """The queue's item for ``comment``: everything up to the next item or the list's end."""
    start = rf'<li class="queue-item[^"]*" id="comment-{comment.pk}"'
    pattern = start + r'.*?(?=<li class="queue|</ol>)'
    found = re.search(pattern, html, re.S)
    assert found, f"comment {comment.pk} is not in the queue"
    return found.group(0)


@pytest.fixture
def watched(settings):
    settings.COMMENTS_WATCH_WORDS = ["scam", "درۆ"]


def test_a_watch_word_is_named_and_marked_where_it_is(article, moderator_client, watched):
    comment = submit(article, "The new ferry contract is a SCAM. <b>Scam</b>, I say!")
    assert comment.flags == "watch_word"
    shown = item(queue(moderator_client), comment)
    assert "Watch word" in shown
    assert "Watch word “scam”: “SCAM” at character 29, “Scam” at character 38" in shown
    assert '<mark class="hold-mark hold-mark--watch_word">SCAM</mark>' in shown
    assert '&lt;b&gt;<mark class="hold-mark hold-mark--watch_word">Scam</mark>&lt;/b&gt;' in shown
    assert "<b>" not in shown


def test_html_in_a_held_comment_stays_escaped(article, moderator_client, watched):
    body = '<script>alert("scam")</script><img src=x onerror=alert(1)> scam"><mark>x</mark>'
    comment = submit(article, body)
    shown = item(queue(moderator_client), comment)
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown and "&lt;mark&gt;x&lt;/mark&gt;" in shown
    assert shown.count("<mark") == 2  # the two watch words, nothing the reader typed


def test_a_kurdish_watch_word_is_marked_in_right_to_left_text(article, moderator_client, watched):
    body = "ئەم هەواڵە درۆ یە، تکایە بیسڕنەوە.\n\nدرۆ!"
    comment = submit(article, body)
    shown = item(queue(moderator_client), comment)
    assert shown.count('<mark class="hold-mark hold-mark--watch_word">درۆ</mark>') == 2
    assert "at character 12, “درۆ” at character 37" in shown


def test_many_links_are_counted(article, moderator_client, settings):
    settings.COMMENTS_MAX_LINKS = 2
    body = "See https://a.example.org, www.b.example.net and c.example.com"
    comment = submit(article, body)
    shown = item(queue(moderator_client), comment)
    assert "3 links (more than 2)" in shown
    assert shown.count("hold-mark--links") == 3


def test_a_burst_and_a_sender_rejected_before_are_explained(
    article, moderator, moderator_client, settings
):
    settings.COMMENTS_BURST_SIZE = 3
    first = submit(article, "First thought on the fares.")
    services.reject_comment(comment=first, moderator=moderator, reason="spam")
    submit(article, "Second thought on the fares.")
    third = submit(article, "Third thought on the fares.")
    assert set(third.flags.split()) == {"rejected_sender", "burst"}
    shown = item(queue(moderator_client), third)
    assert "This sender had 1 comment rejected before" in shown
    assert "3 comments from this sender in 10 minutes" in shown


def test_reasons_are_kept_from_submission_not_recomputed(article, moderator_client, settings):
    settings.COMMENTS_WATCH_WORDS = ["scam"]
    comment = submit(article, "What a scam.")
    settings.COMMENTS_WATCH_WORDS = []
    shown = item(queue(moderator_client), comment)
    assert '<mark class="hold-mark hold-mark--watch_word">scam</mark>' in shown


def test_comments_held_before_reasons_were_kept_still_show_their_flag(article, moderator_client):
    comment = make_comment(article, body="Old and linky", flags="links watch_word")
    assert comment.hold_reasons == []
    shown = item(queue(moderator_client), comment)
    assert "Many links" in shown and "Watch word" in shown
    assert "<mark" not in shown


def test_a_long_comment_is_marked_at_its_end(article, moderator_client, watched):
    body = ("Long words about ferries. " * 190) + "scam"
    assert len(body) <= 5000
    comment = submit(article, body)
    shown = item(queue(moderator_client), comment)
    assert shown.count("<mark") == 1 and f"at character {len(body) - 3}" in shown


def test_the_queue_filters_by_reason(article, moderator_client, watched, settings):
    settings.COMMENTS_MAX_LINKS = 0
    word = submit(article, "Such a scam.", ip="192.0.2.1", email="a@example.org")
    link = submit(article, "See https://example.org", ip="192.0.2.2", email="b@example.org")
    plain = make_comment(article, body="Nothing to see")

    def shown(flag):
        html = queue(moderator_client, f"?flag={flag}")
        pks = Comment.objects.values_list("pk", flat=True)
        return {pk for pk in pks if f'id="comment-{pk}"' in html}

    assert shown("watch_word") == {word.pk}
    assert shown("links") == {link.pk}
    assert shown("new_sender") == {word.pk, link.pk}
    assert plain.pk in shown("")
    # A reason no link of the queue makes is ignored, never an error.
    assert shown("<script>") == {word.pk, link.pk, plain.pk}
    for bad in ("?campaign=abc", "?campaign=" + "9" * 40, "?mark=%00", "?flag=links%00"):
        assert queue(moderator_client, bad)


def test_the_queue_budget_holds_with_reasons_groups_and_marks(
    moderator_client, moderator, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_WATCH_WORDS = ["scam"]
    settings.COMMENTS_RATE_LIMIT = 1000
    small, large = make_article(), make_article()
    rng = random.Random(8)
    submit(small, "A scam, surely.")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(60):
            words = " ".join(rng.sample(VOCABULARY, 10))
            body = f"{words}, a scam: https://x{n}.example.org https://y.example.org www.z.org"
            submit(large, body, ip=f"198.51.100.{n}", email=f"r{n}@example.org")
        for n in range(12):
            body = "Vote against the harbour tower before it is too late, friends"
            submit(large, body + "!" * n, ip=f"192.0.2.{n}", email=f"c{n}@example.org")
    assert Comment.objects.filter(campaign__isnull=False).count() == 12

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(url).status_code == 200
        return len(queries)

    # Reasons, marks and group counts come with the page of comments: not one query more
    # than a queue of plain comments, whatever their number.
    plain = make_article()
    for _ in range(3):
        make_comment(plain)
    baseline = count(f"/moderation/?article={plain.pk}")
    assert count(f"/moderation/?article={small.pk}") == baseline
    assert count(f"/moderation/?article={large.pk}") == baseline
    assert count("/moderation/") == count("/moderation/?flag=campaign")
    grouped = queue(moderator_client, f"?article={large.pk}&flag=campaign")
    assert "Group of 12 near-identical comments" in grouped
