from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FieldList, IntegerRangeField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from wattelt.board.service import MAX_OWN_DOMAINS, TopicEntry, TopicView
from wattelt.models import Perspective, Round
from wattelt.models.types import SCALE_MAX, SCALE_MIN

NOTE_LENGTH = 500
SCALE_MIDDLE = (SCALE_MIN + SCALE_MAX) // 2


class CheckboxListField(SelectMultipleField):
    """A list of check boxes: easier to tap than a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RoundStartForm(FlaskForm):
    held_on = DateField(_l("Datum van het gesprek"), validators=[DataRequired()], default=date.today)
    domains = CheckboxListField(_l("Over welke leefgebieden wil je praten?"), validators=[Optional()])
    own_domains = FieldList(
        StringField(_l("Eigen leefgebied"), validators=[Optional(), Length(max=80)]),
        label=_l("Iets anders dat telt, in je eigen woorden"),
        min_entries=MAX_OWN_DOMAINS,
        max_entries=MAX_OWN_DOMAINS,
    )
    with_professional = BooleanField(_l("De professional legt ook fiches"), default=True)
    with_naaste = BooleanField(_l("Een naaste (partner, mantelzorger) legt ook fiches"))
    submit = SubmitField(_l("Begin het gesprek"))


class BoardFormBase(FlaskForm):
    save = SubmitField(_l("Bewaren"))
    finish = SubmitField(_l("Bewaren en gesprek afronden"))


def _chip(topic_id: int, perspective: Perspective) -> str:
    return f"chip_{topic_id}_{perspective.value}"


def _not_now(topic_id: int, perspective: Perspective) -> str:
    return f"notnow_{topic_id}_{perspective.value}"


def board_form(round_: Round, views: list[TopicView]) -> FlaskForm:
    """A form with, per chosen domain, a chip per perspective taking part, a flag and two notes."""

    class BoardForm(BoardFormBase):
        pass

    data = {}
    for view in views:
        topic = view.topic
        for perspective in round_.perspectives:
            setattr(BoardForm, _chip(topic.id, perspective), IntegerRangeField(
                validators=[Optional(), NumberRange(min=SCALE_MIN, max=SCALE_MAX)],
                render_kw={"min": SCALE_MIN, "max": SCALE_MAX, "step": 1},
            ))
            setattr(BoardForm, _not_now(topic.id, perspective), BooleanField(_l("Niet nu")))
            chip = topic.chip(perspective)
            data[_chip(topic.id, perspective)] = chip.value if chip and chip.value is not None else SCALE_MIDDLE
            data[_not_now(topic.id, perspective)] = bool(chip and chip.not_now)
        setattr(BoardForm, f"talk_{topic.id}", BooleanField(_l("Hier wil ik over praten")))
        setattr(BoardForm, f"well_{topic.id}", TextAreaField(_l("Wat gaat goed?"), validators=[Optional(), Length(max=NOTE_LENGTH)]))
        setattr(BoardForm, f"better_{topic.id}", TextAreaField(_l("Wat kan beter?"), validators=[Optional(), Length(max=NOTE_LENGTH)]))
        data.update({f"talk_{topic.id}": topic.wants_to_talk, f"well_{topic.id}": topic.note_well, f"better_{topic.id}": topic.note_better})
    return BoardForm(data=data)


def chip_fields(form: FlaskForm, topic_id: int, perspective: Perspective):
    """The (position, not now) pair of fields for one chip, for the template."""
    return form[_chip(topic_id, perspective)], form[_not_now(topic_id, perspective)]


def entries(form: FlaskForm, round_: Round, views: list[TopicView]) -> list[TopicEntry]:
    """Turn a validated board form into entries for the service."""
    result = []
    for view in views:
        topic_id = view.topic.id
        chips = {}
        for perspective in round_.perspectives:
            position, not_now = chip_fields(form, topic_id, perspective)
            if not_now.data:
                chips[perspective] = None
            elif position.data is not None:
                chips[perspective] = position.data
        result.append(TopicEntry(
            topic_id=topic_id,
            chips=chips,
            wants_to_talk=form[f"talk_{topic_id}"].data,
            note_well=form[f"well_{topic_id}"].data,
            note_better=form[f"better_{topic_id}"].data,
        ))
    return result
