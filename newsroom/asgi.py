"""
ASGI entry point, for servers that speak ASGI (`uvicorn newsroom.asgi:application`).

A production entry point, so it fails closed: DJANGO_DEBUG defaults to off here
(an explicit DJANGO_DEBUG=1 still wins), and without DJANGO_SECRET_KEY the
server refuses to start. If the settings were already read (a development
server that loads this module itself), the default is left alone.
"""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
if not settings.configured:
    os.environ.setdefault("DJANGO_DEBUG", "0")

application = get_asgi_application()
