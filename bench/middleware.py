"""
Benchmark-only middleware (bench/settings_bench.py): a request with the header
"X-Newsroom-Bench: miss" gets a page-cache variant of its own, so the page cache
misses exactly as it does for a new address variant. Readers cannot set a variant
(it is an attribute only server code sets); only the bench settings install this.
"""

import time

MISS_HEADER = "HTTP_X_NEWSROOM_BENCH"


class ForcedMissMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get(MISS_HEADER) == "miss":
            request.page_cache_variant = f"bench-miss={time.time_ns()}"
        return self.get_response(request)
