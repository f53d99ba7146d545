"""
The demo in all four editions: the Sorani, Arabic and Kurmanji desks' own stories,
sections, writers, readers' comments and desk editors, linked to the English desk's
stories where they cover the same event.
"""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Q
from django.test import RequestFactory
from django.utils.text import slugify

from articles.importing.services import create_imported_story
from articles.importing.story_import import decode, parse_story
from articles.interviews.transcript import Style
from articles.models import Article, Author, DeskMember, Section, StoryGroup, Turn
from comments.models import Comment
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[1] / "articles" / "importing" / "demo"
DESKS = ("ckb", "ar", "kmr")
STORM = "storm-surge-floods-lower-port-elin"
SEWAGE = "carrow-water-fined-sewage-spills-beaches"
SORANI_INTERVIEW = "چاوپێکەوتن-شیلان-ڕەسووڵ-دەریاچەی-دوکان"
# Sorani's letters (keheh, Farsi yeh, ae, the r and l with marks...) and Arabic's own
# (Arabic kaf and yeh, teh marbuta, hamza on alef): a desk writes with its own alone.
SORANI_LETTERS = set("ەڕڵۆێکیگچپژ")
ARABIC_LETTERS = set("كيىةأإ")
KURMANJI_LETTERS = set("êîûçş")


@pytest.fixture
def load(django_capture_on_commit_callbacks, settings):
    """Run load_demo as `make run` does, after-commit handlers included."""
    settings.NEWSROOM_IMAGE_WIDTHS = (480,)
    settings.NEWSROOM_PORTRAIT_SIZES = (120,)

    def load(**options):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", force=True, stdout=out, **options)
        return out.getvalue()

    return load


def written_in(edition, text):
    letters = set(text.casefold())
    ours = {"ckb": SORANI_LETTERS, "ar": ARABIC_LETTERS, "kmr": KURMANJI_LETTERS}[edition]
    theirs = (SORANI_LETTERS | ARABIC_LETTERS) - ours
    return bool(letters & ours) and not letters & theirs


def in_script(edition, word):
    """A short word in the edition's script, with none of the other desks' letters."""
    arabic_script = any("\u0600" <= char <= "\u06ff" for char in word)
    theirs = (SORANI_LETTERS | ARABIC_LETTERS) - (
        SORANI_LETTERS if edition == "ckb" else ARABIC_LETTERS if edition == "ar" else set()
    )
    return arabic_script == (edition != "kmr") and not set(word) & theirs


def snapshot():
    return {
        "sections": sorted(Section.objects.values_list("edition", "slug", "name", "position")),
        "authors": sorted(Author.objects.values_list("pk", "slug", "name", "handle", "photo")),
        "stories": list(
            Article.objects.order_by("pk").values_list(
                "pk",
                "edition",
                "slug",
                "status",
                "headline",
                "body_html",
                "section__slug",
                "story_group",
                "translation_of",
                "hero_image",
            )
        ),
        "groups": list(StoryGroup.objects.values_list("pk", "name")),
        "turns": list(
            Turn.objects.order_by("interview", "position").values_list(
                "interview__article__slug", "participant__label", "text"
            )
        ),
        "tags": sorted(Article.tags.through.objects.values_list("object_id", "tag__name")),
        "desks": sorted(DeskMember.objects.values_list("user__username", "edition")),
        "comments": sorted(Comment.objects.values_list("article__slug", "name", "status")),
    }


def test_each_desk_publishes_its_own_stories_in_its_own_sections(load, client):
    load()
    for edition in DESKS:
        stories = Article.objects.published().filter(edition=edition)
        assert stories.count() >= 6, edition
        # Each desk has its own sections, named and addressed in its script.
        sections = Section.objects.filter(edition=edition)
        assert sections.count() == 4
        assert all(in_script(edition, s.name + s.slug) for s in sections), edition
        for story in stories.select_related("section"):
            assert story.section.edition == edition
            assert written_in(edition, story.headline + story.body + story.slug), story.slug
            assert slugify(story.slug, allow_unicode=True) == story.slug
            assert all(in_script(edition, tag) for tag in story.tags.names()), story.slug
            assert story.hero_image and story.hero_alt and story.dek
            page = client.get(story.get_absolute_url())
            assert page.status_code == 200, story.slug
            assert story.headline in page.content.decode()
            assert story.get_absolute_url().startswith(f"/{edition}/")
        # Writers named in their script, with Latin handles; their pages work.
        author = stories.first().bylines.first().author
        assert written_in(edition, author.name) and author.handle.isascii()
        assert client.get(author.get_absolute_url()).status_code == 200
        section = stories.first().section
        assert client.get(section.get_absolute_url()).status_code == 200

    # The local stories come from the desks' own places, with real datelines.
    kurmanji = Article.objects.filter(edition="kmr").values_list("dateline", flat=True)
    assert {"AMED, Tirkiye", "DUHOK, Herêma Kurdistanê", "WAN, Tirkiye"} <= set(kurmanji)
    # (Arabic-script datelines stay the first words of the text until the importer reads
    # them: see test_arabic_script_datelines_and_intros_are_read.)
    for edition, place in [
        ("ckb", "سلێمانی، هەرێمی کوردستان"),
        ("ckb", "هەولێر، هەرێمی کوردستان"),
        ("ar", "الموصل، العراق"),
        ("ar", "البصرة، العراق"),
    ]:
        stories = Article.objects.filter(edition=edition)
        assert stories.filter(Q(dateline=place) | Q(body__startswith=f"{place} - ")).exists()


