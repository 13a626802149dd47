"""Dates that people enter: refused with a clear message when they cannot be right (year 1, 9999)."""
from datetime import date

from flask_babel import format_date, lazy_gettext as _l

from wattelt.errors import InvalidInput


def check_date(value: date, earliest: date, latest: date, field: str) -> None:
    if not earliest <= value <= latest:
        raise InvalidInput(
            _l("Kies een datum tussen %(first)s en %(last)s.", first=format_date(earliest, "long"), last=format_date(latest, "long")),
            field=field,
        )
