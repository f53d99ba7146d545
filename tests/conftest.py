import pytest

from newsroom.catalogs import compile_catalogs
from tests.abuse.tally import TALLY, add_worker_tally
from tests.factories import logged_in, make_reporter, make_staff


def pytest_configure(config):
    """
    The editions' catalogs, compiled as `make` compiles them (only stale ones), once:
    by the main process, not by each of pytest-xdist's workers at the same time.
    """
    if not hasattr(config, "workerinput"):
        compile_catalogs()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist: a worker ended; its share of the abuse suite's tally."""
    tally = getattr(node, "workeroutput", {}).get("abuse_tally")
    if tally:
        add_worker_tally(tally)


def pytest_terminal_summary(terminalreporter):
    if TALLY["inputs"]:
        terminalreporter.write_line(
            f"abuse suite: {len(TALLY['inputs'])} distinct inputs, "
            f"{TALLY['checks']} input x surface checks"
        )


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
def _immediate_tasks(settings):
    """Background tasks run as soon as they are enqueued (on commit), in the test's process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    """A request to /ckb/ leaves Sorani active in the thread: each test starts without it."""
    from django.utils import translation

    yield
    translation.deactivate()


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


# Staff: one account per role, and a signed-in client for each ---------------------------------


@pytest.fixture
def editor(db):
    return make_staff("editor", group="Editor")


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture
def reporter(db):
    """A Reporter's account and the author they write as: (user, author)."""
    return make_reporter("reporter", name="Mara Lindqvist")


@pytest.fixture
def reporter_client(reporter):
    return logged_in(reporter[0])


@pytest.fixture
def moderator(db):
    return make_staff("moderator", group="Moderator")


@pytest.fixture
def moderator_client(moderator):
    return logged_in(moderator)


@pytest.fixture
def forced_misses(settings):
    """
    The bench's middleware (bench/settings_bench.py): a request with the header
    ``X-Newsroom-Bench: miss`` misses the page cache as a new address variant does.
    """
    settings.MIDDLEWARE = ["bench.middleware.ForcedMissMiddleware", *settings.MIDDLEWARE]
