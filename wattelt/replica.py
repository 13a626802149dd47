"""Reading aggregates from a PostgreSQL streaming replica, so a large city's team figures (the one
heavy read, up to a few hundred milliseconds) leave the primary to the conversations.

Set DATABASE_REPLICA_URL and the team figures' queries go there; without it they run in the
request's own session, as everything else always does. Only figures read here: they count whole
quarters, so a replica a few seconds behind gives the same picture. Who may see which team is
decided on the primary first (wattelt.figures.routes), and nothing is ever written here.
"""
from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from wattelt.extensions import db

BIND = "replica"


def configured() -> bool:
    return BIND in current_app.config.get("SQLALCHEMY_BINDS", {})


def session() -> Session:
    """The session for aggregate reads: one on the replica for the request, or the request's own."""
    if not configured():
        return db.session
    if "replica_session" not in g:
        g.replica_session = Session(db.engines[BIND])
    return g.replica_session


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def close_replica_session(error=None):
        # Closing ends its read transaction and gives the connection back to the replica's pool.
        if (opened := g.pop("replica_session", None)) is not None:
            opened.close()