def test_arabic_script_datelines_and_intros_are_read():
    def parsed(name):
        return parse_story(decode((DEMO / "stories" / name).read_bytes()))

    assert parsed("ckb/storm-surge-port-elin.txt").dateline == "پۆرت ئێلین، کەناری کارۆ"
    assert parsed("ar/basra-shatt-salinity.txt").dateline == "البصرة، العراق"
    interview = parsed("ckb/interview-shilan-rasul-dukan-lake.txt")
    assert interview.dateline == "سلێمانی، هەرێمی کوردستان"
    assert interview.intro.startswith("ئەوەی خوارەوە دەقی چاوپێکەوتنەکەیە")
    assert not any("دەقی چاوپێکەوتن" in paragraph for paragraph in interview.paragraphs)
    assert not [w for w in interview.warnings if "no date line" not in w]


def test_the_sorani_interview_is_labelled_then_alternating(load, client):
    # The parser reads the file as the house style writes it: the first turns
    # labelled, then unlabelled paragraphs taking turns.
    path = DEMO / "stories" / "ckb" / "interview-shilan-rasul-dukan-lake.txt"
    story = parse_story(decode(path.read_bytes()))
    assert story.transcript.style == Style.ALTERNATING
    assert not story.transcript.unassigned
    labelled = [turn for turn in story.transcript.turns if turn.label]
    assert [t.label for t in labelled] == ["ڕۆژنامە", "ڕەسووڵ", "ڕۆژنامە", "ڕەسووڵ"]
    assert len(story.transcript.turns) >= 12

    load()
    interview = Article.objects.get(slug=SORANI_INTERVIEW).interview
    turns = list(interview.turns.select_related("participant").order_by("position"))
    assert len(turns) == len(story.transcript.turns) >= 12
    assert all(turn.participant_id for turn in turns)
    asker = interview.participants.get(label="ڕۆژنامە")
    answerer = interview.participants.get(label="ڕەسووڵ")
    assert asker.is_interviewer and not answerer.is_interviewer
    assert answerer.name == "شیلان ڕەسووڵ"
    # Questions and answers take turns to the end, each question ending in "؟".
    assert [t.participant for t in turns] == [asker, answerer] * (len(turns) // 2)
    assert all(t.text.rstrip("»").endswith("؟") for t in turns if t.participant == asker)
    assert interview.edited_note and interview.recorded_at and interview.recorded_on

    page = client.get(interview.article.get_absolute_url()).content.decode()
    assert "شیلان ڕەسووڵ" in page and turns[-1].text[:40] in page
    assert 'dir="rtl"' in page


def test_counterparts_are_linked_and_one_story_is_a_translation(load):
    load()
    storm = Article.objects.get(slug=STORM)
    assert set(storm.counterparts().values_list("edition", flat=True)) == set(DESKS)
    assert storm.counterparts().filter(status="published").count() == 3
    for slug in (
        "night-ferry-saltmere-cancelled-winter",
        "saltmere-offshore-wind-plan-divides-fishing-families",
    ):
        editions = Article.objects.get(slug=slug).counterparts().values_list("edition", flat=True)
        assert len(editions) >= 2 and "en" not in editions

    # At most one story per edition in a group.
    for group in StoryGroup.objects.all():
        editions = list(group.stories.values_list("edition", flat=True))
        assert len(editions) == len(set(editions)) >= 2

    translation = Article.objects.get(translation_of__slug=SEWAGE)
    assert translation.edition == "ar"
    assert translation in Article.objects.get(slug=SEWAGE).counterparts()
    assert [(b.author.slug, b.role) for b in translation.bylines.order_by("position")] == [
        ("mara-lindqvist", "reporter"),
        ("ليلى-الحسيني", "translator"),
    ]
    # A faithful translation: the same figures, names and paragraphs as the original.
    original = Article.objects.get(slug=SEWAGE)
    for fact in ("1.4", "300", "46", "ميريام أوسترهاوت", "مارتن هيل", "إيوين براسك"):
        assert fact in translation.body
    assert translation.body.count("\n\n") == original.body.count("\n\n")


def test_loading_all_editions_twice_changes_nothing(load):
    load()
    first = snapshot()
    assert Article.objects.exclude(edition="en").count() == 20
    assert StoryGroup.objects.count() == 4
    load(verbosity=0)
    assert snapshot() == first


def test_readers_comment_in_each_language(load, client):
    load()
    for edition in DESKS:
        comments = Comment.objects.filter(article__edition=edition)
        approved = comments.filter(status="approved")
        assert approved.exists(), edition
        assert all(written_in(edition, c.body) for c in comments), edition
        assert all(c.email.endswith("@example.org") for c in comments)
        shown = approved.first()
        page = client.get(shown.article.get_absolute_url()).content.decode()
        assert shown.body.split("\n")[0] in page
    assert {"ckb", "ar", "kmr"} == set(
        Comment.objects.filter(status="pending")
        .exclude(article__edition="en")
        .values_list("article__edition", flat=True)
    )


def test_the_desk_editors_work_on_their_own_edition(load):
    output = load()
    logins = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] in {"sorani", "arabic"} and parts[1] == "/":
            login = RequestFactory().post("/admin/login/")
            logins[parts[0]] = authenticate(login, username=parts[0], password=parts[2])
    assert set(logins) == {"sorani", "arabic"} and all(logins.values())
    sorani, arabic = logins["sorani"], logins["arabic"]
    assert sorani.is_staff and sorani.groups.filter(name="Editor").exists()
    assert list(DeskMember.objects.filter(user=sorani).values_list("edition", flat=True)) == ["ckb"]
    assert Author.objects.get(user=sorani).name == "ئاراس کەریم"
    assert Author.objects.get(user=arabic).name == "ليلى الحسيني"
    sorani_story = Article.objects.get(slug=SORANI_INTERVIEW)
    assert sorani_story.is_editable_by(sorani)
    assert not sorani_story.is_editable_by(arabic)
    assert not Article.objects.get(slug=STORM).is_editable_by(sorani)


