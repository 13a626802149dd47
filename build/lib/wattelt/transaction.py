"""One transaction per request: services only flush; the request commits once at its end, or rolls back.

So "save and complete" is one change, a failed form leaves nothing half-written, and a log row can
share the transaction with what it records.
"""
from flask import Flask

from wattelt.extensions import db


def init_app(app: Flask) -> None:
    @app.after_request
    def end_transaction(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
