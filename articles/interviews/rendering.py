"""
The transcript as readers see it: participants, then every turn with its speaker.
Rendered once after the turns change and kept on the interview (transcript_html),
so a story page costs neither the two queries nor the rendering of every turn.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .models import Interview


def render_transcript(interview: Interview) -> str:
    """The transcript's HTML from the saved participants and turns (two queries)."""
    participants = list(interview.participants.all())
    speakers = {participant.pk: participant for participant in participants}
    turns = list(interview.turns.all())
    for turn in turns:
        turn.participant = speakers[turn.participant_id]  # no query per turn
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
    interview = Interview.objects.filter(pk=interview_pk).first()
    if interview is not None:
        html = render_transcript(interview)
        Interview.objects.filter(pk=interview_pk).update(transcript_html=html)
