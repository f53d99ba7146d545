"""Share-draft links: made and revoked (ShareLink says what one is)."""

from django.db import transaction
from django.utils import timezone

from articles.stories.models import Article

from .models import ShareLink


@transaction.atomic
def create_share_link(*, article: Article, by, label, expires_at=None) -> ShareLink:
    """A new link to read ``article`` without an account until ``expires_at`` (7 days)."""
    link = ShareLink(article=article, created_by=by, label=label)
    if expires_at is not None:
        link.expires_at = expires_at
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def revoke_share_link(*, link: ShareLink) -> ShareLink:
    """The link stops working at once; revoking twice keeps the first time."""
    ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    link.refresh_from_db(fields=["revoked_at"])
    return link
