import pytest

from comments import moderation
from tests.factories import make_article


@pytest.fixture
def article(db):
    return make_article(headline="Ferry fares rise again")


@pytest.fixture
def old_stamp(settings):
    """A valid stamp for a form opened long enough ago to be sent by a person."""
    settings.COMMENTS_FORM_MIN_SECONDS = 0

    def stamp(article):
        return moderation.make_stamp(article.pk)

    return stamp


@pytest.fixture
def post_comment(client, old_stamp):
    """POST the story's comment form as a reader's browser on this site would."""

    def post(article, *, origin="http://testserver", ip="203.0.113.7", **fields):
        extra = {key: fields.pop(key) for key in list(fields) if key.startswith("HTTP_")}
        data = {
            "name": "Rosa Vidal",
            "email": "rosa@example.org",
            "body": "The new timetable suits early workers.",
            "website": "",
            "stamp": old_stamp(article),
        }
        data.update(fields)
        headers = {"REMOTE_ADDR": ip, **extra}
        if origin:
            headers["HTTP_ORIGIN"] = origin
        return client.post(f"/stories/{article.pk}/comments/", data, **headers)

    return post
