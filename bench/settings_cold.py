"""
Benchmark-only settings: production settings with every cache cold.

With the dummy cache nothing is ever found nor kept, and the page-cache generations
cannot be read (0), so every request renders the whole page, as the first reader after
a publish does. Used by bench/peers.py for the "full render" target; never deployed.
"""

from newsroom.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
NEWSROOM_PAGE_CACHE_LOCAL_BYTES = 0
NEWSROOM_PAGE_GENERATIONS_FILE = ""
