from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Byline, Participant, Turn
from tests.factories import image_upload, make_article, make_author, make_interview, make_section

pytestmark = pytest.mark.django_db


def test_every_model_names_itself_and_has_an_address():
    author = make_author(name="Ines Carvalho", slug="ines-carvalho")
    article = make_article(headline="Ferry fares rise", slug="ferry-fares-rise", authors=[author])
    interview = make_interview(article, turns=2)
    turn = interview.turns.first()

    assert str(article) == "Ferry fares rise"
    assert article.get_absolute_url() == f"/en/stories/{article.pk}/ferry-fares-rise/"
    assert article.section.get_absolute_url() == f"/en/section/{article.section.slug}/"
    assert author.get_absolute_url() == "/en/author/ines-carvalho/"
    assert str(author) == "Ines Carvalho"
    assert interview.get_absolute_url().endswith("#transcript")
    assert str(turn).startswith("1. Ledger: Question")
    assert turn.get_absolute_url().endswith("#turn-1")
    assert str(Byline.objects.get()) == "Ines Carvalho (Reporter) on Ferry fares rise"


def test_story_slugs_are_unique():
    make_article(slug="same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="same-slug")


def test_a_published_story_needs_a_publish_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status=Article.Status.PUBLISHED, published_at=None)


def test_clean_explains_a_missing_publish_time_and_alt_text():
    article = Article(
        headline="x",
        slug="x",
        section=make_section(),
        status="published",
        hero_image=image_upload(),
    )
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "publish time" in str(error.value.message_dict["published_at"])
    assert "cannot see" in str(error.value.message_dict["hero_alt"])


def test_byline_positions_are_unique_per_story():
    article = make_article(authors=[make_author()])
    with pytest.raises(IntegrityError), transaction.atomic():
        Byline.objects.create(article=article, author=make_author(), position=1)


def test_turn_positions_are_unique_per_interview():
    interview = make_interview(make_article(), turns=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Turn.objects.create(
            interview=interview, participant=interview.participants.first(), position=1, text="x"
        )


def test_a_turn_cannot_be_spoken_by_a_participant_of_another_interview():
    """The database itself refuses it (composite key on PostgreSQL, trigger on SQLite)."""
    first = make_interview(make_article(), turns=1)
    other = make_interview(make_article(), turns=1)
    stranger = other.participants.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Turn.objects.create(interview=first, participant=stranger, position=9, text="x")
    turn = first.turns.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Turn.objects.filter(pk=turn.pk).update(participant=stranger)
    with pytest.raises(ValidationError):
        Turn(interview=first, participant=stranger, position=9, text="x").full_clean()


def test_participant_labels_are_unique_per_interview():
    interview = make_interview(make_article(), turns=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(interview=interview, name="Other", label="Ledger", position=3)


def test_body_is_sanitized_once_on_save():
    article = make_article(
        body='<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:x()">bad</a> '
        '<a href="https://example.org/">good</a></p><h2>Sub</h2><iframe src="x"></iframe>'
    )
    assert "script" not in article.body_html
    assert "onclick" not in article.body_html
    assert "javascript:" not in article.body_html
    assert "iframe" not in article.body_html
    assert '<a href="https://example.org/" rel="noopener noreferrer">good</a>' in article.body_html
    assert "<h2>Sub</h2>" in article.body_html


def test_plain_paragraphs_become_html_paragraphs():
    article = make_article(body="One line\ncontinued.\n\nSecond <b>para</b> & more.")
    assert article.body_html == (
        "<p>One line<br>continued.</p><p>Second <b>para</b> &amp; more.</p>"
    )


def test_dateline_leads_the_first_paragraph_and_is_escaped():
    article = make_article(dateline="WASHINGTON DC, United States", body="It began.\n\nThen.")
    assert article.body_with_dateline().startswith(
        '<p><span class="dateline">WASHINGTON DC, United States -</span> It began.</p>'
    )
    article.dateline = "<b>X</b>"
    assert "&lt;b&gt;X&lt;/b&gt; -" in article.body_with_dateline()


def test_first_published_time_is_kept_when_a_story_is_republished():
    first = timezone.now() - timedelta(days=2)
    article = make_article(published_at=first)
    article.published_at = timezone.now()
    article.save()
    article.refresh_from_db()
    assert article.first_published_at == first


def test_scheduled_and_draft_stories_are_not_published():
    live = make_article()
    make_article(published_at=timezone.now() + timedelta(hours=1))
    make_article(published=False)
    make_article(status=Article.Status.UNPUBLISHED, published_at=timezone.now())
    assert list(Article.objects.published()) == [live]
