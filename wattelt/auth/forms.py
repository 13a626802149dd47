from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

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
