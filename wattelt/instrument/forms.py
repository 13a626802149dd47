from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import Optional

from wattelt.formtools import CheckboxListField


class OfferForm(FlaskForm):
    """The instruments one organisation offers (a form per organisation, prefixed by its id)."""

    # Optional: ticking none gets the service's message ("at least one"), not WTForms' own.
    instruments = CheckboxListField(
        _l("Welke gespreksborden kunnen de teams kiezen?"), validators=[Optional()],
        description=_l("Bij een nieuw gesprek kiezen de professional en de bewoner een van deze borden."),
    )
    submit = SubmitField(_l("Keuze bewaren"))
