"""Share-draft links: a draft read by someone without an account, until it expires."""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.stories.models import Article, reverse_in, staff_member_field
from newsroom.text import TypedTextMixin


def default_share_expiry():
    return timezone.now() + timedelta(days=7)


class ShareLink(TypedTextMixin, models.Model):
    """
    A secret, expiring address where someone without an account (a source checking
    quotes) reads a draft. The address carries this row's id, signed with the
    site's secret key: it cannot be guessed or altered, and the row can be revoked.
    """

    SIGNING_SALT = "articles.sharelink"
    MAX_DAYS = 90

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    label = models.CharField(
        _("shared with"),
        max_length=120,
        help_text=_('Who the link is for, e.g. "Dr. Okafor, quote check". Only editors see it.'),
    )
    created_by = staff_member_field()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        _("expires"),
        default=default_share_expiry,
        help_text=format_lazy(
            _("The link stops working at this time (at most {days} days ahead)."), days=MAX_DAYS
        ),
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return gettext("Share link for %(story)s (%(label)s)") % {
            "story": self.article,
            "label": self.label,
        }

    def get_absolute_url(self):
        # In the story's edition, whatever language the admin is in.
        return reverse_in(self.article.edition, "articles:share-preview", signed=self.token)

    def clean(self):
        if not self.expires_at:
            return
        now = timezone.now()
        if self._state.adding and self.expires_at <= now:
            raise ValidationError({"expires_at": gettext("Choose a time in the future.")})
        if self.expires_at > (self.created_at or now) + timedelta(days=self.MAX_DAYS):
            raise ValidationError(
                {
                    "expires_at": ngettext(
                        "A link may last at most %(days)s day.",
                        "A link may last at most %(days)s days.",
                        self.MAX_DAYS,
                    )
                    % {"days": self.MAX_DAYS}
                }
            )

    @property
    def token(self):
        return signing.Signer(salt=self.SIGNING_SALT).sign(str(self.pk))

    @classmethod
    def id_from_token(cls, token):
        """The id a token carries; raises signing.BadSignature if it was altered."""
        value = signing.Signer(salt=cls.SIGNING_SALT).unsign(token)
        if not value.isdigit():
            raise signing.BadSignature("Not a share link.")
        return int(value)

    @property
    def state(self):
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"
