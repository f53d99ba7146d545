"""
WSGI entry point: `gunicorn newsroom.wsgi`.

A production entry point, so it fails closed: DJANGO_DEBUG defaults to off here
(an explicit DJANGO_DEBUG=1 still wins), and without DJANGO_SECRET_KEY the
server refuses to start. `manage.py runserver` also loads this module, but only
after it has read the settings (DEBUG on when DJANGO_DEBUG is unset); the
default is then left alone, so nothing changes for it or the processes it starts.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
if not settings.configured:
    os.environ.setdefault("DJANGO_DEBUG", "0")

application = get_wsgi_application()
