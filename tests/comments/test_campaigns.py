"""
Campaigns: the same words from many senders are one group in the queue, decided in
one action, each comment keeping its own decision. Nothing else is swept in.
"""

import random
import re

import pytest

from comments import services
from comments.holds import campaigns
from comments.holds.normalise import normalise
from comments.holds.tasks import group_comment
from comments.models import Campaign, Comment, Decision, SimilarityKey
from tests.factories import logged_in, make_article, make_staff

pytestmark = pytest.mark.django_db


# normalise(): what a campaign sees --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        # Case, spacing and punctuation, Latin accents and compatibility forms.
        ("  STOP   the Project!!! ", "stop the project"),
        ("Café—crème, s’il vous plaît…", "cafe creme s il vous plait"),
        ("Straße ﬁne", "strasse fine"),
        # Arabic kaf and keheh, Arabic yeh, alef maksura and Farsi yeh are one letter each.
        ("كتاب", "کتاب"),
        ("علي على علی", "علی علی علی"),
        # Tatweel stretches, harakat and shadda only voice: neither changes the word.
        ("مـــرحـبـا", "مرحبا"),
        ("عَرَبِيٌّ", "عربی"),
        # Hamza forms of alef are alef; teh marbuta is heh.
        ("أحمد إلى آمن مدرسة", "احمد الی امن مدرسه"),
        # Arabic-Indic and Persian digits are digits; Arabic punctuation is punctuation.
        ("٣ ۳ 3، ؟ «نا»", "3 3 3 نا"),
        # ZWNJ only shapes: with or without it, the same word.
        ("می\u200cخواهم", "میخواهم"),
    ],
)
def test_normalise_sets_aside_what_does_not_change_the_words(typed, seen):
    assert normalise(typed) == seen


def test_normalise_keeps_kurdish_letters_apart():
    # Sorani has letters of its own; none of them may fall together with another.
    sorani = "ئەمە زۆر باشە، ڕێگاکە گەورەیە و ڵ ڤ پ چ ژ گ"
    assert normalise(sorani) == "ئەمە زۆر باشە ڕێگاکە گەورەیە و ڵ ڤ پ چ ژ گ"
    assert normalise("کێ") != normalise("کی")  # ێ is not ی
    assert normalise("ئەو") != normalise("یەو")  # ئ is its own letter
    # The same Kurdish sentence typed on an Arabic keyboard is the same sentence.
    assert normalise("كۆمپانياكە گەندەڵە") == normalise("کۆمپانیاکە گەندەڵە")


def test_normalise_survives_what_readers_paste():
    assert normalise("") == ""
    assert normalise("\u200f\u200e\u00a0\t\n") == ""
    long = "Ferry " * 2000
    assert normalise(long) == ("ferry " * 2000).strip()


# The burst -------------------------------------------------------------------------------------

CAMPAIGN = "Stop the PROJECT: کۆمپانیاکە گەندەڵە و خەڵکی شارەکە زیانی پێ دەگات، تکایە ڕایبگرن"
VOCABULARY = (
    "ferry harbour council timetable winter fares night bus bridge tunnel school budget "
    "market river library teacher nurse doctor station bakery weather storm flood road "
    "cyclist parking museum festival garden children elderly rent housing tower square "
    "fisher boat island lighthouse bakery mayor vote tax street lamp noise clinic theatre"
).split()


def variant(n):
    """The campaign's words as sender ``n`` typed them: case, spacing, punctuation, letters."""
    text = CAMPAIGN
    text = text.replace("گەندەڵە", "گەنـــدەڵە") if n & 4 else text  # tatweel
    text = text.replace("زیانی", "زِیانی") if n & 8 else text  # a kasra
    text = text.replace("ک", "ك") if n & 1 else text  # Arabic kaf
    text = text.replace("ی", "ي") if n & 2 else text  # Arabic yeh
    text = text.upper() if n & 16 else text.lower()
    text = text.replace(" ", "  ") if n % 3 == 0 else text
    return text + ["", "!", "!!!", ".", " ؟"][n % 5] + (" " * (n % 4))


def unrelated(rng, n):
    return f"{n}: " + " ".join(rng.choice(VOCABULARY) for _ in range(14)).capitalize() + "."


def submit(article, *, body, sender):
    return services.submit_comment(
        article=article,
        name=f"Reader {sender}",
        email=f"reader{sender}@example.org",
        body=body,
        ip=f"198.51.{sender // 250}.{sender % 250}",
    )


