from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FormField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from wattelt.formtools import ListField, PlainText, YearUpToNow
from wattelt.households.service import MAX_MEMBERS, NAME_LENGTH

NAME_HELP = _l("Een voornaam of bijnaam is genoeg.")
FIRST_BIRTH_YEAR = 1900


def _birth_year_field():
    return IntegerField(
        _l("Geboortejaar (mag leeg)"),
        validators=[Optional(), YearUpToNow(FIRST_BIRTH_YEAR, message=_l("Vul een geboortejaar in tussen %(min)s en %(max)s."))],
        description=_l("Alleen om het bord voor jongeren of volwassenen te kiezen."),
        render_kw={"inputmode": "numeric"},
    )


def _name_field(required: bool):
    return StringField(
        _l("Naam"),
        validators=[DataRequired() if required else Optional(), Length(max=NAME_LENGTH), PlainText()],
        description=NAME_HELP,
    )


class MemberEntry(Form):
    """One member row inside the household form (the outer form carries the CSRF token)."""

    name = _name_field(required=False)
    birth_year = _birth_year_field()

    def validate_name(self, field):
        if self.birth_year.raw_data and self.birth_year.raw_data[0].strip() and not (field.data or "").strip():
            raise ValidationError(_l("Vul ook een naam of bijnaam in."))


class HouseholdForm(FlaskForm):
    name = StringField(
        _l("Naam van het huishouden"),
        validators=[DataRequired(), Length(max=NAME_LENGTH), PlainText()],
        description=_l("Zoals het huishouden het zelf noemt, bijvoorbeeld 'Familie Jansen'."),
    )
    members = ListField(
        FormField(MemberEntry), min_entries=3, max_entries=MAX_MEMBERS,
        too_many=_l("Een huishouden heeft hier hoogstens %(n)s leden.", n=MAX_MEMBERS),
    )
    submit = SubmitField(_l("Huishouden aanmaken"))


class MemberForm(FlaskForm):
    name = _name_field(required=True)
    birth_year = _birth_year_field()
    submit = SubmitField(_l("Lid toevoegen"))


class ContactForm(FlaskForm):
    contact_user = SelectField(_l("Contactpersoon (professional)"), coerce=int, validators=[Optional()])
    contact_informal = StringField(
        _l("Of: een naaste als contactpersoon"),
        validators=[Optional(), Length(max=NAME_LENGTH), PlainText()],
        description=_l("Laat leeg als een professional de contactpersoon is."),
    )
    submit = SubmitField(_l("Contactpersoon bewaren"))


class CloseForm(FlaskForm):
    """One button: support has ended (the data is kept for the retention period, then erased)."""

    submit = SubmitField(_l("Begeleiding afsluiten"))


class ReopenForm(FlaskForm):
    submit = SubmitField(_l("Weer openen"))
