"""
`manage.py load_demo`: fill the site with The Harbour Ledger's demo newsroom.

The demo is content, not code: articles/importing/demo/ holds each story as a text
file in the format `manage.py import_story` reads, and a few TOML files for what
that format cannot say (sections, authors, logins, publish times, pictures and
reader comments); docs/importing.md describes them. Stories go in through the
same import services and workflow as an editor's, so the demo shows what they do.

All four editions are there: the English desk's stories, and the Sorani, Arabic and
Kurmanji desks' own (stories/<edition>/), each desk with its sections, writers,
readers' comments and, for Sorani and Arabic, an editor limited to its edition.
Stories on the same event are linked as counterparts by their front matter.

Running the command again gives the same data, not twice the data: rows are keyed
by slug (comments by their text), demo stories are rebuilt from their files, and
images already stored are kept. Publish times are recomputed from "now" on each run
so the demo always looks freshly published. Nothing that is not part of the demo is
touched. Search entries, renditions and cached pages follow from the handlers that
run when the load commits.
"""

import io
import math
import random
import re
import tomllib
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from articles.editions import registry as editions
from articles.frontpage.services import save_front_page
from articles.importing.services import create_imported_story, reimport_story
from articles.importing.story_import import StoryImportError, decode, parse_story
from articles.models import (
    Article,
    Author,
    Byline,
    DeskMember,
    FrontPage,
    FrontPagePin,
    Interview,
    Section,
    Turn,
)

DEMO = Path(__file__).resolve().parents[2] / "importing" / "demo"
HERO_SIZE = (1600, 900)
PORTRAIT_SIZE = 400


def read_toml(name):
    with open(DEMO / name, "rb") as file:
        return tomllib.load(file)


def prose(text):
    """Text wrapped for the editor's eyes: lines joined, blank lines kept as paragraphs."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))


class Command(BaseCommand):
    help = (
        "Load the demo newsroom of The Harbour Ledger (sections, authors, stories, "
        "interviews, images, reader comments and demo staff logins) in all four editions. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DJANGO_DEBUG=0 (a throwaway staging site, never production).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo creates staff logins whose passwords are published; it refuses "
                "to run with DJANGO_DEBUG=0. Use --force on a throwaway site."
            )
        newsroom, stories = read_toml("newsroom.toml"), read_toml("stories.toml")
        now = timezone.now()
        with transaction.atomic():
            load_sections(newsroom["sections"])
            portraits = load_authors(newsroom["authors"])
            loaded = [load_story(key, data, now) for key, data in stories.items()]
            slugs = [slug for slug, _ in loaded]
            heroes = sum(drawn for _, drawn in loaded)
            load_users(newsroom["logins"])
            load_front_page()
            if apps.is_installed("comments"):
                load_comments(read_toml("comments.toml")["comments"], now)

        if options["verbosity"] >= 1:
            self.write_summary(newsroom, slugs, heroes, portraits)
        self.write_logins(newsroom["logins"])

    def write_summary(self, newsroom, slugs, heroes, portraits):
        stories = Article.objects.filter(slug__in=slugs)
        now = timezone.now()
        published = stories.filter(status=Article.Status.PUBLISHED)
        interviews = Interview.objects.filter(article__in=stories)
        self.stdout.write(self.style.SUCCESS("Loaded the demo newsroom of The Harbour Ledger:"))
        self.stdout.write(
            f"  {len(newsroom['sections'])} sections, {len(newsroom['authors'])} authors, "
            f"{stories.count()} stories ({published.filter(published_at__lte=now).count()} "
            f"published, {published.filter(published_at__gt=now).count()} scheduled, "
            f"{stories.filter(status=Article.Status.DRAFT).count()} draft)"
        )
        for edition in editions.all_editions():
            desk = stories.filter(edition=edition.code)
            self.stdout.write(
                f"    {edition.english_name} ({edition.code}): {desk.count()} stories, "
                f"{desk.exclude(story_group=None).count()} linked to counterparts"
            )
        self.stdout.write(
            f"  {interviews.count()} interviews with "
            f"{Turn.objects.filter(interview__in=interviews).count()} turns, "
            f"{Byline.objects.filter(article__in=stories).count()} bylines"
        )
        self.stdout.write(
            f"  images drawn this run: {heroes} hero, {portraits} portrait "
            "(images already stored are kept)"
        )
        self.stdout.write("")

    def write_logins(self, logins):
        """Always printed, even with -v 0: it is what the person running the demo needs."""
        width = max(len(user["username"]) for user in logins)
        pwidth = max(len(user["password"]) for user in logins)
        self.stdout.write("Demo logins (for this demo only):")
        for user in logins:
            self.stdout.write(
                f"  {user['username']:<{width}} / {user['password']:<{pwidth}}   {user['can']}"
            )
        self.stdout.write("Sign in at /admin/ (stories) or /moderation/ (comments).")


# Content ------------------------------------------------------------------------------------


def load_sections(sections):
    """Create or update each edition's sections, in the order the file lists them."""
    positions = {}
    for data in sections:
        edition = data.get("edition", "en")
        position = positions[edition] = positions.get(edition, 0) + 1
        Section.objects.update_or_create(
            edition=edition,
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": prose(data["description"]),
                "position": position,
            },
        )