def test_editors_import_the_desks_files_with_import_story(load, tmp_path):
    load()
    files = sorted(str(path) for path in (DEMO / "stories").glob("*/*.txt"))
    assert len(files) == Article.objects.exclude(edition="en").count()
    # As on a site with the English desk's stories but not yet the others' (an edition
    # holds one counterpart of each story).
    Comment.objects.exclude(article__edition="en").delete()
    Turn.objects.exclude(interview__article__edition="en").delete()
    Article.objects.exclude(edition="en").delete()
    out = io.StringIO()
    call_command("import_story", "--dry-run", "--json", *files, stdout=out, stderr=io.StringIO())
    summary = json.loads(out.getvalue())
    assert summary["failed"] == 0
    assert all(not author["new"] for result in summary["files"] for author in result["authors"])
    results = {
        Path(result["file"]).relative_to(DEMO / "stories"): result for result in summary["files"]
    }
    storm = results[Path("ar/storm-surge-port-elin.txt")]
    assert (storm["edition"], storm["section"]) == ("ar", "أخبار")
    assert storm["counterparts"] == [STORM]
    assert results[Path("ar/carrow-water-fined-translation.txt")]["translation_of"] == SEWAGE

    # A file that names no edition goes to the one --edition names, and its section is
    # that edition's.
    text = (DEMO / "stories" / "kmr" / "duhok-grape-market.txt").read_text()
    text = text.replace('edition = "kmr"\n', "").replace(
        'slug = "li-duhokê-bazara-tirî-û-mewîjê"', 'slug = "tirî-li-duhokê"'
    )
    path = tmp_path / "tirî.txt"
    path.write_text(text)
    out = io.StringIO()
    call_command("import_story", "--edition", "kmr", str(path), stdout=out)
    assert "edition kmr, section nûçe" in out.getvalue()
    story = Article.objects.get(slug="tirî-li-duhokê")
    assert (story.edition, story.section.edition, story.section.slug) == ("kmr", "kmr", "nûçe")


def test_the_import_format_links_counterparts_once_per_edition():
    """What an editor's file may say about its edition and counterparts, and what it may not."""
    english = make_article(slug="harbour-wall", section=make_section(edition="en"))
    make_section(edition="ckb", name="هەواڵ", slug="هەواڵ")

    def imported(front_matter):
        text = f"+++\n{front_matter}\n+++\nسەردێڕ\nنووسینی ئاراس کەریم @aras_karim\n\nدەق.\n"
        return create_imported_story(story=parse_story(text), section=None)[0]

    first = imported('edition = "ckb"\nslug = "دیوار"\ncounterpart_of = "harbour-wall"')
    english.refresh_from_db()
    assert (first.edition, first.section.slug) == ("ckb", "هەواڵ")
    assert first.story_group == english.story_group is not None
    assert list(english.counterparts()) == [first]

    # One story per edition in a group; a story named by slug must exist.
    for front_matter, error in [
        ('edition = "ckb"\ncounterpart_of = "harbour-wall"', "already has a counterpart"),
        ('edition = "ckb"\ntranslation_of = "no-such-story"', "no story with the slug"),
        ('edition = "ckb"\nsection = "news"', 'no section "news" in the edition "ckb"'),
        ('edition = "xx"', 'no edition "xx"'),
    ]:
        with pytest.raises(ValidationError, match=error):
            imported(front_matter)
    assert Article.objects.filter(edition="ckb").count() == 1

    # A file without an edition is in the default one.
    assert imported('slug = "plain"\nsection = "' + english.section.slug + '"').edition == "en"
