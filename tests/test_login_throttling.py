"""
The admin login is throttled: after five wrong passwords for one username from one
address, that pair is refused for a cool-off, even with the right password.

Failures are counted per username *and* address, so a stranger guessing an
editor's password locks out only themselves: the editor still logs in from their
own address. Tests that need a signed-in user call ``client.force_login``; a test
that goes through ``authenticate()`` must pass the request, as the login form does.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_staff

PASSWORD = "a-long-test-password"
FAILURES_ALLOWED = 5
COOL_OFF = timedelta(minutes=15)
STRANGER = "203.0.113.7"
NEWSROOM_OFFICE = "198.51.100.20"
PROXY = "10.0.0.1"


@pytest.fixture
def editor(db):
    return make_staff("editor", group="Editor")


def log_in(client, password, *, address=STRANGER, username="editor", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, times, **kwargs):
    """Wrong passwords; the answers' status codes, in order."""
    return [log_in(client, "not-the-password", **kwargs).status_code for _ in range(times)]


def is_logged_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock axes reads the time of each attempt from."""
    import axes.handlers.proxy

    def move(by):
        later = timezone.now() + by
        monkeypatch.setattr(axes.handlers.proxy, "now", lambda: later)

    return move


def test_the_right_password_logs_in(client, editor):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client, editor)


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, editor):
    # Four times the form again, with its error; the fifth locks.
    assert fail(client, FAILURES_ALLOWED) == [200, 200, 200, 200, 429]

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert not is_logged_in(client, editor)
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "15 minutes" in page


def test_thirty_wrong_passwords_at_full_speed_do_not_get_through(client, editor):
    for _ in range(30):
        log_in(client, "not-the-password")
    assert log_in(client, PASSWORD).status_code == 429
    assert not is_logged_in(client, editor)


def test_the_lockout_page_looks_like_the_admin_and_sends_the_admin_policy(client, editor):
    fail(client, FAILURES_ALLOWED)

    response = log_in(client, PASSWORD)

    page = response.content.decode()
    assert "admin/css/base.css" in page
    assert "The Harbour Ledger newsroom" in page
    assert reverse("admin:login") in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_four_wrong_passwords_still_let_the_right_one_in(client, editor):
    fail(client, FAILURES_ALLOWED - 1)
    assert log_in(client, PASSWORD).status_code == 302
    assert is_logged_in(client, editor)


def test_a_successful_login_starts_the_count_again(client, editor):
    fail(client, FAILURES_ALLOWED - 1)
    log_in(client, PASSWORD)
    client.logout()
    fail(client, FAILURES_ALLOWED - 1)

    assert log_in(client, PASSWORD).status_code == 302
    assert is_logged_in(client, editor)


def test_a_stranger_cannot_lock_the_editor_out_of_their_own_address(client, editor):
    fail(client, FAILURES_ALLOWED, address=STRANGER)
    assert log_in(client, PASSWORD, address=STRANGER).status_code == 429

    response = log_in(client, PASSWORD, address=NEWSROOM_OFFICE)

    assert response.status_code == 302
    assert is_logged_in(client, editor)


def test_a_locked_address_may_still_log_in_as_someone_else(client, editor):
    colleague = make_staff("colleague", group="Editor")
    fail(client, FAILURES_ALLOWED)

    assert log_in(client, PASSWORD, username="colleague").status_code == 302
    assert is_logged_in(client, colleague)


def test_after_the_cool_off_the_right_password_logs_in(client, editor, clock):
    fail(client, FAILURES_ALLOWED)
    clock(COOL_OFF - timedelta(minutes=1))
    assert log_in(client, PASSWORD).status_code == 429

    clock(COOL_OFF + timedelta(minutes=1))
    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client, editor)


# Behind a proxy every request comes from the proxy's address: the client is the
# X-Forwarded-For hop the proxy added, the same rule as the comments' rate limit.


def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, editor, settings):
    settings.COMMENTS_TRUST_X_FORWARDED_FOR = True
    fail(client, FAILURES_ALLOWED, address=PROXY, HTTP_X_FORWARDED_FOR=STRANGER)
    assert log_in(client, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=STRANGER).status_code == 429

    response = log_in(client, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=NEWSROOM_OFFICE)

    assert response.status_code == 302
    assert is_logged_in(client, editor)


def test_behind_a_trusted_proxy_a_made_up_hop_does_not_lift_the_lock(client, editor, settings):
    settings.COMMENTS_TRUST_X_FORWARDED_FOR = True
    fail(client, FAILURES_ALLOWED, address=PROXY, HTTP_X_FORWARDED_FOR=STRANGER)

    made_up = f"{NEWSROOM_OFFICE}, {STRANGER}"
    response = log_in(client, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=made_up)

    assert response.status_code == 429
    assert not is_logged_in(client, editor)


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, editor):
    fail(client, FAILURES_ALLOWED, address=STRANGER, HTTP_X_FORWARDED_FOR="192.0.2.1")

    response = log_in(client, PASSWORD, address=STRANGER, HTTP_X_FORWARDED_FOR=NEWSROOM_OFFICE)

    assert response.status_code == 429
    assert not is_logged_in(client, editor)
