"""
The front page as editors arrange it (articles/frontpage): arrangements and their
pinned stories. Editors may arrange it; reporters may not.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import newsroom.text

EDITOR_GRANTS = [
    f"{action}_{model}"
    for model in ("frontpage", "frontpagepin")
    for action in ("add", "change", "delete", "view")
]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="articles", codename__in=EDITOR_GRANTS)


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_author_web_urls"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FrontPage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="For editors only, e.g. “Election night”.",
                        max_length=100,
                        verbose_name="name",
                    ),
                ),
                (
                    "is_live",
                    models.BooleanField(
                        default=False,
                        help_text="Readers see the live one; the others are drafts to preview.",
                        verbose_name="live",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "modified_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "modified_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "front page",
                "verbose_name_plural": "front pages",
                "ordering": ["-is_live", "-modified_at", "pk"],
            },
            bases=(newsroom.text.TypedTextMixin, models.Model),
        ),
        migrations.CreateModel(
            name="FrontPagePin",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "slot",
                    models.CharField(
                        choices=[
                            ("lead", "Lead story"),
                            ("top", "Top stories"),
                            ("section", "Section block"),
                        ],
                        default="lead",
                        max_length=10,
                        verbose_name="slot",
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="1 is the first story of its slot.",
                        verbose_name="position",
                    ),
                ),
                (
                    "starts_at",
                    models.DateTimeField(
                        blank=True, help_text="Empty: at once.", null=True, verbose_name="from"
                    ),
                ),
                (
                    "ends_at",
                    models.DateTimeField(
                        blank=True, help_text="Empty: no end.", null=True, verbose_name="until"
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.article",
                        verbose_name="story",
                    ),
                ),
                (
                    "front_page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pins",
                        to="articles.frontpage",
                    ),
                ),
                (
                    "section",
                    models.ForeignKey(
                        blank=True,
                        help_text="For a section block only.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.section",
                    ),
                ),
            ],
            options={
                "verbose_name": "pinned story",
                "verbose_name_plural": "pinned stories",
                "ordering": ["front_page", "slot", "section", "position", "starts_at", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="frontpage",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_live", True)),
                fields=("is_live",),
                name="frontpage_one_live",
                violation_error_message="Only one front page can be live.",
            ),
        ),
        migrations.AddConstraint(
            model_name="frontpagepin",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("section__isnull", False), ("slot", "section")),
                    models.Q(
                        models.Q(("slot", "section"), _negated=True), ("section__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="frontpagepin_section_block_has_section",
                violation_error_message="Choose a section for a section block, and only then.",
            ),
        ),
        migrations.AddConstraint(
            model_name="frontpagepin",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("slot", "lead"), _negated=True), ("position", 1), _connector="OR"
                ),
                name="frontpagepin_one_lead_position",
                violation_error_message="The lead story has one position: 1.",
            ),
        ),
        migrations.AddConstraint(
            model_name="frontpagepin",
            constraint=models.CheckConstraint(
                condition=models.Q(("position__gte", 1), ("position__lte", 8)),
                name="frontpagepin_position_range",
                violation_error_message="Choose a position from 1 to 8.",
            ),
        ),
        migrations.AddConstraint(
            model_name="frontpagepin",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("starts_at__isnull", True),
                    ("ends_at__isnull", True),
                    ("ends_at__gt", models.F("starts_at")),
                    _connector="OR",
                ),
                name="frontpagepin_ends_after_start",
                violation_error_message="A pin ends after it starts.",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
