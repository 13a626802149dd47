"""The anonymous case story: pure rules that take names, dates and the birth year out.

A story for the council shows how one member's conversations went, without anyone being
recognisable: rounds are "Gesprek 1, 2, 3" with the months between them, the birth year becomes an
age band, and every name the app knows (the household, its members, its professionals and helpers)
is replaced in the texts people typed. Goal texts and own domains stay in the resident's own
words otherwise: that is what makes the story worth telling. Names the app does not know (a
neighbour named in a goal) cannot be found this way, so the page asks the professional to read it
first.
"""
import dataclasses
import re
from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l

# Words in names that are no name of their own ("Familie Jansen", "Buurman Kees", "van der Berg").
NOT_A_NAME = frozenset({
    "familie", "fam", "gezin", "van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "en", "bij",
    "buurman", "buurvrouw", "zus", "broer", "opa", "oma", "tante", "oom", "moeder", "vader", "mevrouw", "meneer",
})
SHORTEST_NAME = 3
NAME_MARK = "[naam]"

# (from age, words): the bands are wide enough that an age band and a neighbourhood name no one.
AGE_BANDS = [
    (0, _l("jonger dan 12 jaar")),
    (12, _l("12 tot 18 jaar")),
    (18, _l("18 tot 27 jaar")),
    (27, _l("27 tot 40 jaar")),
    (40, _l("40 tot 55 jaar")),
    (55, _l("55 tot 67 jaar")),
    (67, _l("67 jaar of ouder")),
]
UNKNOWN_AGE = _l("leeftijd niet bekend")
DAYS_PER_MONTH = 30.44


def age_band(birth_year: int | None, today: date):
    if birth_year is None:
        return UNKNOWN_AGE
    age = today.year - birth_year
    return next(words for start, words in reversed(AGE_BANDS) if age >= start)


def months_between(earlier: date, later: date) -> int:
    """Whole months between two rounds, rounded: "about 3 months later" gives no date away."""
    return round((later - earlier).days / DAYS_PER_MONTH)


def name_pattern(names: Iterable[str | None]) -> re.Pattern | None:
    """One pattern for every name and every part of a name that can be a name of its own."""
    parts = set()
    for name in names:
        if not name:
            continue
        words = re.findall(r"\w+", name)
        parts.add(" ".join(words))
        parts.update(w for w in words if len(w) >= SHORTEST_NAME and w.casefold() not in NOT_A_NAME and not w.isdigit())
    parts.discard("")
    if not parts:
        return None
    # Longest first, so "Marieke Jansen" is one mark and not two.
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\W+") for p in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def without_names(value, pattern: re.Pattern | None):
    """The value with every known name replaced, through strings, lists, tuples, dicts and
    dataclasses (a chart's figure, table and summary alike). Other values stay as they are."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(NAME_MARK, value)
    if isinstance(value, dict):
        return {key: without_names(item, pattern) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(without_names(item, pattern) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            f.name: without_names(getattr(value, f.name), pattern) for f in dataclasses.fields(value)
        })
    if hasattr(value, "__html__") or type(value).__name__ == "LazyString":
        return pattern.sub(NAME_MARK, str(value))
    return value
