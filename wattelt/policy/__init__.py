"""The one policy: who may see what, and who may do what.

- scope(user, Model) filters every list and lookup of household data;
- require(user, verb, obj) answers 404 for what the user may not know exists and 403 for what they
  may see but not do;
- can(user, verb, obj) asks the same question without stopping the request (templates use it);
- load(user, verb, Model, id) is the usual start of a route: look up in scope, then require.

Rights come from grants (grants.py). Every decision is noted on the request, so a test can check
that every route asked.
"""
import sqlalchemy as sa
from flask import Flask, abort, g, has_request_context, request
from flask_login import current_user

from wattelt import accesslog
from wattelt.extensions import db
from wattelt.models import INVITED_ROLES
from wattelt.models import Grant as StoredGrant
from wattelt.policy.grants import ADMIN_VERBS, CONVERSATION_VERBS, EXPERIENCE_VERBS, grants_of, stored_rows
from wattelt.policy.subjects import INSTALLATION, selectable, subject_of

__all__ = ["INSTALLATION", "can", "held_grants", "load", "load_through", "public", "require", "scope", "VERBS"]

VERBS = CONVERSATION_VERBS | ADMIN_VERBS | EXPERIENCE_VERBS | {"figures.view"}


def scope(user, model: type):
    """A select of the rows of model this user may know exist; empty when no grant sees them."""
    _note("scope", model.__name__)
    stmt, columns = selectable(model)
    conditions = [grant.condition(columns, model) for grant in grants_of(user) if model in grant.sees]
    return stmt.where(sa.or_(*conditions)) if conditions else stmt.where(sa.false())


def can(user, verb: str, obj, **context) -> bool:
    """context narrows a verb, such as chip.place for perspective=Perspective.NAASTE."""
    if verb not in VERBS:
        raise ValueError(f"unknown verb {verb!r}")
    if obj is None:
        return False
    subject = subject_of(obj)
    return any(grant.allows(verb, obj, subject, **context) for grant in grants_of(user))


def require(user, verb: str, obj, **context) -> None:
    """Stop the request unless the user may do verb on obj: 404 if they may not know it exists, else 403."""
    allowed = can(user, verb, obj, **context)
    _note(verb, type(obj).__name__, allowed)
    if allowed:
        _record(user, verb, obj)
        return
    if obj is None or not any(grant.knows(obj, subject_of(obj)) for grant in grants_of(user)):
        abort(404 if obj is not None else 403)
    abort(403)


def load(user, verb: str, model: type, ident: int, *options):
    """The object with this id, if the user may know it exists and may do verb on it; options (of
    SQLAlchemy's loading) say what comes along with it."""
    found = db.session.scalar(scope(user, model).where(model.id == ident).options(*options))
    if found is None:
        abort(404)
    require(user, verb, found)
    return found


def load_through(user, verb: str, model: type, ident: int, parent):
    """A row that belongs to household data (an invitation, a grant), if the user may do verb on
    the object it belongs to (parent(row)): 404 when it does not exist or may not be known."""
    found = db.session.get(model, ident)
    if found is None:
        abort(404)
    require(user, verb, parent(found))
    return found


def held_grants(user) -> list[StoredGrant]:
    """The grants an invited person holds now, oldest first. Staff hold none: their rights come
    with their role and team."""
    _note("held", "Grant")
    if not user.is_authenticated or user.role not in INVITED_ROLES:
        return []
    return stored_rows(user)


def public(view):
    """Mark a view that shows no household data, so it needs no decision of the policy."""
    view.policy_public = True
    return view


# Looks and changes are told apart by the request; taking data along, putting it in a file for a
# case-management system, an anonymous story (made only with the household's consent) and erasing
# by the verb.
SPECIAL_ACTIONS = {
    "member.export": "export", "member.erase": "erase", "household.erase": "erase", "round.export": "file",
    "story.export": "story",
}


def _record(user, verb: str, obj) -> None:
    """An access-log row for household data a request was allowed to open, once per object."""
    subject = subject_of(obj)
    if subject.household_id is None or not has_request_context():
        return  # teams and organisations are not household data
    recorded = g.setdefault("access_recorded", set())
    key = (type(obj).__name__, obj.id)
    if key in recorded:
        return
    recorded.add(key)
    accesslog.note(dict(
        user_id=user.id, role=user.role.value, team_id=user.team_id, kitchen_table=bool(g.get("kitchen_lock")),
        action=SPECIAL_ACTIONS.get(verb) or ("view" if request.method in ("GET", "HEAD") else "change"), verb=verb,
        household_id=subject.household_id, member_id=subject.member_id, object_kind=key[0], object_id=key[1],
        endpoint=(request.endpoint or "")[:60],
    ))


def _note(verb: str, kind: str, allowed: bool | None = None) -> None:
    g.setdefault("policy_decisions", []).append((verb, kind, allowed))


def init_app(app: Flask) -> None:
    @app.context_processor
    def policy_context():
        # installation: what `can('admin.manage', installation)` asks about (the deployment as a whole).
        return {"can": _can_of_this_request(), "installation": INSTALLATION}

    def _can_of_this_request():
        # A page asks `can` a few dozen times, and each question went through the current_user proxy
        # several times (about 150 look-ups a household page). The user is resolved once, at the first
        # question, not when the template starts: pages that never ask (the service worker, static
        # answers) must not load the user, which can rewrite the session cookie.
        user = None

        def can_(verb, obj, **context):
            nonlocal user
            if user is None:
                user = current_user._get_current_object()
            return can(user, verb, obj, **context)
        return can_
