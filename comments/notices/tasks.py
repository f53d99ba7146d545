"""
The notices' background tasks. Each is idempotent: the service it calls claims a
record before it sends, so running a task twice (a retry, a second worker, the
command and a new comment at once) sends one email.
"""

from datetime import date

from django_tasks import task

from . import services


@task()
def send_decision_notice(decision_id: int) -> str:
    """The reader's email about one decision on their comment, when they asked for it."""
    return services.send_decision_notice(decision_id=decision_id)


@task()
def check_queue_alert(desk: str = services.ALL_DESKS) -> str:
    """Alert moderators once when the oldest pending comment has waited too long."""
    return services.check_queue_alert(desk=desk)


@task()
def send_moderation_digest(day: str, desk: str = services.ALL_DESKS) -> str:
    """The daily digest for ``day`` (ISO date: task arguments are JSON)."""
    return services.send_digest(day=date.fromisoformat(day), desk=desk)
