"""
`manage.py load_demo`: fill the site with The Harbour Ledger's demo newsroom.

The content lives in articles/demo_content.py. Running the command again gives the
same data, not twice the data: rows are keyed by slug, the bylines and transcripts
of demo stories are rebuilt, and images already on disk are reused. Publish times
are recomputed from "now" on each run so the demo always looks freshly published.
Nothing that is not part of the demo is touched.
"""

import io
import math
import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from articles.discovery import search
from articles.importing import demo_content
from articles.media import images
from articles.models import Article, Author, Byline, Interview, Participant, Section, Turn

HERO_SIZE = (1600, 900)
PORTRAIT_SIZE = 400


class Command(BaseCommand):
    help = (
        "Load the demo newsroom of The Harbour Ledger (sections, authors, stories, "
        "interviews, images and three demo staff logins). Safe to run again."
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
        now = timezone.now()
        with transaction.atomic():
            sections = load_sections()
            authors, portraits = load_authors()
            heroes = 0
            for story in demo_content.STORIES:
                heroes += load_story(story, sections, authors, now)
            load_users(authors)
            self.load_more(now)

        if options["verbosity"] >= 1:
            self.write_summary(heroes, portraits)
        self.write_logins()

    def load_more(self, now):
        """A hook for apps built on stories (comments) to add their demo data."""

    def write_summary(self, heroes, portraits):
        slugs = [story["slug"] for story in demo_content.STORIES]
        stories = Article.objects.filter(slug__in=slugs)
        now = timezone.now()
        published = stories.filter(status=Article.Status.PUBLISHED)
        interviews = Interview.objects.filter(article__in=stories)
        self.stdout.write(self.style.SUCCESS("Loaded the demo newsroom of The Harbour Ledger:"))
        self.stdout.write(
            f"  {len(demo_content.SECTIONS)} sections, {len(demo_content.AUTHORS)} authors, "
            f"{stories.count()} stories ({published.filter(published_at__lte=now).count()} "
            f"published, {published.filter(published_at__gt=now).count()} scheduled, "
            f"{stories.filter(status=Article.Status.DRAFT).count()} draft)"
        )
        self.stdout.write(
            f"  {interviews.count()} interviews with "
            f"{Turn.objects.filter(interview__in=interviews).count()} turns, "
            f"{Byline.objects.filter(article__in=stories).count()} bylines"
        )
        self.stdout.write(
            f"  images drawn this run: {heroes} hero, {portraits} portrait "
            "(images already on disk are kept)"
        )
        self.stdout.write("")

    def write_logins(self):
        """Always printed, even with -v 0: it is what the person running the demo needs."""
        width = max(len(user["username"]) for user in demo_content.DEMO_USERS)
        pwidth = max(len(user["password"]) for user in demo_content.DEMO_USERS)
        self.stdout.write("Demo logins (for this demo only):")
        for user in demo_content.DEMO_USERS:
            self.stdout.write(
                f"  {user['username']:<{width}} / {user['password']:<{pwidth}}   {user['can']}"
            )
        self.stdout.write("Sign in at /admin/ (stories) or /moderation/ (comments).")


# Content ------------------------------------------------------------------------------------


def load_sections():
    """Create or update the sections; return them by slug for the stories."""
    sections = {}
    for data in demo_content.SECTIONS:
        sections[data["slug"]], _ = Section.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "position": data["position"],
            },
        )
    return sections


def load_authors():
    """
    Create or update the authors; return them by slug, and how many photos were drawn.

    The user link is left alone here: load_users() sets the one demo link, and an
    editor's own links survive a re-run.
    """
    authors, drawn = {}, 0
    for data in demo_content.AUTHORS:
        author, _ = Author.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "role": data["role"],
                "bio": data["bio"],
                "handle": data["handle"],
                "profile_url": data["profile_url"],
                "email": data["email"],
            },
        )
        drawn_now = attach_image(
            author.photo, f"{author.slug}.jpg", lambda d=data: portrait_jpeg(d["name"], d["colour"])
        )
        # Made once: kept on a re-run unless the photo was just drawn again.
        images.make_renditions(author.photo, replace=bool(drawn_now))
        drawn += drawn_now
        authors[author.slug] = author
    return authors, drawn


