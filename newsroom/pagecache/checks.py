"""System checks for the page cache's configuration."""

from django.conf import settings
from django.core.checks import Error, Warning

from .generations import SharedFileGenerations


def check_shared_cache(app_configs, **kwargs):
    """Production with a per-process cache would serve pages other processes invalidated."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not settings.DEBUG and backend.endswith("LocMemCache"):
        return [
            Warning(
                "The page cache runs on local memory: with more than one server process, "
                "a change in one process does not refresh pages cached by the others.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0).",
                id="newsroom.W001",
            )
        ]
    return []


def check_generations_file(app_configs, **kwargs):
    """A generations file that cannot be opened would leave every page uncached."""
    path = settings.NEWSROOM_PAGE_GENERATIONS_FILE
    if not path:
        return []
    try:
        SharedFileGenerations(path)._mapping()
    except OSError as error:
        return [
            Error(
                f"The page-cache generations file {path} cannot be opened: {error}.",
                hint="Point NEWSROOM_PAGE_GENERATIONS_FILE at a writable folder on this "
                "host (e.g. /dev/shm/newsroom-generations), or unset it.",
                id="newsroom.E001",
            )
        ]
    return []
