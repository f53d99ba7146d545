"""Each comment keeps its words as pages show them, made once (they never change)."""

from django.db import migrations, models


def render_existing(apps, schema_editor):
    from comments.models import body_as_html  # the same rendering new comments get

    Comment = apps.get_model("comments", "Comment")
    rows = Comment.objects.filter(body_html="").only("pk", "body")
    for comment in rows.iterator(chunk_size=500):
        # update(): the model's queryset refuses changes to submitted words, not this.
        Comment.objects.filter(pk=comment.pk).update(body_html=body_as_html(comment.body))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderator_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="body_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop),
    ]