def load_authors(authors):
    """
    Create or update the authors, before the stories: their bylines name them by
    handle, which the importer matches. Returns how many photos were drawn.

    The user link is left alone here: load_users() sets the one demo link, and an
    editor's own links survive a re-run.
    """
    drawn = 0
    for data in authors:
        author, _ = Author.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "role": data["role"],
                "bio": prose(data["bio"]),
                "handle": data["handle"],
                "profile_url": data["profile_url"],
                "email": data["email"],
            },
        )
        initials = data.get("initials") or initials_of(data["name"])
        drawn += attach_image(
            author.photo,
            f"{author.slug}.jpg",
            lambda i=initials, c=data["colour"]: portrait_jpeg(i, c),
        )
    return drawn


def load_story(key, data, now):
    """
    Import one story from its file, or rebuild it: (its slug, 1 if its hero image was
    drawn). An English story's key is its slug; a desk's is "<edition>/<file name>",
    and its front matter says its edition and its slug, in the edition's script.
    """
    path = DEMO / "stories" / f"{key}.txt"
    try:
        story = parse_story(decode(path.read_bytes()))
    except (OSError, StoryImportError) as error:
        raise CommandError(f"{path}: {error}") from None
    folder = key.rpartition("/")[0]
    if not folder and story.slug != key:
        raise CommandError(f'{path}: its front matter should say slug = "{key}".')
    if folder and (not story.slug or story.edition != folder):
        raise CommandError(
            f'{path}: its front matter should give its slug and say edition = "{folder}".'
        )
    slug = story.slug

    hours = data.get("published_hours_ago")
    at = None if hours is None else now - timedelta(hours=hours)
    article = Article.objects.filter(slug=slug).first()
    save = reimport_story if article else create_imported_story
    options = {"article": article} if article else {}
    article, _ = save(story=story, section=None, publish=at is not None, at=at, **options)

    if "recorded_days_ago" in data:
        interview = article.interview
        interview.recorded_on = timezone.localdate() - timedelta(days=data["recorded_days_ago"])
        interview.save(update_fields=["recorded_on"])

    hero = data["hero"]
    updated = data.get("updated_hours_ago")
    article.updated_at = None if updated is None else now - timedelta(hours=updated)
    article.comments_enabled = data.get("comments_open", True)
    article.hero_alt, article.hero_caption = hero["alt"], hero["caption"]
    article.hero_credit = hero["credit"]
    article.save(
        update_fields=["updated_at", "comments_enabled", "hero_alt", "hero_caption", "hero_credit"]
    )
    drawn = attach_image(
        article.hero_image,
        f"{key.replace('/', '-')}.jpg",
        lambda: hero_jpeg(hero["colours"], hero["motif"], seed=slug),
    )
    return slug, drawn


# The demo's front page, as an editor would arrange it: the harbour master's interview
# leads over newer news, and the songs interview heads the Culture block.
DEMO_FRONT_PAGE = "The Harbour Ledger, as arranged by the desk"
DEMO_PINS = [
    ("lead", None, 1, "interview-ingrid-solberg-harbour-master"),
    ("section", "culture", 1, "interview-calloway-marr-forgotten-fishing-songs"),
]


