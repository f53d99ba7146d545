"""
Every field a reader fills: the comment form (name, email, text) through the real
POST, then the moderation queue and, once approved, the story page; the search
box and each of its filters. Refused or stored as typed (cleaned), never a 500,
never live markup.
"""

from urllib.parse import urlencode

import pytest

from comments import services
from comments.models import Comment
from newsroom.text import clean_typed_text
from tests.factories import make_article, make_author

from .checks import html_problems, read_page, shows_text
from .conftest import checked
from .payloads import HOSTILE, marked

pytestmark = pytest.mark.django_db

SEARCH_FILTERS = ["q", "section", "author", "tag", "since", "until"]
QUEUE_FILTERS = ["section", "sender", "status", "age", "flag", "article"]


def page_problems(response, *, statuses, texts=()):
    if response.status_code not in statuses:
        return [f"answered {response.status_code}, not one of {sorted(statuses)}"]
    if not response.content:
        return []
    reader = read_page(response.content)
    problems = html_problems(response.content, reader)
    for text in texts:
        problems += shows_text(response.content, text, reader)
    return problems


@pytest.mark.parametrize("payload", list(HOSTILE), ids=str)
def test_hostile_comment_is_refused_or_shown_as_text(
    payload, client, post_comment, moderator, moderator_client, django_capture_on_commit_callbacks
):
    value = HOSTILE[payload]
    article = make_article(headline="Ferry fares rise again")
    findings = []

    def check(surface, problems):
        findings.extend(f"[{payload}] on {surface}: {problem}" for problem in problems)

    # Name and text in one comment; the email in another (a bad one alone is refused).
    sent = {
        "comment_name+text": {
            "name": marked(value, "comment_name"),
            "body": marked(value, "comment_text"),
        },
        "comment_email": {"email": marked(value, "comment_email")},
    }
    for what, fields in sent.items():
        before = set(Comment.objects.values_list("pk", flat=True))
        response = post_comment(article, **fields)
        check(f"comment form ({what})", page_problems(response, statuses={302, 400, 403}))
        stored = Comment.objects.exclude(pk__in=before).first()
        if response.status_code == 302 and stored is None:
            check(f"comment form ({what})", ["said it was received but stored nothing"])
        if response.status_code != 302:
            if stored is not None:
                check(f"comment form ({what})", ["refused yet stored"])
            if "body" in fields and response.status_code == 400:
                # The refusal page keeps what the reader typed, escaped, as the input
                # rule leaves it (newsroom/text.py).
                typed = clean_typed_text(fields["body"])
                kept = read_page(response.content).visible_text
                if typed.strip() and " ".join(typed.split())[:40] not in " ".join(kept.split()):
                    check(f"refusal page ({what})", ["lost the comment the reader typed"])
            continue
        if stored is None:
            continue

        queue = moderator_client.get("/moderation/")
        check(
            f"moderation queue ({what})",
            page_problems(queue, statuses={200}, texts=[stored.name, stored.body]),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.approve_comment(comment=stored, moderator=moderator)
        story = client.get(article.get_absolute_url())
        check(
            f"story page comments ({what})",
            page_problems(story, statuses={200}, texts=[stored.name, stored.body]),
        )
        admin = moderator_client.get(f"/admin/comments/comment/{stored.pk}/change/")
        check(f"admin comment form ({what})", page_problems(admin, statuses={200, 403}))

    for field in ["comment_name", "comment_email", "comment_text"]:
        checked(f"{field}={payload}", 4)
    assert not findings, "\n".join(findings)


@pytest.mark.parametrize("payload", list(HOSTILE), ids=str)
def test_hostile_search_and_filters_answer_200_or_400(payload, client, moderator_client):
    value = HOSTILE[payload]
    make_article(
        headline="Harbour ferry returns", authors=[make_author(slug="mara")], tags=["Harbour"]
    )
    findings = []
    # The query alone, and the topic (which reaches the database) beside a real query.
    for name, params in [("q", {}), ("tag", {"q": "harbour"})]:
        url = "/en/search/?" + urlencode(params | {name: marked(value, f"search_{name}")})
        problems = page_problems(client.get(url), statuses={200, 400})
        findings += [f"[{payload}] on search ?{name}=: {problem}" for problem in problems]
    # Everything at once, as a crafted link would send it.
    url = "/en/search/?" + urlencode({name: marked(value, name) for name in SEARCH_FILTERS})
    problems = page_problems(client.get(url), statuses={200, 400})
    findings += [f"[{payload}] on search with every filter: {problem}" for problem in problems]
    for name in SEARCH_FILTERS:
        checked(f"search_{name}={payload}")
    # The moderators' queue filters come from the address too.
    url = "/moderation/?" + urlencode({name: marked(value, name) for name in QUEUE_FILTERS})
    problems = page_problems(moderator_client.get(url), statuses={200, 400})
    findings += [f"[{payload}] on moderation queue filters: {problem}" for problem in problems]
    checked(f"moderation_filters={payload}")
    assert not findings, "\n".join(findings)
