from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from wattelt.formtools import CheckboxListField, PlainText
from wattelt.models import SETTING_RANGES


def _name_field(label) -> StringField:
    return StringField(label, validators=[DataRequired(), Length(max=120), PlainText()])


class NameForm(FlaskForm):
    """One name: a new organisation or area, or a new name for one."""

    name = _name_field(_l("Naam"))
    submit = SubmitField(_l("Bewaren"))


class TeamForm(FlaskForm):
    name = _name_field(_l("Naam van het team"))
    area = SelectField(_l("Gebied (wijk)"), coerce=int, description=_l("Teamcijfers kunnen per gebied worden getoond."))
    submit = SubmitField(_l("Bewaren"))


class ArchiveForm(FlaskForm):
    """One button: archive, or bring back what was archived."""

    submit = SubmitField(_l("Archiveren"))


class PersonForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Length(max=254), PlainText()],
                       render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})
    name = _name_field(_l("Naam"))
    role = SelectField(_l("Rol"), validators=[InputRequired()])
    team = SelectField(_l("Team"), coerce=int, description=_l("Niet voor een beheerder."))
    submit = SubmitField(_l("Account maken"))


class MoveForm(FlaskForm):
    role = SelectField(_l("Rol"), validators=[InputRequired()])
    team = SelectField(_l("Team"), coerce=int, description=_l("Niet voor een beheerder."))
    submit = SubmitField(_l("Rol en team bewaren"))


class ButtonForm(FlaskForm):
    """One button whose words the page gives (deactivate, reset two factors, a new link)."""

    submit = SubmitField()


def _setting(name: str, label, description) -> IntegerField:
    low, high = SETTING_RANGES[name]
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=low, max=high, message=_l(
        "Kies een getal van %(low)s tot en met %(high)s.", low=low, high=high))], description=description,
        render_kw={"inputmode": "numeric", "min": low, "max": high})


class SettingsForm(FlaskForm):
    retention_months = _setting("retention_months", _l("Bewaartermijn na afsluiten (maanden)"),
                                _l("Zo lang blijven de gegevens van een afgesloten huishouden bewaard. Daarna worden ze gewist."))
    min_group_size = _setting("min_group_size", _l("Kleinste groep in teamcijfers (huishoudens)"),
                              _l("Een cijfer over minder huishoudens wordt niet getoond, zodat niemand te herkennen is."))
    idle_minutes = _setting("idle_minutes", _l("Uitloggen na zoveel minuten niets doen"),
                            _l("Voor professionals en teamleiders van deze organisatie."))
    invitation_days = _setting("invitation_days", _l("Een uitnodiging werkt zoveel dagen"),
                               _l("Daarna werkt de link niet meer en is een nieuwe nodig."))
    resident_languages = CheckboxListField(_l("Talen voor bewoners"),
                                            description=_l("Nederlands is er altijd. Kies welke talen bewoners nog meer kunnen kiezen."))
    submit = SubmitField(_l("Instellingen bewaren"))
