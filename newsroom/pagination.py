"""
Pagination without COUNT(*): fetch one row more than a page to know whether a
next page exists. Listings stay one query per page however large the archive.
"""

from django.core.paginator import InvalidPage
from django.http import Http404


class LimitPage:
    def __init__(self, object_list, number, has_next):
        self.object_list = object_list
        self.number = number
        self._has_next = has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


class LimitPaginator:
    """Enough of django.core.paginator.Paginator's interface for ListView."""

    max_pages = 10_000
    # From this row on (None: never), a page's ids are found first, in one narrow query
    # the database can answer from an index, and then its rows: see ListingPaginator.
    deferred_from = None

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True):
        self.object_list = object_list
        self.per_page = per_page
        self.allow_empty_first_page = allow_empty_first_page

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise InvalidPage("That page number is not a whole number.") from None
        if not 1 <= number <= self.max_pages:
            raise InvalidPage("That page does not exist.")
        return number

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        if self.deferred_from is not None and start >= self.deferred_from:
            rows = self._deferred_rows(start)
        else:
            rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows and number > 1:
            raise Http404("That page does not exist.")
        return LimitPage(rows[: self.per_page], number, has_next=len(rows) > self.per_page)

    def _deferred_rows(self, start):
        ids = list(self.object_list.values_list("pk", flat=True)[start : start + self.per_page + 1])
        found = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]


class ListingPaginator(LimitPaginator):
    """
    Section, tag and author pages: deep pages (page 1,000 of a tag) find their ids
    first, then their rows. Sorting thousands of whole rows only to skip them costs
    far more than the second query (docs/performance.md, "Scale"); page 1 is as before.
    """

    deferred_from = 1_000
