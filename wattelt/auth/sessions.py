"""Sessions that end (BIO: access ends when it should). A sign-in makes a row in `sign_in`; the
session cookie carries only its random token. A session ends when the person signs out, after a
while without a request, a fixed time after signing in, and for every device at once with "sign
out everywhere", a new password or a deactivated account."""
import secrets
import time
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from wattelt import transaction
from wattelt.errors import render_error, wants_json
from wattelt.extensions import db, login_manager
from wattelt.security import secret_digest
from wattelt.securitylog import refused
from wattelt.models import SignIn, User
from wattelt.models.types import as_utc, utcnow

SESSION_KEY = "sign_in"
# last_seen_at is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def begin(user: User) -> None:
    """Sign in on this device, in a fresh session: nothing of an earlier one carries over."""
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(SignIn(token_hash=secret_digest(token), user_id=user.id))
    db.session.flush()
    session[SESSION_KEY] = token
    login_user(user)


def end() -> None:
    """Sign out on this device."""
    row = _current_row()
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
    logout_user()
    session.clear()


def end_all(user: User) -> int:
    """Every session of this person ends now, on every device; returns how many were open."""
    result = db.session.execute(
        sa.update(SignIn).where(SignIn.user_id == user.id, SignIn.ended_at.is_(None)).values(ended_at=utcnow())
    )
    return result.rowcount


def idle_minutes(user: User) -> int:
    if user.invited:
        return current_app.config["SESSION_IDLE_MINUTES_INVITED"]
    # The team and its organisation load with the user: no query.
    return user.team.organisation.idle_minutes if user.team else current_app.config["SESSION_IDLE_MINUTES"]


def expired(row: SignIn, now: datetime) -> bool:
    return (
        now - as_utc(row.last_seen_at) > timedelta(minutes=idle_minutes(row.user))
        or now - as_utc(row.created_at) > timedelta(hours=current_app.config["SESSION_MAX_HOURS"])
    )


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The person of this session, if the session still counts (one query, with the user and team)."""
    row = _current_row() if user_id.isdigit() else None
    if row is None or row.user_id != int(user_id):
        # A signed cookie that no sign-in of ours made: a key that leaked, or a test of one.
        refused("session cookie that no sign-in made")
        return None
    if row.ended_at is not None:
        return None
    now = utcnow()
    if expired(row, now):
        row.ended_at = now
        g.session_expired = True
        return None
    if now - as_utc(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
    if row.locked_round_id is not None:
        g.kitchen_lock = (row.user_id, row.locked_round_id)
    return row.user


def _current_row() -> SignIn | None:
    token = session.get(SESSION_KEY)
    return db.session.scalar(sa.select(SignIn).where(SignIn.token_hash == secret_digest(token))) if token else None


CONFIRMED = "confirmed_at"


def confirmed_recently() -> bool:
    """Whether the person typed their password again a short while ago (before an export or erasure)."""
    at = session.get(CONFIRMED)
    return bool(at) and time.time() - at <= current_app.config["CONFIRM_MINUTES"] * 60


def mark_confirmed() -> None:
    session[CONFIRMED] = int(time.time())


def ask_to_confirm(then: str):
    transaction.discard_changes()
    return redirect(url_for("auth.confirm_password", next=then))


def lock(round_id: int) -> None:
    """Hand the tablet to the resident: this session reaches only this round until unlocked."""
    _current_row().locked_round_id = round_id
    db.session.flush()


def unlock() -> None:
    _current_row().locked_round_id = None
    g.pop("kitchen_lock", None)
    db.session.flush()


def locked_round() -> int | None:
    """The round this device is locked to, if any (after the user is loaded)."""
    lock_ = g.get("kitchen_lock")
    return lock_[1] if lock_ else None


# While locked, a person at the tablet can use the board and the JSON door for that round (once it
# is completed, the board shows the three questions about the help, sent to experience.give), choose a
# language and unlock; any other address leads back to the board (the policy would refuse its data
# anyway: the session's only grant is that round). The health check never loads a user: it must
# answer the load balancer without touching a session.
OPEN_WHILE_LOCKED = {"static", "pwa.manifest", "pwa.service_worker", "pwa.offline", "main.language", "main.csrf_token",
                     "main.accessibility", "main.healthz", "auth.unlock", "experience.give", "experience.done"}


def init_app(app) -> None:
    @app.before_request
    def keep_to_the_board():
        endpoint, args = request.endpoint or "", request.view_args or {}
        # Checked first: static files and the service worker's fetches must not load the user,
        # which can rewrite the session cookie and race a sign-in on its way.
        if endpoint in OPEN_WHILE_LOCKED:
            return None
        if not current_user.is_authenticated or locked_round() is None:
            return None
        if (endpoint == "rounds.board" or endpoint.startswith("rounds_api.")) and args.get("round_id") == locked_round():
            return None
        if wants_json():
            return render_error(403, _l("Deze tablet is vergrendeld voor één gesprek."))
        return redirect(url_for("rounds.board", round_id=locked_round()))

    @app.context_processor
    def lock_context():
        if not current_user.is_authenticated:
            return {"locked_round": None, "idle_seconds": None}
        return {"locked_round": locked_round(), "idle_seconds": idle_minutes(current_user) * 60}
