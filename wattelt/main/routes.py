"""Start page, the language switch, a fresh CSRF token and the health check: nothing of a household."""
from datetime import date, datetime, timedelta, timezone

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from wattelt import health, policy
from wattelt.auth import sessions
from wattelt.errors import MalformedRequest
from wattelt.i18n import LANGUAGE_COOKIE, offered_languages
from wattelt.security import safe_next, sessionless

bp = Blueprint("main", __name__)
# When the accessibility statement was last checked against the tests it names.
STATEMENT_DATE = date(2026, 11, 25)


@bp.route("/")
@policy.public
def index():
    if current_user.is_authenticated:
        if policy.can(current_user, "admin.manage", policy.INSTALLATION):
            return redirect(url_for("admin.index"))
        if current_user.invited:
            return redirect(url_for("residents.home"))
        # Who has no caseload but may see their team's figures (a team lead) starts there.
        team = current_user.team
        if not policy.can(current_user, "household.create", team) and policy.can(current_user, "figures.view", team):
            return redirect(url_for("figures.index"))
        return redirect(url_for("households.index"))
    return redirect(url_for("auth.login"))


@bp.route("/taal", methods=["POST"])
@policy.public
def language():
    chosen = request.form.get("language", "")
    if chosen not in offered_languages():
        raise MalformedRequest(_l("Deze taal kennen we niet. Kies een taal uit de lijst bovenaan de pagina."), field="language")
    if current_user.is_authenticated and sessions.locked_round() is None:
        current_user.language = chosen
    response = redirect(safe_next(request.form.get("next"), url_for("main.index")))
    response.set_cookie(
        LANGUAGE_COOKIE, chosen, max_age=current_app.config["LANGUAGE_COOKIE_MAX_AGE"],
        httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/toegankelijkheid")
@policy.public
def accessibility():
    return render_template("main/accessibility.html", statement_date=STATEMENT_DATE)


@bp.route("/.well-known/security.txt")
@policy.public
def security_txt():
    """RFC 9116: where to report a vulnerability. Without a configured contact there is none to give."""
    contact = current_app.config["SECURITY_CONTACT"]
    if not contact:
        abort(404)
    expires = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=180)
    lines = [
        f"Contact: {contact}", f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: nl, en", f"Canonical: {url_for('main.security_txt', _external=True)}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.route("/api/csrf-token")
@policy.public
def csrf_token():
    """A fresh token for the JSON door, so saves queued on a device can be sent again later, and
    whose session this is: a device only sends the saves of the person signed in."""
    response = jsonify(token=generate_csrf(), user=current_user.id if current_user.is_authenticated else None)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/healthz")
@policy.public
@sessionless
def healthz():
    """For the load balancer: 200 while this process can reach the database, else 503, so traffic
    goes to the processes that can serve it. No details: they are for the logs, not for anyone
    who asks."""
    up = health.database_answers()
    response = jsonify(status="ok" if up else "unavailable")
    response.status_code = 200 if up else 503
    response.headers["Cache-Control"] = "no-store"
    return response
