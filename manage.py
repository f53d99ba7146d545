#!/usr/bin/env python
"""
Django's command-line utility for administrative tasks.

The development entry point: with DJANGO_DEBUG unset, DEBUG is on (the
settings' default), so `make run` needs no variable. The production entry
points, newsroom/wsgi.py and newsroom/asgi.py, default DJANGO_DEBUG to off.
"""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
