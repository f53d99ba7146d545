"""
The abuse suite's shared pieces: a tally of the inputs sent and the checks made
(printed at the end of the run), and a reader's browser for the comment form.
"""

import pytest

from comments import moderation

# Filled in by the tests as they run: (input, surface) pairs checked.
TALLY = {"inputs": set(), "checks": 0}


def checked(input_name: str, surfaces: int = 1) -> None:
    """Count ``input_name`` as sent and ``surfaces`` checks made of it."""
    TALLY["inputs"].add(input_name)
    TALLY["checks"] += surfaces


def pytest_terminal_summary(terminalreporter):
    if TALLY["inputs"]:
        terminalreporter.write_line(
            f"abuse suite: {len(TALLY['inputs'])} distinct inputs, "
            f"{TALLY['checks']} input x surface checks"
        )


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
