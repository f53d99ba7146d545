"""The newsroom's roles as groups: Editor, Reporter, Moderator (DESIGN.md section 5)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")

# (app label, model, actions) per group. Reporters write stories but cannot delete
# them, and only look at authors and sections; issue-level rules (own stories only)
# live in the admin.
GROUP_PERMISSIONS = {
    "Editor": [
        ("articles", model, ALL)
        for model in ("article", "byline", "interview", "participant", "turn", "author", "section")
    ]
    + [("taggit", "tag", ALL), ("taggit", "taggeditem", ALL)],
    "Reporter": [
        ("articles", "article", ("add", "change", "view")),
        ("articles", "byline", ALL),
        ("articles", "interview", ALL),
        ("articles", "participant", ALL),
        ("articles", "turn", ALL),
        ("articles", "author", ("view",)),
        ("articles", "section", ("view",)),
        ("taggit", "tag", ("add", "view")),
        ("taggit", "taggeditem", ALL),
    ],
    # Moderators get the comment permissions when the comments app arrives.
    "Moderator": [],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = [
            Permission.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            )
            for app_label, model, actions in grants
            for action in actions
        ]
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_turn_participant_same_interview"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
