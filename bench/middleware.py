"""
Benchmark-only middleware (bench/settings_bench.py): a request with the header
"X-Newsroom-Bench: miss" gets a query string no reader has asked for, so the page
cache misses exactly as it does for a new address variant. Production code has no
such switch: only the bench settings install this.
"""

import time

MISS_HEADER = "HTTP_X_NEWSROOM_BENCH"


class ForcedMissMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get(MISS_HEADER) == "miss":
            query = request.META.get("QUERY_STRING", "")
            unique = f"bench-miss={time.time_ns()}"
            request.META["QUERY_STRING"] = f"{query}&{unique}" if query else unique
        return self.get_response(request)
