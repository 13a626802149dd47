"""Reading aggregates from a PostgreSQL streaming replica, so a large city's team figures (the one
heavy read, up to a few hundred milliseconds) leave the primary to the conversations.

Set DATABASE_REPLICA_URL and the team figures' queries go there; without it they run in the
request's own session, as everything else always does. Only figures read here: they count whole
quarters, so a replica a few seconds behind gives the same picture. Who may see which team is
decided on the primary first (wattelt.figures.routes), and nothing is ever written here.
"""
import logging

import sqlalchemy as sa
from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from wattelt.extensions import db

BIND = "replica"
log = logging.getLogger("wattelt.replica")

# Seconds behind the primary: none while the replica has replayed all it received, else the age of
# the last transaction it replayed (an idle primary sends nothing, so age alone would say "behind").
# None on a replica that has replayed nothing since it started: not known to be current.
LAG = sa.text(
    "SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
    " ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
)


def configured() -> bool:
    return BIND in current_app.config.get("SQLALCHEMY_BINDS", {})


def session() -> Session:
    """The session for aggregate reads: one on the replica for the request, or the request's own
    when there is none, or when it is out of reach or too far behind (REPLICA_MAX_LAG_SECONDS): the
    figures then cost the primary a moment, rather than fail or show an old picture."""
    if not configured():
        return db.session
    if "replica_session" not in g:
        g.replica_session = _current_replica()
    return g.replica_session or db.session


def _current_replica() -> Session | None:
    engine = db.engines[BIND]
    on_postgresql = engine.dialect.name == "postgresql"
    # One snapshot for all of a page's statements, so its tables add up to the same households.
    opened = Session(engine.execution_options(isolation_level="REPEATABLE READ") if on_postgresql else engine)
    try:
        # A database that is no PostgreSQL replica is as current as it gets: asking checks it answers.
        lag = opened.execute(LAG if on_postgresql else sa.select(0)).scalar()
    except sa.exc.SQLAlchemyError as error:
        opened.close()
        log.warning("replica out of reach (%s): the figures read from the primary", type(getattr(error, "orig", None) or error).__name__)
        return None
    if lag is None or lag > current_app.config["REPLICA_MAX_LAG_SECONDS"]:
        opened.close()
        log.warning("replica %s s behind: the figures read from the primary", "unknown" if lag is None else round(lag))
        return None
    return opened


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def close_replica_session(error=None):
        # Closing ends its read transaction and gives the connection back to the replica's pool.
        if (opened := g.pop("replica_session", None)) is not None:
            opened.close()
