"""The site's addresses plus /__bench__/bytes/, the raw-bytes baseline (bench settings only)."""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


@cache
def _page():
    content = Path(settings.NEWSROOM_BENCH_BYTES).read_bytes()
    return content, f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def raw_bytes(request):
    """
    The cached story's bytes with no work at all: the baseline every page is measured
    against. Its ETag is computed once, as the page cache's is.
    """
    content, etag = _page()
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["ETag"] = etag
    return response


urlpatterns = [path("__bench__/bytes/", raw_bytes), *site_urlpatterns]
