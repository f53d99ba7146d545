import pytest
from django.test import TestCase

from tests.factories import make_article, make_author, make_comment, make_correction, make_interview


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """The rate limit has tests of its own (test_http.py); elsewhere it never answers."""
    settings.NEWSROOM_API_RATE_LIMIT = 0


@pytest.fixture
def committed():
    """Run what waits for the commit (search entries, page invalidation) now."""

    def run(make, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return make(*args, **kwargs)

    return run


@pytest.fixture
def newsroom(db, committed):
    """
    A small newsroom: a published story with everything (bylines, tags, interview,
    correction, approved and pending comments), a draft, a scheduled story.
    """
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    first, second = make_author(email="first@newsroom.example"), make_author()
    story = committed(
        make_article,
        authors=[first, second],
        tags=["harbour", "ferries"],
        dateline="PORT ELIN",
        headline="Harbour council votes to dredge the channel",
    )
    make_interview(story, turns=4)
    make_correction(story, text="An earlier version misspelled the harbour master's name.")
    approved = make_comment(story, status="approved", email="approved@reader.example")
    pending = make_comment(story, status="pending", email="pending@reader.example")
    draft = committed(
        make_article,
        published=False,
        headline="Secret draft about the ferry",
        tags=["draftonly"],
        authors=[first],
    )
    make_comment(draft, status="pending", email="draft@reader.example")
    scheduled = committed(
        make_article,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=2),
        headline="Scheduled story about the budget",
        tags=["scheduledonly"],
    )
    make_interview(scheduled, turns=2, interviewee="Hidden")
    make_correction(scheduled, text="A correction on a story not out yet.")
    return {
        "story": story,
        "draft": draft,
        "scheduled": scheduled,
        "approved": approved,
        "pending": pending,
        "authors": (first, second),
    }
