from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class EraseForm(FlaskForm):
    """Erasing cannot be undone: the name is typed once more, so a slip of the finger erases nothing."""

    name = StringField(_l("Typ de naam om te bevestigen"), validators=[DataRequired(), Length(max=80)])
    submit = SubmitField(_l("Wis alles, voorgoed"))

    def confirms(self, expected: str) -> bool:
        if self.name.data.strip().casefold() == expected.strip().casefold():
            return True
        self.name.errors.append(_l("Dit is niet dezelfde naam. Er is niets gewist."))
        return False
