"""One transaction per request: services only flush; the request commits once at its end, or rolls back.

So "save and complete" is one change, a failed form leaves nothing half-written, and a log row can
share the transaction with what it records.
"""
import sqlalchemy as sa
from flask import Flask

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


def init_app(app: Flask) -> None:
    @app.after_request
    def end_transaction(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