@pytest.fixture
def burst(settings, django_capture_on_commit_callbacks):
    """
    200 comments on one story, in a shuffled order: 50 near-duplicates from 20
    senders and 150 comments of their own from 60 others.
    """
    settings.COMMENTS_RATE_LIMIT = 1000
    article = make_article(headline="Harbour tower approved")
    rng = random.Random(16)
    posts = [(variant(n), n % 20) for n in range(50)]
    posts += [(unrelated(rng, n), 100 + n % 60) for n in range(150)]
    rng.shuffle(posts)
    with django_capture_on_commit_callbacks(execute=True):
        for body, sender in posts:
            assert submit(article, body=body, sender=sender).created
    return article


def near_duplicates():
    return Comment.objects.filter(body__in=[variant(n) for n in range(50)])


def test_a_burst_shows_one_group_decided_in_one_action(burst, moderator_client):
    assert Comment.objects.count() == 200
    campaign = Campaign.objects.get()
    assert set(near_duplicates().values_list("campaign", flat=True)) == {campaign.pk}
    assert (campaign.size, campaign.senders) == (50, 20)
    loose = Comment.objects.exclude(pk__in=near_duplicates())
    assert loose.count() == 150 and not loose.filter(campaign__isnull=False).exists()

    # The queue: one group with its reason, never the fifty one by one.
    html = moderator_client.get("/moderation/?flag=campaign").content.decode()
    assert html.count('class="queue-item queue-item--group"') == 1
    assert "Group of 50 near-identical comments" in html and "from 20 senders" in html
    assert "Near-duplicate (campaign)" in html
    assert html.count("data-comment ") == 1
    everything = "".join(
        moderator_client.get(f"/moderation/?page={page}").content.decode() for page in (1, 2, 3, 4)
    )
    assert everything.count('class="queue-item queue-item--group"') == 1
    for comment in near_duplicates()[1:]:
        assert f'id="comment-{comment.pk}"' not in everything
    for comment in loose:
        assert f'id="comment-{comment.pk}"' in everything

    button = re.search(r'name="group" value="(reject:\d+:\d+:spam)"', html).group(1)
    response = moderator_client.post(
        "/moderation/decide/", {"group": button, "next": "/moderation/", "expected": "pending"}
    )
    assert response.status_code == 302
    assert Decision.objects.count() == 50
    assert set(Decision.objects.values_list("comment", flat=True)) == set(
        near_duplicates().values_list("pk", flat=True)
    )
    assert set(near_duplicates().values_list("status", flat=True)) == {"rejected"}
    assert loose.filter(status="pending").count() == 150
    page = moderator_client.get(response["Location"]).content.decode()
    assert "Rejected (Spam): 50 comments of the group." in page
    assert "queue-item--group" not in page


def test_reviewing_a_group_one_by_one_lists_every_comment(burst, moderator_client):
    campaign = Campaign.objects.get()
    html = moderator_client.get(f"/moderation/?campaign={campaign.pk}").content.decode()
    assert html.count("data-comment ") == 50
    assert "Near-duplicate of 49 other comments, from 20 senders" in html


def test_two_moderators_never_decide_a_comment_twice(burst, moderator_client):
    other = logged_in(make_staff("second", group="Moderator"))
    campaign = Campaign.objects.get()
    first = near_duplicates().order_by("pk").first()
    # The second moderator approves one of the group on its own, just before.
    other.post("/moderation/decide/", {"decision": f"approve:{first.pk}", "expected": "pending"})
    latest = near_duplicates().order_by("-pk").first().pk
    response = moderator_client.post(
        "/moderation/decide/",
        {"group": f"reject:{campaign.pk}:{latest}:spam", "expected": "pending"},
        follow=True,
    )
    page = response.content.decode()
    assert "Rejected (Spam): 49 comments of the group." in page
    # And then clicks "reject all" on the page they still had open: nothing changes.
    again = other.post(
        "/moderation/decide/",
        {"group": f"reject:{campaign.pk}:{latest}:spam", "expected": "pending"},
        follow=True,
    )
    assert "No comment of that group is waiting; nothing was changed." in again.content.decode()
    assert Decision.objects.count() == 50
    for comment in near_duplicates():
        assert comment.decisions.count() == 1
    first.refresh_from_db()
    assert first.status == "approved"


def test_a_comment_that_joins_after_the_moderator_looked_still_waits(
    burst, moderator_client, django_capture_on_commit_callbacks
):
    campaign = Campaign.objects.get()
    seen = near_duplicates().order_by("-pk").first().pk
    with django_capture_on_commit_callbacks(execute=True):
        late = submit(burst, body=variant(60), sender=7).comment
    late.refresh_from_db()
    assert late.campaign_id == campaign.pk
    page = moderator_client.post(
        "/moderation/decide/",
        {"group": f"approve:{campaign.pk}:{seen}", "expected": "pending"},
        follow=True,
    ).content.decode()
    assert "Approved: 50 comments of the group." in page
    assert "1 more near-duplicate arrived after you looked; still waiting." in page
    late.refresh_from_db()
    assert late.status == "pending" and not late.decisions.exists()


