"""
The page cache for anonymous readers, one module per job:

- generations.py: what makes a stored page current (generation counters in the
  cache or in a file mapped by every process) and how writes invalidate them;
- pages.py: the decorator that serves and stores pages, with ETag/304;
- redis.py: the Redis backend that fails soft;
- checks.py: system checks for its configuration.
"""

from .generations import (
    invalidate_page,
    invalidate_site,
    invalidate_story,
    page_changes_at,
    seconds_until,
    site_generation,
    story_generation,
)
from .pages import cache_public_page

__all__ = [
    "cache_public_page",
    "invalidate_page",
    "invalidate_site",
    "invalidate_story",
    "page_changes_at",
    "seconds_until",
    "site_generation",
    "story_generation",
]
