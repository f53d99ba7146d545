"""
Parallel posts cannot get past the rate limit or the duplicate check: a script
firing many posts at once gets exactly what one reader posting in turn would.
"""

from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, transaction

from comments import services
from tests.comments.sqlite_race import (
    BURSTS,
    PG_ONLY,
    RATE_LIMIT,
    SQLITE_ONLY,
    post_burst,
    run_on_a_sqlite_file,
)
from tests.factories import make_article

ROOT = Path(__file__).resolve().parents[2]

# For each burst of BURSTS: how many comments are stored, and the statuses the posts get.
EXPECTED = {
    "one_sender": (RATE_LIMIT, {302: RATE_LIMIT, 429: len(BURSTS["one_sender"]) - RATE_LIMIT}),
    "same_words": (1, {302: 1, 400: len(BURSTS["same_words"]) - 1}),
    "double_click": (1, {302: len(BURSTS["double_click"])}),
}


def check(burst, outcome):
    stored, statuses = EXPECTED[burst]
    assert outcome["errors"] == []
    assert (outcome["stored"], dict(Counter(outcome["statuses"]))) == (stored, statuses)
    assert outcome["refused_kept_text"], "a refused post must come back with its text"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason=PG_ONLY)
@pytest.mark.parametrize("burst", BURSTS)
def test_on_postgresql_a_burst_of_posts_gets_what_posting_in_turn_would(burst, settings):
    settings.COMMENTS_RATE_LIMIT = RATE_LIMIT
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    check(burst, post_burst(make_article(), BURSTS[burst]))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason=PG_ONLY)
def test_on_postgresql_a_post_holds_its_locks_until_its_transaction_ends():
    def advisory_locks():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT classid::bigint, objid::bigint FROM pg_locks "
                "WHERE locktype = 'advisory' AND objsubid = 2 AND pid = pg_backend_pid()"
            )
            return sorted(cursor.fetchall())

    names = ["sender:0123abcd", "words:7:4567ef89"]
    with transaction.atomic():
        services.serialize_submissions(*names)
        # As pg_locks shows them: two unsigned 32-bit halves of the key.
        keys = sorted(services._lock_key(name) & 0xFFFFFFFF for name in names)
        assert advisory_locks() == [(services.SUBMISSION_LOCK_CLASS, key) for key in keys]
    assert advisory_locks() == []


@pytest.fixture(scope="module")
def sqlite_bursts(tmp_path_factory):
    """Every burst, run once on a SQLite file as deployed (WAL, BEGIN IMMEDIATE)."""
    return run_on_a_sqlite_file(tmp_path_factory.mktemp("race"), "post", timeout=120)


@pytest.mark.skipif(connection.vendor != "sqlite", reason=SQLITE_ONLY)
@pytest.mark.parametrize("burst", BURSTS)
def test_on_a_sqlite_file_a_burst_of_posts_gets_what_posting_in_turn_would(burst, sqlite_bursts):
    check(burst, sqlite_bursts[burst])


@pytest.mark.django_db(transaction=True)
def test_the_submission_lock_refuses_to_be_taken_outside_a_transaction():
    # In autocommit a transaction-level lock would be gone before the insert.
    with pytest.raises(transaction.TransactionManagementError):
        services.serialize_submissions("sender:0123abcd")
