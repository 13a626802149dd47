"""One transaction per request: services only flush; the request commits once at its end, or rolls back.

So "save and complete" is one change, a failed form leaves nothing half-written, and a log row can
share the transaction with what it records.
"""
import sqlalchemy as sa
from flask import Flask, g

from wattelt.errors import Conflict
from wattelt.extensions import db


def flush_or_conflict(message) -> None:
    """Flush; when another request stored the same row at the same moment (a unique constraint),
    undo this request and answer 409 with message and retry: true, so the device sends it again."""
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise Conflict(message, retry=True) from None


def keep_despite_refusal() -> None:
    """Commit this request's changes even though it answers with an error: a refused sign-in must
    still count towards the wait, or guessing would cost nothing."""
    g.keep_changes = True


def discard_changes() -> None:
    """Roll this request back although it answers with a redirect: it refused what was sent and says
    so on the next page, or it first asks for the password. Nothing happened, so the access log must
    not say that something was changed, taken along or erased."""
    g.discard_changes = True


def init_app(app: Flask) -> None:
    @app.after_request
    def end_transaction(response):
        discard = g.pop("discard_changes", False)
        if g.pop("keep_changes", False) or (response.status_code < 400 and not discard):
            db.session.commit()
        else:
            db.session.rollback()
        return response
