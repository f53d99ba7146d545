from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from django.core.checks import Tags, register
        from django.db.models.signals import pre_save
        from taggit.models import Tag

        from newsroom.pagecache.checks import (
            check_generations_file,
            check_shared_cache,
        )

        from . import handlers
        from .editorial import revisions
        from .stories import tags

        handlers.connect()
        pre_save.connect(tags.give_tag_a_slug, sender=Tag, dispatch_uid="tag-fallback-slug")
        revisions.register_models()
        register(check_shared_cache, Tags.caches, deploy=True)
        register(check_generations_file, Tags.caches)
