"""
Editorial workflow (issue 4): the publish permission, who saved a story last and
its version counter (no lost edits), corrections, and share-draft links.

On SQLite, adding the two columns rebuilds articles_article, which drops the
trigger of 0004_search that removes a deleted story from the search index: the
last operation puts it back.
"""

import articles.models
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

SEARCH_TRIGGER = """
    CREATE TRIGGER IF NOT EXISTS articles_search_article_delete
    AFTER DELETE ON articles_article
    FOR EACH ROW
    BEGIN
        DELETE FROM articles_search WHERE rowid = OLD.id;
    END
"""


def restore_search_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SEARCH_TRIGGER)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': ['-published_at', '-pk'], 'permissions': [('publish_article', 'Can publish, schedule and unpublish stories')]},
        ),
        migrations.AddField(
            model_name='article',
            name='modified_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='article',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.CreateModel(
            name='ShareLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(help_text='Who the link is for, e.g. "Dr. Okafor, quote check". Only editors see it.', max_length=120, verbose_name='shared with')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField(default=articles.models.default_share_expiry, help_text='The link stops working at this time (at most 90 days ahead).', verbose_name='expires')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='share_links', to='articles.article')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('correction', 'Correction'), ('update', 'Update'), ('note', "Editor's note")], default='correction', help_text="Corrections show at the top of the story; updates and editor's notes under it. A correction or an update also sets the story's Updated time.", max_length=16)),
                ('text', models.TextField(help_text='Plain text, e.g. "An earlier version of this story misstated the harbour master\'s name."')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, help_text="When the story was corrected or updated, in the newsroom's time zone.", verbose_name='time')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='articles.article')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['-created_at', '-id'], name='correction_newest')],
                'constraints': [models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='correction_has_text')],
            },
        ),
        migrations.RunPython(restore_search_trigger, migrations.RunPython.noop),
    ]
