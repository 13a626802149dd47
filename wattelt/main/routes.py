"""Start page, the language switch and a fresh CSRF token: nothing of a household."""
from flask import Blueprint, abort, current_app, jsonify, redirect, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from wattelt import policy
from wattelt.i18n import LANGUAGE_COOKIE
from wattelt.models import INVITED_ROLES
from wattelt.security import safe_next

bp = Blueprint("main", __name__)


@bp.route("/")
@policy.public
def index():
    if current_user.is_authenticated:
        return redirect(url_for("residents.home" if current_user.role in INVITED_ROLES else "households.index"))
    return redirect(url_for("auth.login"))


@bp.route("/taal", methods=["POST"])
@policy.public
def language():
    chosen = request.form.get("language", "")
    if chosen not in current_app.config["LANGUAGES"]:
        abort(400)
    response = redirect(safe_next(request.form.get("next"), url_for("main.index")))
    response.set_cookie(
        LANGUAGE_COOKIE, chosen, max_age=current_app.config["LANGUAGE_COOKIE_MAX_AGE"],
        httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/api/csrf-token")
@policy.public
def csrf_token():
    """A fresh token for the JSON door, so saves queued on a device can be sent again later, and
    whose session this is: a device only sends the saves of the person signed in."""
    response = jsonify(token=generate_csrf(), user=current_user.id if current_user.is_authenticated else None)
    response.headers["Cache-Control"] = "no-store"
    return response
