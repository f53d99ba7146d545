from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _comment_deleted(sender, instance, **kwargs):
    # Decisions go through the services, which refresh the story page; a superuser
    # deleting a comment in the admin must refresh it too.
    from newsroom.pagecache import invalidate_story

    invalidate_story(instance.article_id)


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"
    verbose_name = _("Reader comments")

    def ready(self):
        from django.db.models.signals import post_delete

        post_delete.connect(
            _comment_deleted, sender=self.get_model("Comment"), dispatch_uid="pages-comment"
        )
