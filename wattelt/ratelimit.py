"""Rate limits on guesses: which limits, whose attempts they count, and what the person is told."""
import math
import time

from flask import current_app, request
from flask_login import current_user
from flask_babel import ngettext

from wattelt.extensions import limiter


def _setting(name: str):
    return lambda: current_app.config[name]


def _account() -> str:
    """Attempts at one account, from wherever they come."""
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def _signed_in() -> str:
    """Attempts by whoever is signed in: they can only be at their own secret (or, at the kitchen
    table, at the professional's who handed over the tablet)."""
    return f"user:{current_user.get_id()}"


def _invitation() -> str:
    """Attempts at one link: an invitation's token, or a set-password link."""
    args = request.view_args or {}
    return "invitation:" + (args.get("token") or args.get("link") or "")[:64]


# Only sent secrets count: opening the page is free.
login_by_address = limiter.limit(_setting("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"])
login_by_account = limiter.limit(_setting("LOGIN_LIMIT_PER_ACCOUNT"), key_func=_account, methods=["POST"])
# Typing the password again (before an export, an erasure, or to unlock a tablet) counts per
# person, not per address: a team office behind one address confirms many times an hour.
again_by_account = limiter.limit(_setting("LOGIN_LIMIT_PER_ACCOUNT"), key_func=_signed_in, methods=["POST"])
invitation_by_address = limiter.limit(_setting("INVITATION_LIMIT_PER_ADDRESS"), methods=["POST"])
invitation_by_link = limiter.limit(_setting("LOGIN_LIMIT_PER_ACCOUNT"), key_func=_invitation, methods=["POST"])


def wait_message() -> str:
    """How long to wait, in plain words, from the limit this request ran into."""
    current = limiter.current_limit
    # reset_at is a whole second, rounded up: that second is not a minute more to wait.
    seconds = (current.reset_at - time.time() - 1) if current else 60
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Dit is te vaak geprobeerd. Probeer het over %(num)s minuut opnieuw.",
        "Dit is te vaak geprobeerd. Probeer het over %(num)s minuten opnieuw.",
        minutes,
    )
