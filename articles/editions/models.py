from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import get as get_edition
from .registry import validate_edition


class StoryGroup(models.Model):
    """
    Stories that cover the same event, one per edition: each desk writes its own, and
    the group links them as counterparts (hreflang alternates, the coverage view).
    """

    name = models.CharField(
        _("event"),
        max_length=200,
        blank=True,
        help_text=_("What the stories cover, for the coverage view. Optional."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("story group")
        verbose_name_plural = _("story groups")

    def __str__(self):
        return self.name or _("Story group %(number)s") % {"number": self.pk}


class DeskMember(models.Model):
    """
    An editor, reporter or moderator limited to some editions: their lists and queues
    default to them, and they may edit or moderate nothing else. A staff member with no
    row works on every edition.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desks"
    )
    edition = models.CharField(_("edition"), max_length=12, validators=[validate_edition])

    class Meta:
        ordering = ["user_id", "edition"]
        verbose_name = _("desk member")
        verbose_name_plural = _("desk members")
        constraints = [
            models.UniqueConstraint(fields=["user", "edition"], name="deskmember_once"),
        ]

    def __str__(self):
        try:
            name = get_edition(self.edition).english_name
        except KeyError:
            name = self.edition
        return f"{self.user} – {name}"


def editions_of(user):
    """The edition codes ``user`` works on, or None for every edition."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_newsroom_desks", None)
    if cached is None:
        cached = tuple(DeskMember.objects.filter(user=user).values_list("edition", flat=True))
        user._newsroom_desks = cached
    return list(cached) or None


def limit_to_desks(queryset, user, field="edition"):
    """``queryset`` narrowed to ``user``'s editions (unchanged for staff with no desk)."""
    desks = editions_of(user)
    if desks is None:
        return queryset
    return queryset.filter(**{f"{field}__in": desks})
