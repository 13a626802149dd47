"""Sessions that end (BIO: access ends when it should). A sign-in makes a row in `sign_in`; the
session cookie carries only its random token. A session ends when the person signs out, after a
while without a request, a fixed time after signing in, and for every device at once with "sign
out everywhere", a new password or a deactivated account."""
import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, session
from flask_login import login_user, logout_user

from wattelt.extensions import db, login_manager
from wattelt.models import SignIn, User
from wattelt.models.types import as_utc, utcnow

SESSION_KEY = "sign_in"
# last_seen_at is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def begin(user: User) -> None:
    """Sign in on this device, in a fresh session: nothing of an earlier one carries over."""
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(SignIn(token_hash=_hash(token), user_id=user.id))
    db.session.flush()
    session[SESSION_KEY] = token
    login_user(user)


def end() -> None:
    """Sign out on this device."""
    token = session.get(SESSION_KEY)
    if token:
        db.session.execute(
            sa.update(SignIn).where(SignIn.token_hash == _hash(token), SignIn.ended_at.is_(None)).values(ended_at=utcnow())
        )
    logout_user()
    session.clear()


def end_all(user: User) -> int:
    """Every session of this person ends now, on every device; returns how many were open."""
    result = db.session.execute(
        sa.update(SignIn).where(SignIn.user_id == user.id, SignIn.ended_at.is_(None)).values(ended_at=utcnow())
    )
    return result.rowcount


def expired(row: SignIn, now: datetime) -> bool:
    config = current_app.config
    idle = config["SESSION_IDLE_MINUTES_INVITED" if row.user.invited else "SESSION_IDLE_MINUTES"]
    return (
        now - as_utc(row.last_seen_at) > timedelta(minutes=idle)
        or now - as_utc(row.created_at) > timedelta(hours=config["SESSION_MAX_HOURS"])
    )


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The person of this session, if the session still counts (one query, with the user and team)."""
    token = session.get(SESSION_KEY)
    if not token or not user_id.isdigit():
        return None
    row = db.session.scalar(sa.select(SignIn).where(SignIn.token_hash == _hash(token)))
    if row is None or row.user_id != int(user_id) or row.ended_at is not None:
        return None
    now = utcnow()
    if expired(row, now):
        row.ended_at = now
        g.session_expired = True
        return None
    if now - as_utc(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
    return row.user
