from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired


class StoryForm(FlaskForm):
    """The household's consent, asked every time: a story is shared outside the household."""

    consent = BooleanField(
        _l("Het huishouden vindt het goed dat dit verhaal zonder namen wordt gedeeld"),
        validators=[DataRequired(_l("Vraag eerst het huishouden of het goed is. Zet dan het vinkje."))],
    )
    submit = SubmitField(_l("Maak het verhaal zonder namen"))
