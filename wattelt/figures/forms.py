"""The choice of team figures: which team or area, which period, whose view. A GET form, so a
choice is a link that can be kept and shared; every value is checked here, nothing reaches SQL raw."""
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from wattelt.figures.periods import FIRST_YEAR, LAST_YEAR, Quarter, default_period, outside_the_years, parse_month
from wattelt.figures.service import PERSPECTIVES, Group
from wattelt.formtools import choices

MONTH_HELP = _l("Zoals 2026-03. Telt als het hele kwartaal.")
NO_MONTH = _l("Dit is geen maand. Schrijf het zo: 2026-03.")
NO_SUCH_YEAR = _l("Kies een maand van het jaar %(first)s tot en met %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
MAX_QUARTERS = 40  # ten years: more is no longer one period to compare


@dataclass(frozen=True)
class Choice:
    group: Group
    first: Quarter
    last: Quarter
    perspective: str


class FiguresForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    group = SelectField(_l("Team of gebied"), validate_choice=False)
    start = StringField(_l("Van (maand)"), description=MONTH_HELP, render_kw={"type": "month", "inputmode": "numeric", "placeholder": "2026-01"})
    end = StringField(_l("Tot en met (maand)"), description=MONTH_HELP, render_kw={"type": "month", "inputmode": "numeric", "placeholder": "2026-12"})
    perspective = SelectField(_l("Gezien door"), choices=choices(PERSPECTIVES.items()), validate_choice=False)

    def choose(self, found: list[Group], default: Group | None, today: date) -> Choice | None:
        """The choice the form holds, with defaults for what was left empty; None, with a message on
        each field that is wrong, when something is not right."""
        self.group.choices = choices((g.value, g.label) for g in found)
        first, last = default_period(today)
        picked = _one(self.group.data) or (default.value if default else "")
        group = next((g for g in found if g.value == picked), None)
        if group is None:
            self.group.errors = [_l("Dit team of gebied kennen we niet. Kies er een uit de lijst.")]
        start = _month(self.start, first.first_day)
        end = _month(self.end, last.first_day)
        perspective = _one(self.perspective.data) or "resident"
        if perspective not in PERSPECTIVES:
            self.perspective.errors = [_l("Kies bewoner, professional of het verschil.")]
        if start and end:
            first, last = Quarter.of(start), Quarter.of(end)
            if first > last:
                self.end.errors = [_l("'Tot en met' ligt vóór 'van'. Kies een latere maand, of draai ze om.")]
            elif last.index - first.index >= MAX_QUARTERS:
                self.end.errors = [_l("Kies een periode van hoogstens tien jaar.")]
        if any(f.errors for f in (self.group, self.start, self.end, self.perspective)):
            return None
        # Shown as chosen: the snapped quarters, so the page says which months it counts.
        self.group.data, self.perspective.data = group.value, perspective
        self.start.data, self.end.data = first.first_day.strftime("%Y-%m"), last.last_day.strftime("%Y-%m")
        return Choice(group, first, last, perspective)


def _one(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _month(field, default: date) -> date | None:
    typed = _one(field.data)
    if not typed:
        return default
    found = parse_month(typed)
    if found is None:
        field.errors = [NO_SUCH_YEAR if outside_the_years(typed) else NO_MONTH]
    return found
