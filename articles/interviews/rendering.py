"""
The transcript as readers see it: participants, then every turn with its speaker.
Rendered once after the turns change and kept on the interview (transcript_html),
so a story page costs neither the two queries nor the rendering of every turn.
"""

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from articles.stories.dates import format_for_reader

from .models import Interview


def render_transcript(interview: Interview) -> str:
    """The transcript's HTML from the saved participants and turns (two queries)."""
    participants = list(interview.participants.all())
    speakers = {participant.pk: participant for participant in participants}
    turns = list(interview.turns.all())
    for turn in turns:
        turn.participant = speakers[turn.participant_id]  # no query per turn
    # In the story's language, whoever saved it (the stored HTML serves every reader).
    with interview.article.edition_info.activate():
        return render_to_string(
            "includes/transcript.html", {"participants": participants, "turns": turns}
        )


def transcript_html(interview: Interview) -> SafeString:
    """The stored transcript, or one rendered now while the stored one is pending."""
    html = interview.transcript_html or render_transcript(interview)
    # Rendered by our own template with autoescaping on: every value in it is escaped.
    return mark_safe(html)


def refresh_transcript(interview_pk) -> None:
    """Store the transcript of interview ``interview_pk`` as it is saved now."""
    interview = Interview.objects.filter(pk=interview_pk).select_related("article").first()
    if interview is not None:
        html = render_transcript(interview)
        Interview.objects.filter(pk=interview_pk).update(transcript_html=html)


# A place typed with its own full stop ("Washington, D.C.") ends the sentence itself.
_ENDS_A_SENTENCE = (".", "!", "?", "…", "۔", "؟")


def recorded_line(interview: Interview) -> SafeString:
    """
    When and where the interview was recorded, as one sentence under the intro:
    "Recorded: October 12, 2023 — The White House, Washington." A place is often a
    phrase with commas of its own, so date and place are set apart by a dash, never a
    comma; either may be missing, and with neither there is no line at all. The place
    is isolated (<bdi>) so an Arabic-script place keeps its order inside the sentence.
    """
    date, place = interview.recorded_on, (interview.recorded_at or "").strip()
    if not date and not place:
        return mark_safe("")
    if date and place:
        sentence = gettext("Recorded: {date} — {place}.")
    elif date:
        sentence = gettext("Recorded: {date}.")
    else:
        sentence = gettext("Recorded: {place}.")
    if place.endswith(_ENDS_A_SENTENCE) and sentence.endswith("."):
        sentence = sentence[:-1]
    return format_html(
        '<p class="interview__recorded">{}</p>',
        format_html(
            sentence,
            date=format_html(
                '<time datetime="{}">{}</time>', date.isoformat(), format_for_reader(date, "date")
            )
            if date
            else "",
            place=format_html("<bdi>{}</bdi>", place),
        ),
    )
