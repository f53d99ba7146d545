"""
reader_formatter writes what Django's date formatting writes for readers
(articles.stories.dates.format_for_reader), in every edition's language and zone:
it only looks the names up once for a page of fifty comments.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from articles.stories.dates import READER_FORMATS, format_for_reader, reader_formatter

MOMENTS = [
    datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 3, 8, 7, 30, tzinfo=UTC),  # New York's clocks go forward at 2 a.m.
    datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 1:30 a.m. in New York, the first time
    datetime(2026, 11, 1, 6, 30, tzinfo=UTC),  # 1:30 a.m. again: Django names no zone
    datetime(2026, 6, 15, 11, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 11, 30, 12, 0, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 5, tzinfo=UTC),
    datetime(999, 2, 3, 4, 5, tzinfo=UTC),  # a year under 1000 keeps four digits
]


@pytest.mark.parametrize("language", [*READER_FORMATS, "tr", "fa"])
@pytest.mark.parametrize("kind", ["datetime", "date", "short", "day"])
@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Baghdad", "Europe/Istanbul"])
def test_the_same_text_as_django_s_formatting(language, kind, zone):
    with translation.override(language), timezone.override(zone):
        write = reader_formatter(kind)
        for moment in MOMENTS:
            for shifted in (moment, moment + timedelta(hours=7)):
                assert write(shifted) == format_for_reader(shifted, kind)
        naive = datetime(2026, 11, 30, 12, 0)  # noqa: DTZ001 -- naive on purpose: the default zone
        assert write(naive) == format_for_reader(naive, kind)
        if kind != "datetime":  # a date has no hours to write
            assert write(date(2026, 11, 30)) == format_for_reader(date(2026, 11, 30), kind)


def test_a_format_character_it_does_not_write_falls_back_on_django(settings, monkeypatch):
    monkeypatch.setitem(
        READER_FORMATS, "en", {**READER_FORMATS["en"], "datetime": r"D \T\o\d\a\y jS"}
    )
    moment = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    with translation.override("en"), timezone.override("UTC"):
        assert reader_formatter("datetime")(moment) == "Mon Today 30th"
