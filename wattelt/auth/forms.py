from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from wattelt.formtools import PlainText


class LoginForm(FlaskForm):
    email = StringField(
        _l("E-mailadres of inlognaam"), validators=[DataRequired(), Length(max=254), PlainText()],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(_l("Wachtwoord of geheim"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Inloggen"))


class UnlockForm(FlaskForm):
    password = PasswordField(_l("Je wachtwoord"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Ontgrendelen"))


def _code_field() -> StringField:
    return StringField(
        _l("Code uit je app"), validators=[DataRequired(), Length(max=20)],
        description=_l("Zes cijfers uit je authenticator-app. Telefoon kwijt? Vul dan een van je herstelcodes in."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none", "spellcheck": "false"},
    )


class CodeForm(FlaskForm):
    code = _code_field()
    submit = SubmitField(_l("Verder"))


class ConfirmForm(FlaskForm):
    """Signing in again before taking all data along or erasing it: the password, and for someone
    with two factors a code from their app as well (an open laptop alone is not enough)."""

    password = UnlockForm.password
    code = _code_field()

    @classmethod
    def for_user(cls, user) -> "ConfirmForm":
        form = cls()
        if not user.totp_secret:
            del form.code
        return form


class NewPasswordForm(FlaskForm):
    """A staff member sets their own password with the link the administrator handed over."""

    password = PasswordField(
        _l("Kies een wachtwoord"), validators=[DataRequired(), Length(max=200)],
        description=_l("Minstens 12 tekens. Een zin van een paar woorden is goed te onthouden. Plakken mag."),
        render_kw={"autocomplete": "new-password"},
    )
    repeat = PasswordField(_l("Typ het wachtwoord nog een keer"), validators=[
        DataRequired(), EqualTo("password", message=_l("De twee keer zijn niet hetzelfde."))], render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Wachtwoord bewaren"))
