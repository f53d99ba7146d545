"""
`manage.py load_demo`: the demo newsroom (articles' command) plus its reader comments.

It lives here because comments depend on articles, never the reverse; comments
comes before articles in INSTALLED_APPS, so Django runs this command.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model

from articles.management.commands.load_demo import Command as StoriesCommand
from articles.models import Article

from ... import services
from ...models import Comment, fingerprint
from ...moderation import sender_hash

# (story slug, name, email, body, state, hours after publication): approved ones show
# under the story, pending ones wait in the moderation queue, rejected ones never show.
COMMENTS = [
    (
        "storm-surge-floods-lower-port-elin",
        "Hanna Brekke",
        "hanna.brekke@example.org",
        "My mother's shop on Quay Street had water to the second shelf. The volunteers "
        "with the pumps were there before the council was.\n\nThank you to all of them.",
        "approved",
        3,
    ),
    (
        "storm-surge-floods-lower-port-elin",
        "Owen Tilly",
        "owen.tilly@example.org",
        "The wall was patched in 2009 and again in 2016. At some point patching costs "
        "more than building.",
        "approved",
        5,
    ),
    (
        "storm-surge-floods-lower-port-elin",
        "Marit S.",
        "marit@example.org",
        "Is there a list of where people can drop off dry clothes and blankets?",
        "pending",
        7,
    ),
    (
        "interview-ingrid-solberg-harbour-master",
        "Peder Lunde",
        "peder.lunde@example.org",
        "Clear answers from someone who knows the harbour. The council should read this "
        "before the budget vote.",
        "approved",
        10,
    ),
    (
        "interview-ingrid-solberg-harbour-master",
        "Cheap Moorings",
        "deals@example.com",
        "Best mooring prices on the coast! https://moorings.example https://deals.example "
        "https://offers.example",
        "pending",
        12,
    ),
    (
        "interview-ingrid-solberg-harbour-master",
        "Anonymous",
        "anon@example.org",
        "Another puff piece. Buy my boat cleaning service at boats.example!",
        "rejected",
        14,
    ),
    (
        "night-ferry-saltmere-cancelled-winter",
        "Jana Kowal",
        "jana.kowal@example.org",
        "I work the early shift at the fish market. Without the late ferry I will have "
        "to sleep on the mainland twice a week.",
        "pending",
        2,
    ),
]


class Command(StoriesCommand):
    help = StoriesCommand.help + " Adds a few reader comments, some awaiting moderation."

    def load_more(self, now):
        """Comments can never be edited: an existing one is left as it is."""
        moderator = get_user_model().objects.get(username="moderator")
        for slug, name, email, body, state, hours in COMMENTS:
            article = Article.objects.get(slug=slug)
            words = fingerprint(body)
            if Comment.objects.filter(article=article, name=name, fingerprint=words).exists():
                continue
            submitted_at = (article.published_at or now) + timedelta(hours=hours)
            comment = Comment.objects.create(
                article=article,
                name=name,
                email=email,
                body=body,
                sender_hash=sender_hash(f"demo:{email}"),
                flags="links" if body.count("https://") > 2 else "",
                submitted_at=min(submitted_at, now),
            )
            if state == "approved":
                services.approve_comment(comment=comment, moderator=moderator)
            elif state == "rejected":
                services.reject_comment(comment=comment, moderator=moderator, reason="promotion")
