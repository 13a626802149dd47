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


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code uit je app"), validators=[DataRequired(), Length(max=20)],
        description=_l("Zes cijfers uit je authenticator-app. Telefoon kwijt? Vul dan een van je herstelcodes in."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Verder"))
