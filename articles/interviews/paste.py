"""
The paste page of the interview admin: a transcript typed elsewhere becomes turns
(text in, a preview of the parsed turns, then the editor confirms "replace" or
"append"). A mixin so the interview admin's own form and this page each have a file.
"""

import hashlib

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .forms import TranscriptPasteForm
from .services import append_transcript, replace_transcript
from .transcript import parse_transcript


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
        parsed, fingerprint, problem = None, "", ""
        if form.is_valid():
            parsed = parse_transcript(form.cleaned_data["text"], participants)
            # What the editor saw: the confirmation is refused if a re-parse differs
            # (someone changed the participants in between).
            seen = [(t.speaker and t.speaker.pk, t.text, t.timecode) for t in parsed.turns]
            fingerprint = hashlib.sha256(repr(seen).encode()).hexdigest()
            action = next((a for a in ("replace", "append") if f"_{a}" in request.POST), None)
            if action and parsed.unassigned:
                problem = (
                    f"Nothing was saved: {len(parsed.unassigned)} of the turns have no "
                    "speaker. Add labels to those paragraphs, or add the missing "
                    "participants to the interview, then preview again."
                )
            elif action and form.cleaned_data["fingerprint"] != fingerprint:
                problem = (
                    "Nothing was saved: the interview’s participants changed since this "
                    "preview. Check the speakers below and confirm again."
                )
            elif action:
                save = {
                    "replace": replace_transcript,
                    "append": append_transcript,
                }[action]
                try:
                    save(interview=interview, turns=parsed.turns, by=request.user)
                except ValidationError as error:
                    problem = "Nothing was saved: " + " ".join(error.messages)
                else:
                    count = len(parsed.turns)
                    done = (
                        f"Replaced the transcript with {count} turns."
                        if action == "replace"
                        else f"Appended {count} turns to the transcript."
                    )
                    self.log_change(request, interview, f"Pasted a transcript. {done}")
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
            "title": "Paste a transcript",
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
        }
        return TemplateResponse(request, "admin/articles/interview/paste_transcript.html", context)
