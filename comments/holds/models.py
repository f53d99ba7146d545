"""
Campaigns: near-duplicate comments from several senders, grouped so that one
decision can answer them all (each comment still gets its own Decision).
Imported by comments/models.py, so Django gives them the app label "comments".
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone


class Campaign(models.Model):
    """Comments whose words are near-identical once normalised, from two or more senders."""

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # As counted when the last comment joined (comments.holds.campaigns.group_comment).
    size = models.PositiveIntegerField(default=0)
    senders = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "comments"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Campaign {self.pk}: {self.size} comments from {self.senders} senders"

    def get_absolute_url(self):
        return reverse("comments:queue") + f"?campaign={self.pk}"


class SimilarityKey(models.Model):
    """
    One bucket a comment's words fall into: its normalised fingerprint and one
    MinHash band each. Comments sharing a key are candidates for one campaign,
    so grouping asks the index, never compares every pair.
    """

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, related_name="similarity_keys"
    )
    key = models.CharField(max_length=24, db_index=True)

    class Meta:
        app_label = "comments"
        ordering = ["comment_id", "key"]  # the column: no join to the comment
        constraints = [
            models.UniqueConstraint(fields=["comment", "key"], name="similarity_key_once"),
        ]

    def __str__(self):
        return f"{self.key} of comment {self.comment_id}"

    def get_absolute_url(self):
        return reverse("admin:comments_comment_change", args=[self.comment_id])
