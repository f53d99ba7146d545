"""
`manage.py make_renditions`: the WebP and JPEG renditions of every hero image and
author photo that lacks them (images stored before renditions existed, or after
NEWSROOM_IMAGE_WIDTHS / NEWSROOM_PORTRAIT_SIZES changed). Safe to run again:
renditions that exist are kept unless --force.

Stored originals that still carry metadata (uploaded before uploads were cleaned:
EXIF with GPS, XMP, IPTC, ICC, comments) are re-encoded in place first, under the
same name, unless --keep-originals.
"""

from django.core.management.base import BaseCommand
from PIL import Image

from articles.media import images
from articles.models import Article, Author


class Command(BaseCommand):
    help = "Make the missing renditions of hero images and author photos (--force: all of them)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write every rendition again, also those that exist.",
        )
        parser.add_argument(
            "--keep-originals",
            action="store_true",
            help="Do not re-encode stored originals that still carry metadata.",
        )

    def handle(self, *args, **options):
        sources = [
            ("hero images", Article.objects.exclude(hero_image="").order_by("pk"), "hero_image"),
            ("author photos", Author.objects.exclude(photo="").order_by("pk"), "photo"),
        ]
        for label, queryset, field in sources:
            images_seen = written = missing = failed = stripped = 0
            for obj in queryset.iterator(chunk_size=200):
                field_file = getattr(obj, field)
                images_seen += 1
                if not field_file.storage.exists(field_file.name):
                    missing += 1
                    self.stderr.write(f"  missing: {field_file.name} ({obj._meta.label} {obj.pk})")
                    continue
                try:
                    rewritten = not options["keep_originals"] and images.strip_stored(field_file)
                    stripped += rewritten
                    written += images.make_renditions(
                        getattr(obj, field), replace=options["force"] or rewritten
                    )
                except (OSError, ValueError, Image.DecompressionBombError) as error:
                    failed += 1
                    self.stderr.write(f"  cannot read {field_file.name}: {error}")
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"{label}: {images_seen} images, {written} renditions written"
                    + (f", {stripped} originals stripped of metadata" if stripped else "")
                    + (f", {missing} files missing" if missing else "")
                    + (f", {failed} unreadable" if failed else "")
                )