def load_front_page():
    """
    The demo arrangement, live unless editors have made another one live. Pins are
    keyed by their slot: a second run finds them as the first left them.
    """
    front_page = FrontPage.objects.filter(name=DEMO_FRONT_PAGE).first()
    if front_page is None:
        live = not FrontPage.objects.filter(is_live=True, edition="en").exists()
        front_page = save_front_page(
            front_page=FrontPage(name=DEMO_FRONT_PAGE, edition="en", is_live=live)
        )
    stories = Article.objects.in_bulk([slug for *_, slug in DEMO_PINS], field_name="slug")
    wanted = [s for _, s, *_ in DEMO_PINS if s]
    sections = {s.slug: s for s in Section.objects.filter(edition="en", slug__in=wanted)}
    for slot, section, position, slug in DEMO_PINS:
        pin = FrontPagePin.objects.filter(
            front_page=front_page,
            slot=slot,
            section=sections.get(section),
            position=position,
            starts_at=None,
            ends_at=None,
        ).first()
        if pin is None:
            FrontPagePin.objects.create(
                front_page=front_page,
                slot=slot,
                section=sections.get(section),
                position=position,
                article=stories[slug],
            )
        elif pin.article_id != stories[slug].pk:
            pin.article = stories[slug]
            pin.save(update_fields=["article"])


def load_users(logins):
    """
    The demo staff accounts, one per newsroom group and one editor per right-to-left
    desk, with their fixed passwords; a desk's editor works on its edition alone.

    Passwords are reset on every run so the printed logins always work.
    """
    User = get_user_model()
    for data in logins:
        try:
            group = Group.objects.get(name=data["group"])
        except Group.DoesNotExist:
            raise CommandError(
                f'The group "{data["group"]}" is missing: run "manage.py migrate" first.'
            ) from None
        user, _ = User.objects.get_or_create(username=data["username"])
        user.first_name = data["first_name"]
        user.last_name = data["last_name"]
        user.email = data["email"]
        user.is_staff = True
        user.is_superuser = False
        user.is_active = True
        user.set_password(data["password"])
        user.save()
        user.groups.set([group])
        desks = data.get("editions", [])
        DeskMember.objects.filter(user=user).exclude(edition__in=desks).delete()
        for edition in desks:
            DeskMember.objects.get_or_create(user=user, edition=edition)
        if data.get("author"):
            link_author(user, Author.objects.get(slug=data["author"]))


def link_author(user, author):
    """Make `author` the byline of `user`, moving the one-to-one link if needed."""
    Author.objects.filter(user=user).exclude(pk=author.pk).update(user=None)
    if author.user_id != user.pk:
        author.user = user
        author.save(update_fields=["user"])


def load_comments(comments, now):
    """
    Reader comments in each state, decided by the demo moderator through the same
    services as in the moderation queue. Comments can never be edited: one already
    there (same story, name and words) is left as it is.
    """
    from comments import services
    from comments.models import Comment, fingerprint
    from comments.moderation import sender_hash

    moderator = get_user_model().objects.get(username="moderator")
    for data in comments:
        article = Article.objects.get(slug=data["story"])
        body = prose(data["body"])
        words = fingerprint(body)
        if Comment.objects.filter(article=article, name=data["name"], fingerprint=words).exists():
            continue
        submitted_at = (article.published_at or now) + timedelta(hours=data["hours_after"])
        comment = Comment.objects.create(
            article=article,
            name=data["name"],
            email=data["email"],
            body=body,
            sender_hash=sender_hash(f"demo:{data['email']}"),
            flags="links" if body.count("https://") > 2 else "",
            submitted_at=min(submitted_at, now),
        )
        if data["state"] == "approved":
            services.approve_comment(comment=comment, moderator=moderator)
        elif data["state"] == "rejected":
            services.reject_comment(comment=comment, moderator=moderator, reason="promotion")


# Images -------------------------------------------------------------------------------------


def attach_image(field_file, filename, render):
    """
    Give an empty image field the demo picture and save it; return 1 if one was drawn.

    A field that already points to an existing file is left alone (an editor may
    have replaced the demo image). Otherwise the picture is drawn (the same one each
    time: it is seeded) and stored as a new file, so the handlers make its renditions
    when the load commits. A stale file under the same name, as after a fresh
    database with an old media folder, is replaced rather than kept beside a suffixed copy.
    """
    storage = field_file.storage
    if field_file.name and storage.exists(field_file.name):
        return 0
    instance, field = field_file.instance, field_file.field
    name = field.generate_filename(instance, filename)
    if storage.exists(name):
        storage.delete(name)
    setattr(instance, field.name, ContentFile(render(), name=filename))
    dimensions = [f for f in (field.width_field, field.height_field) if f]
    instance.save(update_fields=[field.attname, *dimensions])
    return 1


