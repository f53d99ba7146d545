"""Tags saved with an empty slug (a name with no letter or digit) get their fallback one."""

import hashlib

from django.db import migrations


def give_empty_slugs_a_fallback(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.filter(slug=""):
        # As articles.stories.tags.fallback_slug (frozen here, as migrations must be).
        tag.slug = "tag-" + hashlib.sha256(tag.name.encode()).hexdigest()[:10]
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_listing_cover_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(give_empty_slugs_a_fallback, migrations.RunPython.noop)]
