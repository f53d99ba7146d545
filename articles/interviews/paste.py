"""
The paste page of the interview admin: a transcript typed elsewhere becomes turns
(text in, a preview of the parsed turns, then the editor confirms "replace" or
"append"). A mixin so the interview admin's own form and this page each have a file.
"""

import hashlib
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext

from articles.editorial.desks import text_attrs

from .forms import TranscriptPasteForm
from .services import (
    append_transcript,
    create_participants_and_transcript,
    replace_transcript,
)
from .transcript import find_labels, parse_transcript, speakers_from_labels


class TranscriptPasteMixin:
    # Paste a transcript: text in, a preview of the parsed turns, then the editor
    # confirms "replace" or "append".

    def get_urls(self):
        paste = path(
            "<path:object_id>/paste/",
            self.admin_site.admin_view(self.paste_transcript_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_paste",
        )
        # Before the defaults: their "<path:object_id>/" catch-all would take it.
        return [paste, *super().get_urls()]

    def paste_transcript_view(self, request, object_id):
        """
        GET: a textarea. POST "_preview": the parsed turns and warnings, nothing saved,
        the text carried in hidden fields. POST "_replace"/"_append": parsed again and
        saved through services.replace_transcript / append_transcript, then back to the
        interview. Template: admin/articles/interview/paste_transcript.html.
        """
        interview = self.get_object(request, unquote(object_id))
        if interview is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, interview):
            raise PermissionDenied
        participants = list(interview.participants.order_by("position"))
        form = TranscriptPasteForm(request.POST if request.method == "POST" else None)
        # The transcript is in the story's language, whatever the admin's.
        story_text = text_attrs(interview.article.edition)
        form.fields["text"].widget.attrs.update(story_text)
        parsed, fingerprint, problem, new_speakers = None, "", "", ()
        if form.is_valid():
            data = form.cleaned_data
            text, style, breaks = data["text"], data["style"] or None, data["breaks"] or None
            if not participants:
                # No participants yet: offer to make them from the labels of the text.
                new_speakers = _speakers_for(text, breaks, data["interviewer"])
                form.fields["interviewer"].widget.choices = [
                    (speaker.label, speaker.label) for speaker in new_speakers
                ]
                asker = next((s.label for s in new_speakers if s.is_interviewer), "")
                if asker and not data["interviewer"]:
                    form.data = form.data.copy()
                    form.data["interviewer"] = asker
            parsed = parse_transcript(
                text, participants or new_speakers, style=style, breaks=breaks
            )
            # What the editor saw: the confirmation is refused if a re-parse differs
            # (someone changed the participants in between).
            seen = [(_identity(t.speaker), t.text, t.timecode, t.paragraph) for t in parsed.turns]
            fingerprint = hashlib.sha256(repr(seen).encode()).hexdigest()
            action = next((a for a in ("replace", "append") if f"_{a}" in request.POST), None)
            if action and parsed.unassigned:
                missing = len(parsed.unassigned)
                problem = ngettext(
                    "Nothing was saved: %(count)s of the turns have no speaker. Add labels to "
                    "those paragraphs, or add the missing participants to the interview, then "
                    "preview again.",
                    "Nothing was saved: %(count)s of the turns have no speaker. Add labels to "
                    "those paragraphs, or add the missing participants to the interview, then "
                    "preview again.",
                    missing,
                ) % {"count": missing}
            elif action and data["fingerprint"] != fingerprint:
                problem = gettext(
                    "Nothing was saved: the interview’s participants changed since this "
                    "preview. Check the speakers below and confirm again."
                )
            elif action and new_speakers and not data["create_participants"]:
                problem = gettext(
                    "Nothing was saved: the interview has no participants. Tick “Create "
                    "these participants from the labels” to make them, or add them on the "
                    "interview page first."
                )
            elif action:
                try:
                    if new_speakers:
                        create_participants_and_transcript(
                            interview=interview,
                            speakers=new_speakers,
                            turns=parsed.turns,
                            by=request.user,
                        )
                    else:
                        save = {
                            "replace": replace_transcript,
                            "append": append_transcript,
                        }[action]
                        save(interview=interview, turns=parsed.turns, by=request.user)
                except ValidationError as error:
                    problem = gettext("Nothing was saved: %(problem)s") % {
                        "problem": " ".join(error.messages)
                    }
                else:
                    count = len(parsed.turns)
                    if action == "append" and not new_speakers:
                        done = ngettext(
                            "Appended %(count)s turn to the transcript.",
                            "Appended %(count)s turns to the transcript.",
                            count,
                        ) % {"count": count}
                    else:
                        done = ngettext(
                            "Replaced the transcript with %(count)s turn.",
                            "Replaced the transcript with %(count)s turns.",
                            count,
                        ) % {"count": count}
                    if new_speakers:
                        made = ngettext(
                            "Created %(count)s participant from the labels (%(labels)s); "
                            "check their names and roles.",
                            "Created %(count)s participants from the labels (%(labels)s); "
                            "check their names and roles.",
                            len(new_speakers),
                        ) % {
                            "count": len(new_speakers),
                            "labels": ", ".join(s.label for s in new_speakers),
                        }
                        done = f"{made} {done}"
                    logged = gettext("Pasted a transcript. %(done)s") % {"done": done}
                    self.log_change(request, interview, logged)
                    self.message_user(request, done, messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse(
                            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                            args=[interview.pk],
                        )
                    )
        rows = []
        if parsed:
            notes = {}
            for warning in parsed.warnings:
                notes.setdefault(warning.paragraph, []).append(warning.message)
            rows = [(turn, notes.get(turn.paragraph, [])) for turn in parsed.turns]
        counts = {}
        for turn in parsed.turns if parsed else ():
            if turn.speaker is not None:
                counts[turn.speaker.label] = counts.get(turn.speaker.label, 0) + 1
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Paste a transcript"),
            "subtitle": str(interview),
            "opts": self.opts,
            "original": interview,
            "participants": participants,
            "turn_total": interview.turn_total,  # annotated by get_queryset()
            "form": form,
            "parsed": parsed,
            "rows": rows,
            "speaker_counts": sorted(counts.items()),
            "fingerprint": fingerprint,
            "problem": problem,
            "new_speakers": new_speakers,
            "new_speaker_labels": ", ".join(speaker.label for speaker in new_speakers),
            "text_lang": story_text["lang"],
            "text_dir": story_text["dir"],
        }
        return TemplateResponse(request, "admin/articles/interview/paste_transcript.html", context)


def _speakers_for(text, breaks, interviewer):
    """The participants the labels of ``text`` name; ``interviewer`` (a label) asks."""
    speakers = speakers_from_labels(
        find_labels(text, breaks=breaks), outlet=getattr(settings, "NEWSROOM_NAME", "")
    )
    if interviewer and any(speaker.label == interviewer for speaker in speakers):
        speakers = tuple(
            replace(speaker, is_interviewer=speaker.label == interviewer) for speaker in speakers
        )
    return speakers


def _identity(speaker):
    """A saved participant by its key; one still to be made by its label and role."""
    if speaker is None:
        return None
    if getattr(speaker, "pk", None) is not None:
        return speaker.pk
    return (speaker.label, speaker.is_interviewer)
