"""Two factors for staff: a password and a code from an authenticator app (TOTP, RFC 6238), with
one-time recovery codes for a lost phone. pyotp makes and checks the codes; the QR code for the
app is made on the server (segno), like the invitation links."""
import base64
import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno
import sqlalchemy as sa
from flask import current_app, session
from markupsafe import Markup

from wattelt.auth.service import attempt
from wattelt.extensions import db
from wattelt.models import RecoveryCode, Role, User
from wattelt.models.types import utcnow
from wattelt.security import secret_digest

STAFF = (Role.PROFESSIONAL, Role.TEAMLEAD, Role.ADMIN)
PENDING = "second_step"
STEP = 30
RECOVERY_CODES = 10
# No 0/o, 1/l/i: nothing to mix up when copied by hand.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# ASCII digits only: \d also takes other scripts' digits ("١٢٣٤٥٦"), which hmac.compare_digest
# refuses with a TypeError instead of saying the code is wrong.
APP_CODE = re.compile(r"[0-9]{6}")


def applies(user: User) -> bool:
    """Whether signing in takes a second step: for staff, always where required, and whenever they
    set it up."""
    return user.role in STAFF and (current_app.config["TWO_FACTOR_REQUIRED"] or user.totp_secret is not None)


def begin(user: User, next_url: str) -> None:
    """The password was right: remember who is half-way, for a few minutes, without signing in."""
    session.clear()
    session[PENDING] = {"user": user.id, "since": int(time.time()), "next": next_url}


def pending_user() -> User | None:
    """Who is half-way through signing in, if it is not too long ago."""
    pending = session.get(PENDING)
    if not pending or time.time() - pending["since"] > current_app.config["TWO_FACTOR_MINUTES"] * 60:
        return None
    return db.session.get(User, pending["user"])


def next_url() -> str:
    return session.get(PENDING, {}).get("next", "/")


def enrolment_secret(user: User) -> str:
    """The secret offered while setting up, the same on every request of this attempt but never
    stored until a code proves the app has it: derived from the app's key, the user and the attempt."""
    since = session[PENDING]["since"]
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"totp:{user.id}:{since}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def qr_code(user: User, secret: str) -> Markup:
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email or user.login_name, issuer_name="Wat telt")
    return Markup(segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff"))


def _matching_step(secret: str, code: str, after: int | None) -> int | None:
    """The time step (now, or one either way for a clock that drifts) whose code this is, if it is
    later than the last one used: a code works once."""
    totp, now = pyotp.TOTP(secret), int(time.time()) // STEP
    for step in (now - 1, now, now + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def verify(user: User, code: str) -> bool:
    """A code from the app, or an unused recovery code; a wrong one counts towards the wait."""
    return attempt(user, lambda: code_matches(user, code))


def code_matches(user: User, code: str) -> bool:
    """Whether this is a code of the user's app not used before, or an unused recovery code; a
    matching one is used up. Callers count the attempt (see verify)."""
    code = _normalise(code)
    if APP_CODE.fullmatch(code):
        step = _matching_step(user.totp_secret, code, user.totp_last_step)
        if step is None:
            return False
        user.totp_last_step = step
        return True
    row = db.session.scalar(sa.select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == secret_digest(code), RecoveryCode.used_at.is_(None)))
    if row is None:
        return False
    row.used_at = utcnow()
    return True


def enrol(user: User, code: str) -> list[str] | None:
    """Store the secret once the app shows its first code; returns new recovery codes (shown once)."""
    secret, code = enrolment_secret(user), _normalise(code)
    step = _matching_step(secret, code, None) if APP_CODE.fullmatch(code) else None
    if not attempt(user, lambda: step is not None):
        return None
    user.totp_secret, user.totp_last_step = secret, step
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=secret_digest(_normalise(c))) for c in codes)
    db.session.flush()
    return codes


def _recovery_code() -> str:
    """Ten characters in two groups, easy to read aloud and never six digits like an app's code."""
    text = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{text[:5]}-{text[5:]}"

