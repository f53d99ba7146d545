"""
The arrangement's admin forms. No lost edits, as in the story form: ``version`` is
the arrangement's version when the form was opened, and a save over a newer one
stops with ``conflict`` set (who saved, when), keeping everything typed, unless the
editor ticks ``overwrite``.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..editions import registry
from ..editorial.forms import lock_saved_version
from .models import FrontPage, FrontPagePin


class FrontPageForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False,
        label=_("Save anyway, replacing their changes"),
        help_text=_("Your arrangement replaces theirs."),
    )

    class Meta:
        model = FrontPage
        fields = ["edition", "name", "is_live"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        self._check_version(cleaned)
        return cleaned

    def _check_version(self, cleaned):
        opened = cleaned.get("version")
        if not self.instance.pk or opened is None:
            return
        current = lock_saved_version(self.instance)
        if current["version"] == opened:
            return
        who = get_user_model().objects.filter(pk=current["modified_by"]).first()
        self.conflict = {
            "who": (who.get_full_name() or who.get_username()) if who else gettext("Someone"),
            "when": timezone.localtime(current["modified_at"]),
            "latest_url": reverse("admin:articles_frontpage_change", args=[self.instance.pk]),
            "compare_url": "",
        }
        if not cleaned.get("overwrite"):
            when = dateformat.format(self.conflict["when"], "g:i:s a T")
            raise ValidationError(
                gettext(
                    "%(who)s saved this front page at %(when)s, after you opened it. "
                    "Nothing was saved: your changes are still in the form below."
                )
                % {"who": self.conflict["who"], "when": when},
                code="conflict",
            )


class FrontPagePinForm(forms.ModelForm):
    """
    A pin. Any story of the arrangement's edition may be chosen: one readers cannot see
    leaves its slot to the newest.
    """

    class Meta:
        model = FrontPagePin
        fields = ["slot", "section", "position", "article", "starts_at", "ends_at"]

    def clean(self):
        cleaned = super().clean()
        front_page = getattr(self.instance, "front_page", None)
        edition = getattr(front_page, "edition", None)
        if not edition:
            return cleaned
        name = registry.get(edition).english_name if edition in registry.codes() else edition
        article, section = cleaned.get("article"), cleaned.get("section")
        if article is not None and article.edition != edition:
            self.add_error(
                "article",
                gettext(
                    "“%(story)s” is a story of another edition: this front page is %(edition)s’s."
                )
                % {"story": article, "edition": name},
            )
        if section is not None and section.edition != edition:
            self.add_error(
                "section",
                gettext("“%(section)s” is a section of another edition than %(edition)s.")
                % {"section": section, "edition": name},
            )
        return cleaned