def load_story(data, sections, authors, now):
    """Create or update one story, its tags, bylines and interview; 1 if a hero was drawn."""
    published_at = None
    if data["hours_ago"] is not None:
        published_at = now - timedelta(hours=data["hours_ago"])
    updated_at = None
    if data.get("updated_hours_ago") is not None:
        updated_at = now - timedelta(hours=data["updated_hours_ago"])
    hero = data["hero"]

    article, _ = Article.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "headline": data["headline"],
            "dek": data["dek"],
            "dateline": data["dateline"],
            "body": "\n\n".join(data["body"]),
            "section": sections[data["section"]],
            "status": data["status"],
            "published_at": published_at,
            # Recomputed with published_at so a re-run does not keep the first run's time.
            "first_published_at": published_at if data["status"] == "published" else None,
            "updated_at": updated_at,
            "comments_enabled": data["comments_enabled"],
            # The demo's images are drawn shapes, not the photo the caption imagines:
            # the alt text says what a reader would actually see.
            "hero_alt": f"Demo illustration: {MOTIF_DESCRIPTIONS[hero['motif']]}",
            "hero_caption": hero["caption"],
            "hero_credit": hero["credit"],
        },
    )
    article.tags.set(data["tags"])

    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=authors[slug], role=role, position=position)
        for position, (slug, role) in enumerate(data["bylines"], start=1)
    )

    if "interview" in data:
        load_interview(article, data["interview"])
    search.reindex_article(article)

    drawn = attach_image(
        article.hero_image,
        f"{article.slug}.jpg",
        lambda: hero_jpeg(hero["colours"], hero["motif"], seed=article.slug),
    )
    images.make_renditions(article.hero_image, replace=bool(drawn))
    return drawn


def load_interview(article, data):
    """Replace the interview's participants and turns with the demo transcript."""
    interview, _ = Interview.objects.update_or_create(
        article=article,
        defaults={
            "intro": data["intro"],
            "recorded_at": data["recorded_at"],
            "recorded_on": timezone.localdate() - timedelta(days=data["recorded_days_ago"]),
            "edited_note": True,
        },
    )
    # Turns protect their participant, so they go first.
    interview.turns.all().delete()
    interview.participants.all().delete()
    participants = {}
    for position, person in enumerate(data["participants"], start=1):
        participants[person["label"]] = Participant.objects.create(
            interview=interview,
            name=person["name"],
            label=person["label"],
            role=person["role"],
            is_interviewer=person["is_interviewer"],
            position=position,
        )
    Turn.objects.bulk_create(
        Turn(
            interview=interview,
            participant=participants[turn["speaker"]],
            position=position,
            text=turn["text"],
            timecode=turn.get("timecode", ""),
        )
        for position, turn in enumerate(data["turns"], start=1)
    )


def load_users(authors):
    """
    The three demo staff accounts, one per newsroom group, with their fixed passwords.

    Passwords are reset on every run so the printed logins always work.
    """
    User = get_user_model()
    for data in demo_content.DEMO_USERS:
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
        if data.get("author"):
            link_author(user, authors[data["author"]])


def link_author(user, author):
    """Make `author` the byline of `user`, moving the one-to-one link if needed."""
    Author.objects.filter(user=user).exclude(pk=author.pk).update(user=None)
    if author.user_id != user.pk:
        author.user = user
        author.save(update_fields=["user"])


# Images -------------------------------------------------------------------------------------


def attach_image(field_file, filename, render):
    """
    Give an empty image field the demo file and save it; return 1 if a file was drawn.

    A field that already points to an existing file is left alone (an editor may
    have replaced the demo image). If the file is on disk but the field is empty,
    as after a fresh database with an old media folder, the file is reused rather
    than saved again under a new, suffixed name.
    """
    storage = field_file.storage
    if field_file.name and storage.exists(field_file.name):
        return 0
    instance, field = field_file.instance, field_file.field
    name = field.generate_filename(instance, filename)
    drawn = 0
    if storage.exists(name):
        setattr(instance, field.attname, name)
        field.update_dimension_fields(instance, force=True)
    else:
        field_file.save(filename, ContentFile(render()), save=False)
        drawn = 1
    dimensions = [f for f in (field.width_field, field.height_field) if f]
    instance.save(update_fields=[field.attname, *dimensions])
    return drawn


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


MOTIF_DESCRIPTIONS = {
    "waves": "layered waves under a graded sky",
    "sun": "a low sun over a calm horizon",
    "grid": "a grid of lines like a harbour chart",
    "hills": "rolling hills in graded colour",
    "rings": "overlapping rings in graded colour",
}

MOTIFS = {
    "waves": draw_waves,
    "sun": draw_sun,
    "grid": draw_grid,
    "hills": draw_hills,
    "rings": draw_rings,
}


def portrait_jpeg(name, colour):
    """A square placeholder portrait: the author's initials on their colour."""
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    image = Image.new("RGB", (PORTRAIT_SIZE, PORTRAIT_SIZE), hex_to_rgb(colour))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=PORTRAIT_SIZE * 2 // 5)
    centre = PORTRAIT_SIZE // 2
    draw.text((centre, centre), initials, font=font, fill=(255, 255, 255), anchor="mm")
    return to_jpeg(image)