def test_grouping_is_idempotent(burst):
    campaign = Campaign.objects.get()
    keys = SimilarityKey.objects.count()
    flags = dict(near_duplicates().values_list("pk", "flags"))
    for comment in near_duplicates()[:5]:
        assert group_comment.call(comment.pk) == campaign.pk
    assert SimilarityKey.objects.count() == keys
    assert dict(near_duplicates().values_list("pk", "flags")) == flags
    assert all(flag.split().count("campaign") == 1 for flag in flags.values())
    assert Campaign.objects.get().size == 50


# Rules and scale --------------------------------------------------------------------------------


def test_one_sender_repeating_themselves_is_not_a_campaign(
    settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_RATE_LIMIT = 100
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            submit(article, body=variant(n), sender=3)
    assert not Campaign.objects.exists()


def test_short_common_words_are_never_a_campaign(settings, django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            submit(make_article(), body="Great story!", sender=n)
            submit(article, body="Thank you", sender=10 + n) if n == 0 else None
    assert not Campaign.objects.exists()


def test_grouping_waits_for_the_commit(settings, django_capture_on_commit_callbacks):
    articles = [make_article() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for n, article in enumerate(articles):
            submit(article, body=variant(n), sender=n)
    assert not Campaign.objects.exists()
    for callback in callbacks:
        callback()
    # Across stories too: the same words on three stories from three senders.
    assert Campaign.objects.get().size == 3


def test_grouping_one_comment_costs_the_same_with_many_pending(
    django_assert_max_num_queries, settings
):
    article = make_article()
    rng = random.Random(5)
    Comment.objects.bulk_create(
        Comment(
            article=article,
            name="Reader",
            email=f"r{n}@example.org",
            body=unrelated(rng, n),
            fingerprint=f"{n:064x}",
            sender_hash=f"{n:064x}",
        )
        for n in range(300)
    )
    comments = list(Comment.objects.order_by("pk"))
    for comment in comments[:-1]:
        campaigns.group_comment(comment.pk)
    # Keys and candidates by index, then the transaction and the campaign's counts.
    with django_assert_max_num_queries(4):
        campaigns.group_comment(comments[-1].pk)
    assert not Campaign.objects.exists()


# The group decision's input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "approve",
        "approve:abc:1",
        "approve:1:" + "9" * 40,
        "reject:1:1",
        "reject:1:1:<script>",
        "delete:1:1",
        "approve:1:1:spam:extra\x00",
    ],
)
def test_a_group_decision_not_understood_changes_nothing(moderator_client, value):
    article = make_article()
    for n in range(3):
        submit(article, body=variant(n), sender=n)
    campaigns.group_comment(Comment.objects.last().pk)
    response = moderator_client.post(
        "/moderation/decide/", {"group": value, "expected": "pending"}, follow=True
    )
    assert response.status_code == 200
    assert not Decision.objects.exists()
    assert set(Comment.objects.values_list("status", flat=True)) == {"pending"}


def test_only_moderators_decide_a_group(editor_client):
    article = make_article()
    for n in range(3):
        submit(article, body=variant(n), sender=n)
    campaign = campaigns.group_comment(Comment.objects.last().pk)
    response = editor_client.post(
        "/moderation/decide/", {"group": f"approve:{campaign}:999", "expected": "pending"}
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_every_pending_comment_can_be_grouped_at_once(django_assert_max_num_queries):
    """Comments held before campaigns were looked for: one pass, then a few queries."""
    article = make_article()
    rng = random.Random(9)
    bodies = [(variant(n), n % 10) for n in range(30)]
    bodies += [(unrelated(rng, n), 100 + n) for n in range(300)]
    rng.shuffle(bodies)
    Comment.objects.bulk_create(
        Comment(
            article=article,
            name=f"Reader {sender}",
            email=f"reader{sender}@example.org",
            body=body,
            fingerprint=f"{n:064x}",
            sender_hash=f"{sender:064x}",
        )
        for n, (body, sender) in enumerate(bodies)
    )
    assert campaigns.regroup_pending() == 1
    campaign = Campaign.objects.get()
    assert (campaign.size, campaign.senders) == (30, 10)
    assert set(near_duplicates().values_list("campaign", flat=True)) == {campaign.pk}
    assert Comment.objects.filter(campaign__isnull=True).count() == 300
    # Again: every key is there and every group made. Comments without keys, every
    # pending comment's keys, the comments sharing a bucket: three queries for 330.
    with django_assert_max_num_queries(3):
        assert campaigns.regroup_pending() == 1
    assert Campaign.objects.get().size == 30
