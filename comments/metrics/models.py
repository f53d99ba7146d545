"""
The moderation dashboard's figures of ended days, kept in the database (queries.every_day()).
Imported by comments/models.py, so Django gives them the app label "comments".

A day's figures never change once it has ended (see comments.metrics.queries): they are
computed once, on the first view that needs them, and read from here when the cache
has lost them, instead of reading the day's comments and decisions again. Today's row
holds its ended hours, rewritten by the first view after each hour ends.
"""

from django.db import models
from django.utils import timezone


class DailyFigures(models.Model):
    """A local day's figures (queries.DayFigures, as JSON): an ended day, or today's hours."""

    day = models.DateField(unique=True)
    # The figures cover the day from its midnight until then: the next midnight once the
    # day has ended; for today, the end of its last ended hour (the rest is read live).
    until = models.DateTimeField()
    # What they were computed with: a row of another time zone or layout is computed again.
    time_zone = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    figures = models.JSONField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "daily figures"

    def __str__(self):
        return f"moderation figures of {self.day}"
