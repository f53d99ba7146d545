import pytest
from django.test import Client, TestCase

from tests.factories import make_staff


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded images go to a throwaway folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static(settings):
    """Templates use {% static %}; tests need no collected manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test leaves pages behind."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Property tests: CI runs the same examples every time (a red build is reproducible);
# local runs explore new ones. The examples database stays out of the tree.
try:
    import os

    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("ci", derandomize=True, database=None)
    if os.environ.get("CI"):
        hypothesis_settings.load_profile("ci")
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass


# Staff -------------------------------------------------------------------------------------


class CommittingClient(Client):
    """
    A test client whose requests end as they do in production, where each request's
    transaction commits: what waits for the commit (search entries, image renditions,
    page invalidation: articles/handlers.py) runs before the response is looked at.
    """

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def editor(db):
    return make_staff("editor", group="Editor")


@pytest.fixture
def editor_client(editor):
    client = CommittingClient()
    client.force_login(editor)
    return client
