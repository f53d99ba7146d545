"""
The abuse suite's shared pieces: the tally of the inputs sent and the checks made
(tally.py; printed at the end of the run by tests/conftest.py), and a reader's browser
for the comment form.
"""

import pytest

from comments import moderation

# Imported by the tests from here, as before; kept in tally.py so that the main process
# of a pytest-xdist run, which never loads this conftest, can add up the workers' shares.
from .tally import TALLY, checked, worker_tally  # noqa: E402, F401


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: its share, for the summary
        workeroutput["abuse_tally"] = worker_tally()


@pytest.fixture
def post_comment(client, settings):
    """POST a story's comment form as a reader's browser on this site would."""
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    addresses = iter(range(1, 60000))

    def post(article, *, origin="http://testserver", **fields):
        n = next(addresses)
        data = {
            "name": "Rosa Vidal",
            "email": "rosa@example.org",
            "body": "The new timetable suits early workers.",
            "website": "",
            "stamp": moderation.make_stamp(article.pk),
        } | fields
        # A new address for each post: the rate limit is not what is under test.
        headers = {"REMOTE_ADDR": f"198.51.{n // 250}.{n % 250 + 1}"}
        if origin:
            headers["HTTP_ORIGIN"] = origin
        return client.post(f"/stories/{article.pk}/comments/", data, **headers)

    return post
