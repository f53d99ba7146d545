"""
Hooks for bench/pages.py, live only when NEWSROOM_BENCH=1 at startup (see settings):
a trivial view serving fixed bytes, the baseline every page is measured against.
"""

import hashlib
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse


@memoize
def _page():
    content = Path(settings.NEWSROOM_BENCH_BYTES).read_bytes()
    return content, f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def raw_bytes(request):
    """
    The cached story's bytes with no work at all: the raw-bytes baseline. Its ETag
    is computed once, as the page cache's is, so the middleware hashes nothing.
    """
    content, etag = _page()
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["ETag"] = etag
    return response
