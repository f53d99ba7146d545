"""
The workflow's rights (issue 4) added to the groups of 0003_newsroom_groups.

Editors publish, schedule and unpublish (articles.publish_article), write
corrections and make share-draft links. Reporters may read corrections but not
write them; what they may do with their own stories (drafts and stories in
review they have a byline on) is decided in the admin (articles/admin.py).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")

GRANTS = {
    "Editor": [
        ("articles", "publish_article"),
        *(("articles", f"{action}_correction") for action in ALL),
        *(("articles", f"{action}_sharelink") for action in ALL),
    ],
    "Reporter": [("articles", "view_correction")],
}


def _permissions(apps, grants):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in grants
    ]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group_name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*_permissions(apps, grants))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*_permissions(apps, GRANTS[group.name]))


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_workflow")]

    operations = [migrations.RunPython(grant, revoke)]
