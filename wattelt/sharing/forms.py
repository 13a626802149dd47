from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from wattelt.formtools import PlainText, choices
from wattelt.models import GrantKind


class InviteMemberForm(FlaskForm):
    """One button: a link for the member themselves."""

    submit = SubmitField(_l("Maak een uitnodiging"))


class InviteNaasteForm(FlaskForm):
    label = StringField(_l("Naam van de naaste"), validators=[DataRequired(), Length(max=80), PlainText()],
                        description=_l("Zoals het huishouden deze persoon noemt, bijvoorbeeld 'Zus Ellen'."))
    agreed = BooleanField(_l("De bewoner vindt het goed dat deze naaste ook fiches legt"), validators=[DataRequired(
        message=_l("Een naaste doet alleen mee als de bewoner dat goed vindt."))])
    submit = SubmitField(_l("Maak een uitnodiging voor de naaste"))


class InviteHelperForm(FlaskForm):
    label = StringField(_l("Naam"), validators=[DataRequired(), Length(max=80), PlainText()],
                        description=_l("Bijvoorbeeld 'Joyce van de schuldhulp' of 'Buurman Kees'."))
    kind = RadioField(_l("Wat mag deze persoon zien?"), validators=[InputRequired()], choices=choices([
        (GrantKind.HELPER_PLAN.value, _l("Het plan: alle doelen en acties (voor een professional van een andere organisatie)")),
        (GrantKind.HELPER_ACTIONS.value, _l("Alleen de acties die deze persoon zelf doet (voor iemand uit het netwerk)")),
    ]))
    submit = SubmitField(_l("Maak een uitnodiging"))


class ShareForm(FlaskForm):
    members_share = BooleanField(_l("De leden van het huishouden zien elkaars bord en doelen"))
    submit = SubmitField(_l("Bewaren"))


class SecretForm(FlaskForm):
    secret = PasswordField(
        _l("Kies je geheim"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("Een pincode van minstens 6 cijfers, of een wachtzin van minstens 12 tekens. Plakken mag."),
        render_kw={"autocomplete": "new-password"},
    )
    repeat = PasswordField(_l("Typ je geheim nog een keer"), validators=[
        DataRequired(), EqualTo("secret", message=_l("De twee keer zijn niet hetzelfde."))], render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Bewaar mijn geheim"))


class ConfirmForm(FlaskForm):
    """A single button (withdraw access, revoke a link); the CSRF token comes with it."""

    submit = SubmitField(_l("Intrekken"))
