"""
The guidelines readers are shown and the reasons moderators reject by are one list:
a comment is never rejected for something the published guidelines do not name.
"""

import re
from html import unescape

import pytest

from comments.guidelines import GUIDELINES
from comments.models import Comment, RejectionReason
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def published_clauses(html):
    """The clauses of the guidelines as a reader sees them: {code: sentence}."""
    block = re.search(r'<div class="guidelines">.*?</div>', html, re.S).group(0)
    return {
        code: unescape(text).strip()
        for code, text in re.findall(r'<li data-guideline="([^"]+)">(.*?)</li>', block, re.S)
    }


def queue_reasons(html):
    """The reasons of the queue's "Reject selected as" menu: {code: label}."""
    menu = re.search(r'<select id="bulk-reason".*?</select>', html, re.S).group(0)
    return {code: unescape(label) for code, label in re.findall(r'value="([^"]+)">([^<]+)<', menu)}


def test_every_rejection_reason_is_a_published_guideline_and_every_guideline_a_reason(
    client, article, moderator_client
):
    make_comment(article)
    clauses = published_clauses(client.get(article.get_absolute_url()).content.decode())
    reasons = queue_reasons(moderator_client.get("/moderation/").content.decode())
    assert set(clauses) == set(reasons) == set(RejectionReason.values)
    assert len(clauses) == len(GUIDELINES)
    for guideline in GUIDELINES:
        assert clauses[guideline.code].rstrip(";.") == str(guideline.text)
        assert reasons[guideline.code] == str(guideline.label)


def test_off_topic_comments_are_named_in_the_guidelines_readers_see(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "off-topic" in published_clauses(html)["off_topic"]
    assert "threats of any kind;" in published_clauses(html)["threat"]


def test_the_guidelines_read_as_one_list_ending_with_a_full_stop(client, article):
    clauses = published_clauses(client.get(article.get_absolute_url()).content.decode())
    texts = list(clauses.values())
    assert all(text.endswith(";") for text in texts[:-1]) and texts[-1].endswith(".")
    assert list(clauses) == [guideline.code for guideline in GUIDELINES]


def test_a_refused_reader_sees_the_same_guidelines(article, post_comment):
    html = post_comment(article, email="rosa@").content.decode()
    assert set(published_clauses(html)) == set(RejectionReason.values)


def test_a_comment_rejected_as_off_topic_shows_the_reason_in_the_queue(article, moderator_client):
    comment = make_comment(article, body="بەڵام ئەم باسە پەیوەندی بە پاسەوە نییە.")
    response = moderator_client.post(
        "/moderation/decide/",
        {
            "next": "/moderation/",
            "expected": "pending",
            "decision": f"reject:{comment.pk}:off_topic",
        },
    )
    assert response.status_code == 302
    assert Comment.objects.get().rejection_reason == "off_topic"
    queue = moderator_client.get("/moderation/?status=rejected").content.decode()
    assert ": Off-topic</p>" in queue and "بەڵام ئەم باسە" in queue
