from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FormField, FieldList, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

NAME_HELP = _l("Een voornaam of bijnaam is genoeg.")


def _birth_year_field():
    return IntegerField(
        _l("Geboortejaar (mag leeg)"),
        validators=[Optional(), NumberRange(min=1900, max=date.today().year, message=_l("Vul een geboortejaar in tussen %(min)s en %(max)s."))],
        description=_l("Alleen om het bord voor jongeren of volwassenen te kiezen."),
        render_kw={"inputmode": "numeric"},
    )


class MemberEntry(Form):
    """One member row inside the household form (the outer form carries the CSRF token)."""

    name = StringField(_l("Naam"), validators=[Optional(), Length(max=80)], description=NAME_HELP)
    birth_year = _birth_year_field()

    def validate_name(self, field):
        if self.birth_year.raw_data and self.birth_year.raw_data[0].strip() and not (field.data or "").strip():
            raise ValidationError(_l("Vul ook een naam of bijnaam in."))


class HouseholdForm(FlaskForm):
    name = StringField(
        _l("Naam van het huishouden"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("Zoals het huishouden het zelf noemt, bijvoorbeeld 'Familie Jansen'."),
    )
    members = FieldList(FormField(MemberEntry), min_entries=3, max_entries=8)
    submit = SubmitField(_l("Huishouden aanmaken"))


class MemberForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=80)], description=NAME_HELP)
    birth_year = _birth_year_field()
    submit = SubmitField(_l("Lid toevoegen"))


class ContactForm(FlaskForm):
    contact_user = SelectField(_l("Contactpersoon (professional)"), coerce=int, validators=[Optional()])
    contact_informal = StringField(
        _l("Of: een naaste als contactpersoon"),
        validators=[Optional(), Length(max=80)],
        description=_l("Laat leeg als een professional de contactpersoon is."),
    )
    submit = SubmitField(_l("Contactpersoon bewaren"))
