"""
The app's models, one module per concept (articles/<concept>/models.py); Django
finds them all here. The app label stays "articles": no table was renamed.
"""

from .discovery.models import SearchEntry
from .editions.models import DeskMember, StoryGroup
from .editorial.models import ShareLink, default_share_expiry
from .frontpage.models import FrontPage, FrontPagePin
from .interviews.models import Interview, Participant, Turn
from .stories.models import (
    Article,
    ArticleQuerySet,
    Author,
    Byline,
    Correction,
    PostgresGinIndex,
    Section,
    handle_validator,
)

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Author",
    "Byline",
    "Correction",
    "DeskMember",
    "FrontPage",
    "FrontPagePin",
    "Interview",
    "Participant",
    "PostgresGinIndex",
    "SearchEntry",
    "Section",
    "StoryGroup",
    "ShareLink",
    "Turn",
    "default_share_expiry",
    "handle_validator",
]
