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
        rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows and number > 1:
            raise Http404("That page does not exist.")
        return LimitPage(rows[: self.per_page], number, has_next=len(rows) > self.per_page)
