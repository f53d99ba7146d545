"""
The API fuzzed against its own OpenAPI document, in process (WSGI, no network):
schemathesis draws requests from the schema (valid and invalid ones) and checks that
no answer is a server error and that every answer matches its documented status,
content type, headers and schema. Bounded: a few examples per operation, so the
whole run stays well under a minute.

One check is left out, ``positive_data_acceptance``: a well-formed value may still
name nothing valid (an unknown field in fields=, a cursor that was never issued,
a search of punctuation alone), and those are 400s by design, documented as such.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.django_db


def load_schema():
    """The document /api/v1/openapi.json serves (made without a request: no database)."""
    from api.views import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = get_wsgi_application()  # requests go to Django in this process
    return loaded


schema = load_schema()


@pytest.fixture(autouse=True)
def _content(newsroom):
    """Stories, an interview, corrections and comments for the requests to find."""


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """
    Requests go through Django's WSGI handler, which closes the database connection
    when a request ends: on PostgreSQL that would end the test's transaction. Django's
    test client keeps it open the same way.
    """
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_every_answer_matches_the_schema(case):
    # The WSGI test client does not decompress: ask for the plain bytes (the page
    # cache's gzip is tested with the pages).
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"}, excluded_checks=[positive_data_acceptance]
    )
