"""Sign-in: an e-mail address (staff) or a login name (invited people) and a secret, checked against
its hash; after five wrong secrets in a row the account waits a while."""
import math
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_ngettext
from werkzeug.security import check_password_hash

from wattelt import transaction
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.models import User
from wattelt.models.types import as_utc, utcnow
from wattelt.securitylog import refused

# Checked when the name is unknown, so a wrong name takes as long as a wrong secret.
_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummysa$" + "0" * 128


class AccountWaits(InvalidInput):
    """Too many wrong secrets in a row: said in plain words, with how long to wait."""

    def __init__(self, until):
        minutes = max(1, math.ceil((as_utc(until) - utcnow()).total_seconds() / 60))
        super().__init__(lazy_ngettext(
            "Er is te vaak een verkeerd geheim ingevuld. Probeer het over %(num)s minuut opnieuw.",
            "Er is te vaak een verkeerd geheim ingevuld. Probeer het over %(num)s minuten opnieuw.",
            minutes,
        ))


def authenticate(name: str, password: str) -> User | None:
    """The user with this e-mail address or login name and secret; None when they do not match.
    Raises AccountWaits while the account waits: then not even the right secret opens it."""
    name = name.strip().lower()
    column = User.email if "@" in name else User.login_name
    user = db.session.scalar(sa.select(User).where(sa.func.lower(column) == name))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not confirm(user, password) or not user.is_active:
        return None
    return user


def confirm(user: User, password: str) -> bool:
    """Whether this is the user's secret. A wrong one counts towards the wait, also when the person
    is already signed in (unlocking a kitchen tablet)."""
    return attempt(user, lambda: user.check_password(password))


def attempt(user: User, check) -> bool:
    """Run one check of something only the user knows (a secret, a code from their app). While the
    account waits, nothing is checked; a wrong answer counts, and too many make it wait."""
    if user.locked_until is not None and as_utc(user.locked_until) > utcnow():
        raise AccountWaits(user.locked_until)
    if not check():
        refused("wrong secret or code")
        transaction.keep_despite_refusal()
        user.failed_logins += 1
        if user.failed_logins >= current_app.config["LOGIN_ATTEMPTS"]:
            user.failed_logins = 0
            user.locked_until = utcnow() + timedelta(minutes=current_app.config["LOGIN_WAIT_MINUTES"])
            db.session.flush()
            raise AccountWaits(user.locked_until)
        db.session.flush()
        return False
    user.failed_logins = 0
    user.locked_until = None
    return True
