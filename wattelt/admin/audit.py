"""The administrators' log: one row per change to organisations, teams, areas, people and
settings, in the same transaction as the change. Commands run on the server have no user."""
from wattelt.extensions import db
from wattelt.models import AdminEvent, User


def record(user: User | None, action: str, obj, **details) -> AdminEvent:
    """details: what changed, in plain values; never a password, a token or household content."""
    event = AdminEvent(
        user_id=user.id if user is not None and user.is_authenticated else None,
        action=action, object_kind=type(obj).__name__, object_id=obj.id, details=details,
    )
    db.session.add(event)
    # Stored now: an erasure after it empties the session of everything not yet written.
    db.session.flush()
    return event
