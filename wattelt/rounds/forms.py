import hashlib
import json
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerRangeField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from wattelt.errors import InvalidInput
from wattelt.formtools import FORM_BROKEN, CheckboxListField, ListField, PlainText, choices
from wattelt import text
from wattelt.models import ChipState, Perspective, Round
from wattelt.models.types import SCALE_MAX, SCALE_MIN
from wattelt.rounds import service
from wattelt.rounds.service import MAX_OWN_DOMAINS, NOTE_LENGTH, OWN_LABEL_LENGTH, BoardRights, ChipChange, TopicEntry, TopicView

SCALE_MIDDLE = (SCALE_MIN + SCALE_MAX) // 2
# The chip's three states on the form. The scale only counts when "placed" is chosen, so a scale
# nobody touched is never stored as a position (a browser always sends a range input's value).
STATE_CHOICES = choices([
    (ChipState.NOT_PLACED.value, _l("Nog niet gelegd")),
    (ChipState.PLACED.value, _l("Op de schaal")),
    (ChipState.NOT_NOW.value, _l("Niet nu")),
])


class RoundStartForm(FlaskForm):
    # InputRequired, not DataRequired: a date that cannot be read keeps its own message ("not a valid date").
    # The board chosen on the page (a link per offered board); the service checks it is offered.
    instrument = HiddenField()
    held_on = DateField(_l("Datum van het gesprek"), validators=[InputRequired()], default=date.today)
    domains = CheckboxListField(_l("Over welke onderwerpen wil je praten?"), validators=[Optional()])
    own_domains = ListField(
        StringField(_l("Eigen onderwerp"), validators=[Optional(), Length(max=OWN_LABEL_LENGTH), PlainText()]),
        label=_l("Iets anders dat telt, in je eigen woorden"),
        min_entries=MAX_OWN_DOMAINS,
        max_entries=MAX_OWN_DOMAINS,
        too_many=_l("Kies hoogstens %(n)s eigen onderwerpen.", n=MAX_OWN_DOMAINS),
    )
    with_professional = BooleanField(_l("De professional legt ook fiches"), default=True)
    with_naaste = BooleanField(_l("Een naaste (partner, mantelzorger) legt ook fiches"))
    submit = SubmitField(_l("Begin het gesprek"))


class BoardFormBase(FlaskForm):
    save = SubmitField(_l("Bewaren"))
    finish = SubmitField(_l("Bewaren en gesprek afronden"))


class TogetherForm(FlaskForm):
    """One button: continue a round the resident prepared, with the professional's chips."""

    submit = SubmitField(_l("Samen verder"))


class LockForm(FlaskForm):
    """One button: hand the tablet to the resident, locked to this board."""

    submit = SubmitField(_l("Geef de tablet aan de bewoner"))


class CompleteForm(FlaskForm):
    """Completing a round that still has chips off the board: asked once more, never silently."""

    submit = SubmitField(_l("Toch afronden"))


def _state(topic_id: int, perspective: Perspective) -> str:
    return f"state_{topic_id}_{perspective.value}"


def _chip(topic_id: int, perspective: Perspective) -> str:
    return f"chip_{topic_id}_{perspective.value}"


def board_form(round_: Round, views: list[TopicView], rights: BoardRights) -> FlaskForm:
    """A form with, per chosen domain, a chip per perspective this person places, the flag and two
    notes (when they may change them), and a snapshot of what the page showed, so only what the
    person changed is saved."""

    class BoardForm(BoardFormBase):
        shown = HiddenField()

    # Translated once for the page, not once for every chip's radio (a board of 7 domains wrote 42).
    states = choices([(choice.value, str(choice.label)) for choice in STATE_CHOICES])
    data = {}
    for view in views:
        topic = view.topic
        for perspective in rights.perspectives:
            # Nothing sent is fine (the chip stays as shown); only spaces are not, since Optional would
            # wipe the "not a valid choice" error and let them through as a chip state.
            setattr(BoardForm, _state(topic.id, perspective), RadioField(
                choices=states, validators=[Optional(strip_whitespace=False)],
            ))
            setattr(BoardForm, _chip(topic.id, perspective), IntegerRangeField(
                _l("Plek op de schaal"),
                validators=[Optional(), NumberRange(min=SCALE_MIN, max=SCALE_MAX)],
                render_kw={"min": SCALE_MIN, "max": SCALE_MAX, "step": 1},
            ))
            chip = topic.chip(perspective)
            data[_state(topic.id, perspective)] = service.state_of(chip)[0].value
            data[_chip(topic.id, perspective)] = SCALE_MIDDLE if chip is None or chip.not_now else chip.value
        if not rights.notes:
            continue
        setattr(BoardForm, f"talk_{topic.id}", BooleanField(_l("Hier wil ik over praten")))
        for which, label in (("well", _l("Wat gaat goed?")), ("better", _l("Wat kan beter?"))):
            setattr(BoardForm, f"{which}_{topic.id}", TextAreaField(
                label, validators=[Optional(), Length(max=NOTE_LENGTH), PlainText(multiline=True)]
            ))
        data.update({f"talk_{topic.id}": topic.wants_to_talk, f"well_{topic.id}": topic.note_well, f"better_{topic.id}": topic.note_better})
    data["shown"] = json.dumps({name: _digest(value) if name.startswith(NOTES) else value for name, value in data.items()})
    return BoardForm(data=data)


NOTES = ("well", "better")


def _digest(note: str | None) -> str:
    """A short fingerprint of a note, the same whichever line breaks the browser sends back."""
    return hashlib.sha256(text.line_breaks(note or "").strip().encode()).hexdigest()[:16]


def chip_fields(form: FlaskForm, topic_id: int, perspective: Perspective):
    """The (state, position) pair of fields for one chip, for the template."""
    return form[_state(topic_id, perspective)], form[_chip(topic_id, perspective)]


def entries(form: FlaskForm, views: list[TopicView], rights: BoardRights) -> list[TopicEntry]:
    """What the person changed on the board, against what the page showed them.

    The form sends every field; saving them all would undo what another device changed since the
    page was shown. So a chip, flag or note the person left as shown is left alone.
    """
    shown = _shown(form)
    result = []
    for view in views:
        topic_id = view.topic.id
        changes = []
        for perspective in rights.perspectives:
            state, position = chip_fields(form, topic_id, perspective)
            if state.data == ChipState.PLACED.value:
                if not position.raw_data:
                    raise InvalidInput(_l("Zet de fiche op de schaal, of kies 'Nog niet gelegd' of 'Niet nu'."), field=position.name)
                if (shown.get(state.name), shown.get(position.name)) != (state.data, position.data):
                    changes.append(ChipChange(topic_id, perspective, ChipState.PLACED, position.data))
            elif state.data and state.data != shown.get(state.name):
                changes.append(ChipChange(topic_id, perspective, ChipState(state.data)))
        if not rights.notes:
            result.append(TopicEntry(topic_id, changes))
            continue
        talk = form[f"talk_{topic_id}"]
        notes = {
            which: form[f"{which}_{topic_id}"].data for which in NOTES
            if _digest(form[f"{which}_{topic_id}"].data) != shown.get(f"{which}_{topic_id}")
        }
        result.append(TopicEntry(topic_id, changes, talk.data if talk.data != shown.get(talk.name) else None, notes))
    return result


def _shown(form: FlaskForm) -> dict:
    try:
        shown = json.loads(form.shown.data or "")
    except ValueError:
        shown = None
    if not isinstance(shown, dict):
        raise InvalidInput(FORM_BROKEN)
    return shown
