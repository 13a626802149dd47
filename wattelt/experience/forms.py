from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import Optional

from wattelt.experience.service import SIGNAL_LENGTH
from wattelt.formtools import PlainText, choices
from wattelt.models import ExperienceAnswer

ANSWER_CHOICES = choices([
    (ExperienceAnswer.YES.value, _l("Ja")),
    (ExperienceAnswer.PARTLY.value, _l("Een beetje")),
    (ExperienceAnswer.NO.value, _l("Nee")),
])


def _question(label):
    # Every question may be left open; the service says so when a value is not one of the three.
    return RadioField(label, choices=ANSWER_CHOICES, validators=[Optional()], validate_choice=False)


class ExperienceForm(FlaskForm):
    """The three questions and a signal, all optional. The form names no round: only the token."""

    token = HiddenField()
    taken_seriously = _question(_l("Voelde je je serieus genomen?"))
    fits_wishes = _question(_l("Past de hulp bij wat je wilt?"))
    fits_needs = _question(_l("Past de hulp bij wat je nodig hebt?"))
    signal = TextAreaField(
        _l("Wil je nog iets kwijt? Een tip, een zorg of een klacht (mag leeg)"),
        description=_l("Schrijf er geen namen in. Dan blijft het anoniem. Hoogstens %(n)s tekens.", n=SIGNAL_LENGTH),
        # The length is checked by the service, on the text as stored (one kind of line break).
        validators=[Optional(), PlainText(multiline=True)],
    )
    send = SubmitField(_l("Versturen"))
    skip = SubmitField(_l("Overslaan"))


class HandOverForm(FlaskForm):
    """One button: hand the tablet to the resident for the three questions, locked to them."""

    submit = SubmitField(_l("Geef de tablet aan de bewoner voor de vragen"))
