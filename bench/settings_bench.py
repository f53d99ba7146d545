"""
Benchmark-only settings: production settings plus the bench's two hooks, the
raw-bytes baseline at /__bench__/bytes/ (bench/urls.py) and page-cache misses
forced by a request header (bench/middleware.py). Never deployed; bench/benchlib.py
starts servers with them.
"""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.ForcedMissMiddleware", *MIDDLEWARE]
NEWSROOM_BENCH_BYTES = os.environ.get("NEWSROOM_BENCH_BYTES", "")