def hex_to_rgb(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def to_jpeg(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def hero_jpeg(colours, motif, seed):
    """
    An abstract hero image: a vertical gradient between two colours and a motif.

    Seeded by the story's slug, so the same story always gets the same picture.
    """
    width, height = HERO_SIZE
    top, bottom = (Image.new("RGB", HERO_SIZE, hex_to_rgb(colour)) for colour in colours)
    mask = Image.linear_gradient("L").resize(HERO_SIZE)
    image = Image.composite(bottom, top, mask).convert("RGBA")
    overlay = Image.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    MOTIFS[motif](ImageDraw.Draw(overlay), random.Random(seed), width, height)
    return to_jpeg(Image.alpha_composite(image, overlay))


def draw_waves(draw, rng, width, height):
    """Bands of sea, lighter towards the front."""
    for band in range(5):
        base = height * (0.45 + band * 0.11)
        amplitude = rng.uniform(14, 36)
        wavelength = rng.uniform(280, 520)
        phase = rng.uniform(0, 2 * math.pi)
        crest = [
            (x, base + amplitude * math.sin(2 * math.pi * x / wavelength + phase))
            for x in range(0, width + 20, 20)
        ]
        draw.polygon([*crest, (width, height), (0, height)], fill=(255, 255, 255, 30 + band * 14))


def draw_sun(draw, rng, width, height):
    """A low sun with halos over a darker sea and its streaks of reflection."""
    cx, cy = width * rng.uniform(0.3, 0.7), height * 0.55
    for ring in range(4, 0, -1):
        radius = height * (0.16 + ring * 0.06)
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius), fill=(255, 236, 200, 18 + ring)
        )
    radius = height * 0.16
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(255, 244, 214, 210))
    horizon = int(height * 0.66)
    draw.rectangle((0, horizon, width, height), fill=(0, 0, 0, 80))
    for row in range(horizon + 14, height, 22):
        half = rng.uniform(0.3, 1.0) * radius * (1 + (row - horizon) / height)
        draw.line((cx - half, row, cx + half, row), fill=(255, 244, 214, 120), width=5)


def draw_grid(draw, rng, width, height):
    """A grid of fine lines with a scatter of lit cells, like windows or a chart."""
    step = 100
    for x in range(0, width + 1, step):
        draw.line((x, 0, x, height), fill=(255, 255, 255, 40), width=2)
    for y in range(0, height + 1, step):
        draw.line((0, y, width, y), fill=(255, 255, 255, 40), width=2)
    for _ in range(22):
        col, row = rng.randrange(width // step), rng.randrange(height // step)
        x, y = col * step, row * step
        draw.rectangle(
            (x + 8, y + 8, x + step - 8, y + step - 8),
            fill=(255, 255, 255, rng.randrange(40, 130)),
        )


def draw_hills(draw, rng, width, height):
    """Overlapping ridges, darker towards the front."""
    for layer in range(4):
        base = height * (0.42 + layer * 0.14)
        waves = [
            (rng.uniform(20, 70), rng.uniform(500, 1400), rng.uniform(0, 2 * math.pi))
            for _ in range(2)
        ]
        ridge = [
            (x, base + sum(a * math.sin(2 * math.pi * x / w + p) for a, w, p in waves))
            for x in range(0, width + 20, 20)
        ]
        draw.polygon([*ridge, (width, height), (0, height)], fill=(0, 0, 0, 40 + layer * 25))


def draw_rings(draw, rng, width, height):
    """Concentric rings around an off-centre point, like ripples or a spotlight."""
    cx, cy = width * rng.uniform(0.25, 0.75), height * rng.uniform(0.3, 0.7)
    for ring in range(1, 14):
        radius = ring * 70
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            outline=(255, 255, 255, max(20, 150 - ring * 10)),
            width=6,
        )
    draw.ellipse((cx - 40, cy - 40, cx + 40, cy + 40), fill=(255, 255, 255, 170))


MOTIFS = {
    "waves": draw_waves,
    "sun": draw_sun,
    "grid": draw_grid,
    "hills": draw_hills,
    "rings": draw_rings,
}


def initials_of(name):
    return "".join(part[0] for part in name.split()[:2]).upper()


def portrait_jpeg(initials, colour):
    """A square placeholder portrait: the author's initials on their colour."""
    image = Image.new("RGB", (PORTRAIT_SIZE, PORTRAIT_SIZE), hex_to_rgb(colour))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=PORTRAIT_SIZE * 2 // 5)
    centre = PORTRAIT_SIZE // 2
    draw.text((centre, centre), initials, font=font, fill=(255, 255, 255), anchor="mm")
    return to_jpeg(image)
