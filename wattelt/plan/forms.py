from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerRangeField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from wattelt.formtools import PlainText, choices
from wattelt.models.types import SCALE_MAX, SCALE_MIN
from wattelt.names import ACTION_OWNER_NAMES, GOAL_STATUS_NAMES
from wattelt.plan.service import ACTION_LENGTH, GOAL_LENGTH, NOTE_LENGTH


class GoalForm(FlaskForm):
    member = SelectField(_l("Voor wie is dit doel?"), coerce=int, validators=[InputRequired()])
    # Grouped by member; static/js/app.js shows only the group of the member chosen above.
    domain = SelectField(_l("Onderwerp"), validators=[DataRequired()], render_kw={"data-grouped-by": "member"})
    text = TextAreaField(
        _l("Het doel, in de woorden van de bewoner"),
        validators=[DataRequired(), Length(max=GOAL_LENGTH), PlainText(multiline=True)],
        description=_l("Bijvoorbeeld: 'Ik wil weer rustig slapen zonder zorgen over post.'"),
    )
    hoped_for = IntegerRangeField(
        _l("Waar wil je op de schaal uitkomen?"),
        validators=[InputRequired(), NumberRange(min=SCALE_MIN, max=SCALE_MAX)],
        default=75,
        render_kw={"min": SCALE_MIN, "max": SCALE_MAX, "step": 1},
    )
    submit = SubmitField(_l("Doel toevoegen"))


class GoalStatusForm(FlaskForm):
    status = SelectField(
        _l("Hoe staat het doel ervoor?"),
        choices=choices((s.value, name) for s, name in GOAL_STATUS_NAMES.items()),
        validators=[DataRequired()],
    )
    # The version the page showed, so a change made meanwhile by someone else is not overwritten.
    version = HiddenField()
    submit = SubmitField(_l("Bewaar stand"))


class ActionForm(FlaskForm):
    what = StringField(_l("Wat gaat er gebeuren?"), validators=[DataRequired(), Length(max=ACTION_LENGTH), PlainText()])
    who = SelectField(
        _l("Wie doet het?"), choices=choices((o.value, name) for o, name in ACTION_OWNER_NAMES.items()), validators=[DataRequired()]
    )
    by_when = DateField(_l("Wanneer klaar? (mag leeg)"), validators=[Optional()])
    assignee = SelectField(
        _l("Wie van de helpers doet het? (mag leeg)"), coerce=int, validators=[Optional()],
        description=_l("Die persoon ziet deze actie en kan hem afvinken."),
    )
    submit = SubmitField(_l("Actie toevoegen"))


class ActionNoteForm(FlaskForm):
    """A short word from whoever does the action."""

    note = StringField(_l("Notitie bij deze actie (mag leeg)"), validators=[Optional(), Length(max=NOTE_LENGTH), PlainText()])
    version = HiddenField()
    submit = SubmitField(_l("Notitie bewaren"))


def note_form(action) -> ActionNoteForm:
    """The note form of one action as a page shows it (the plan and a helper's own page alike)."""
    return ActionNoteForm(prefix=f"note-{action.id}", data={"note": action.note, "version": action.version})
