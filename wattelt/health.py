"""Whether this app process can do its work: the database answers. A load balancer asks this
every few seconds, so it is one short query on a connection of the pool and nothing more."""
import sqlalchemy as sa

from wattelt.extensions import db

# A database that takes longer than this to say "1" is as good as down for a person at the table.
STATEMENT_TIMEOUT_MS = 2000


def database_answers() -> bool:
    """True when the database answers SELECT 1 in time. A connection of the pool that the database
    closed (a restart, a failover) is thrown away and a fresh one tried once, so the first check
    after a restart does not take a healthy process out of the load balancer."""
    for attempt in range(2):
        try:
            with db.engine.connect() as connection:
                if connection.dialect.name == "postgresql":
                    # SET LOCAL holds until the end of this transaction only: the pool's
                    # connections keep their normal (unlimited) timeout for real work.
                    connection.execute(sa.text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
                return connection.execute(sa.text("SELECT 1")).scalar() == 1
        except sa.exc.DBAPIError as error:
            if not (error.connection_invalidated and attempt == 0):
                return False
        except sa.exc.SQLAlchemyError:
            return False
    return False
