"""Writes to arrangements: keyword-only, atomic, shared by the admin and load_demo."""

import reversion
from django.db import transaction
from django.utils import timezone

from .models import FrontPage


@transaction.atomic
def save_front_page(*, front_page, by=None):
    """
    Save ``front_page`` as ``by``, one version more; a live arrangement takes its
    edition's front page from any other (each edition has one front page).
    """
    if front_page.is_live:
        others = FrontPage.objects.filter(is_live=True, edition=front_page.edition)
        others.exclude(pk=front_page.pk).update(is_live=False)
    if front_page.pk is not None:
        front_page.version = (front_page.version or 0) + 1
    front_page.modified_at = timezone.now()
    if by is not None and by.is_authenticated:
        front_page.modified_by = by
    front_page.save()
    return front_page


@transaction.atomic
def make_live(*, front_page, by=None):
    """Readers of its edition see ``front_page`` from now on."""
    front_page.is_live = True
    return save_front_page(front_page=front_page, by=by)


def record_revision(front_page):
    """In a revision block: record ``front_page`` with its pins as they are in the database."""
    if reversion.is_active():
        reversion.add_to_revision(FrontPage.objects.prefetch_related("pins").get(pk=front_page.pk))
