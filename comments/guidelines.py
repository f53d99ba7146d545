"""
The community guidelines: what a comment may not contain, one clause each.

The one list both sides read. Readers see each clause's ``text`` on the guidelines
above the comment form (templates/comments/guidelines.html); moderators reject by
its ``code`` (stored on Comment and Decision) under its short ``label`` (the queue's
buttons and the admin's actions, in this order, which gives the queue's keys 1-8).
A reason to reject a comment that readers were never told of cannot exist.

Codes are stored: a new clause adds a code (and a comments migration for the
choices); a clause's wording can change freely.

Every edition publishes the same clauses, each in its own language: the texts and
labels are translated through the catalogs (locale/), so readers of /ckb/ read them in
Sorani, a rejection email speaks the language of the comment's edition
(comments.notices), and the queue's buttons speak the moderator's. A stored reason is
its code, the same in every language.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Guideline:
    code: str  # stored as the rejection reason
    label: str | Promise  # short, in the moderation queue
    text: str | Promise  # the published clause: "We do not publish comments that contain: ..."


GUIDELINES = (
    Guideline("profanity", _("Profanity"), _("profanity")),
    Guideline("threat", _("Threats"), _("threats of any kind")),
    Guideline(
        "personal_attack",
        _("Personal attack"),
        _("personal attacks on other readers, our journalists or the people in our stories"),
    ),
    Guideline("vulgarity", _("Vulgarity"), _("vulgarity")),
    Guideline(
        "abuse",
        _("Abuse (sexism, racism, homophobia, xenophobia)"),
        _("abuse, including sexism, racism, homophobia and xenophobia"),
    ),
    Guideline(
        "promotion",
        _("Commercial or personal promotion"),
        _("commercial or personal promotion"),
    ),
    Guideline("spam", _("Spam"), _("spam")),
    Guideline(
        "off_topic",
        _("Off-topic"),
        _("off-topic remarks, unrelated to the story they are posted under"),
    ),
)
