"""Periods of team figures: whole quarters, so two periods differ by whole cells (see cells.py)."""
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

# A month (2026-03, what <input type="month"> sends, or typed as 2026-3) or a day (2026-03-15);
# ASCII digits only.
MONTH_OR_DAY = re.compile(r"^([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter as one number: year * 4 + (0..3), what the SQL computes from a date."""

    index: int

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year * 4 + (day.month - 1) // 3)

    @property
    def year(self) -> int:
        return self.index // 4

    @property
    def number(self) -> int:
        return self.index % 4 + 1

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        following = Quarter(self.index + 1).first_day
        return date.fromordinal(following.toordinal() - 1)

    def name(self) -> str:
        return _("kwartaal %(number)s van %(year)s", number=self.number, year=self.year)


def outside_the_years(value: str) -> bool:
    """Written as a month, but of a year the figures never hold (1900-01): worth its own message."""
    found = MONTH_OR_DAY.match(value.strip())
    return bool(found) and not FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR


def parse_month(value: str) -> date | None:
    """A month or a day as typed; None when it is no real month (2026-13) or day (2026-02-30)."""
    found = MONTH_OR_DAY.match(value.strip())
    if not found:
        return None
    year, month, day = (int(part) if part else 1 for part in found.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def default_period(today: date) -> tuple[Quarter, Quarter]:
    """The last four quarters, this one included."""
    now = Quarter.of(today)
    return Quarter(now.index - 3), now
