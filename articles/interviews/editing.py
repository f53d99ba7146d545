"""
The interview's own form in the admin, with no lost edits.

An interview has no version counter, so the form carries a fingerprint of the
interview as it was saved when the form was opened: its fields, its participants
and its turns. A save whose fingerprint no longer matches the database stops with
``conflict`` set (who saved last, when, where to look), keeping everything typed in
the form and its inline rows, unless the editor ticks ``overwrite``. Who saved last
comes from the story's revisions (articles/editorial/revisions.py), which record
the interview with its participants and turns after every save.
"""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.editorial.desks import direct_text_fields
from articles.editorial.revisions import snapshot, versions_of

from .models import Interview, Participant, Turn

INTERVIEW_FIELDS = ("intro", "recorded_on", "recorded_at", "edited_note")
PARTICIPANT_FIELDS = ("pk", "name", "label", "role", "is_interviewer", "position")
TURN_FIELDS = ("pk", "participant_id", "position", "text", "timecode")
# How far back the revisions are read to find the save the form was opened at.
LOOK_BACK = 20


def fingerprint(interview, participants, turns) -> str:
    """
    A digest of an interview as saved: equal for equal content, whether read from
    the database or from a revision (unsaved instances).
    """
    state = (
        tuple(getattr(interview, name) for name in INTERVIEW_FIELDS),
        sorted(tuple(getattr(p, name) for name in PARTICIPANT_FIELDS) for p in participants),
        sorted(tuple(getattr(t, name) for name in TURN_FIELDS) for t in turns),
    )
    return hashlib.sha256(repr(state).encode()).hexdigest()


def saved_fingerprint(interview_pk, *, lock=False) -> str:
    """The fingerprint of the interview as the database has it now."""
    rows = Interview.objects.all()
    if lock and transaction.get_connection().in_atomic_block:
        # The admin saves in a transaction: a second save waits here for the first.
        rows = rows.select_for_update()
    interview = rows.get(pk=interview_pk)
    participants = Participant.objects.filter(interview=interview_pk)
    turns = Turn.objects.filter(interview=interview_pk)
    return fingerprint(interview, participants, turns)


def _revision_fingerprint(version):
    shot = snapshot(version)
    if shot.interview is None:
        return None
    return fingerprint(shot.interview, shot.participants, shot.turns)


def last_change(article, *, opened, current):
    """
    From the story's revisions: the one that made the interview what it is now
    (``current``), and the one it was when the form was opened (``opened``), if
    they are recent enough to be found.
    """
    made = seen = None
    in_run = True  # still among the newest revisions that show what is saved now
    for version in versions_of(article)[:LOOK_BACK]:
        recorded = _revision_fingerprint(version)
        if recorded == opened:
            seen = version
            break
        if recorded == current and in_run:
            made = version
        elif made is not None:
            in_run = False
    return made, seen


class InterviewAdminForm(forms.ModelForm):
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False,
        label=_("Save anyway, replacing their changes"),
        help_text=_("Your version of every field, participant and turn replaces theirs."),
    )

    class Meta:
        model = Interview
        fields = ["article", "intro", "recorded_on", "recorded_at", "edited_note"]
        labels = {
            "article": _("Story"),
            "intro": _("Intro"),
            "recorded_on": _("Recorded on"),
            "recorded_at": _("Place recorded"),
            "edited_note": _("“Edited for length and clarity”"),
        }
        help_texts = {
            "intro": _(
                "The line that opens the transcript, e.g. “What follows is a transcript of "
                "the interview…”"
            ),
            "recorded_at": _("e.g. By phone; Lisbon"),
            "edited_note": _("Tell readers the transcript was edited for length and clarity."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.article_id:
            # The intro is the story's text: its edition's language and direction.
            direct_text_fields(self, self.instance.article.edition, ["intro"])
        if self.instance.pk and not self.is_bound:
            self.fields["fingerprint"].initial = saved_fingerprint(self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        self._check_fingerprint(cleaned)
        return cleaned

    def _check_fingerprint(self, cleaned):
        opened = cleaned.get("fingerprint")
        if not self.instance.pk or not opened:
            return
        current = saved_fingerprint(self.instance.pk, lock=True)
        if current == opened:
            return
        article = Interview.objects.select_related("article").get(pk=self.instance.pk).article
        made, seen = last_change(article, opened=opened, current=current)
        user = made.revision.user if made else None
        compare_url = ""
        if made and seen and made.pk != seen.pk:
            compare_url = (
                reverse("admin:articles_article_compare", args=[article.pk])
                + f"?from={seen.pk}&to={made.pk}"
            )
        self.conflict = {
            "who": (user.get_full_name() or user.get_username()) if user else gettext("Someone"),
            "when": timezone.localtime(made.revision.date_created) if made else None,
            "latest_url": reverse("admin:articles_interview_change", args=[self.instance.pk]),
            "compare_url": compare_url,
            "noun": "interview",
        }
        if not cleaned.get("overwrite"):
            when = self.conflict["when"]
            if when:
                message = gettext(
                    "%(who)s saved this interview at %(when)s, after you opened it. "
                    "Nothing was saved: your changes are still in the form below."
                ) % {"who": self.conflict["who"], "when": dateformat.format(when, "g:i:s a T")}
            else:
                message = gettext(
                    "%(who)s saved this interview after you opened it. "
                    "Nothing was saved: your changes are still in the form below."
                ) % {"who": self.conflict["who"]}
            raise ValidationError(message, code="conflict")
