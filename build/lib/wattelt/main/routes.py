"""Start page, the language switch, the chart library and a fresh CSRF token: nothing of a household."""
from importlib.resources import files
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, redirect, request, send_file, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from wattelt import assets, policy
from wattelt.i18n import LANGUAGE_COOKIE
from wattelt.security import safe_next

bp = Blueprint("main", __name__)
PLOTLY_JS = Path(str(files("plotly") / "package_data" / "plotly.min.js"))
assets.serves_file(bp, "plotly_js", PLOTLY_JS)


@bp.route("/")
@policy.public
def index():
    if current_user.is_authenticated:
        return redirect(url_for("households.index"))
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


@bp.route("/vendor/plotly.min.js")
@policy.public
def plotly_js():
    """plotly.js from the installed plotly package: served by us, never from a CDN."""
    return send_file(PLOTLY_JS, mimetype="text/javascript", max_age=assets.max_age_for(PLOTLY_JS), conditional=True)


@bp.route("/api/csrf-token")
@policy.public
def csrf_token():
    """A fresh token for the JSON door, so saves queued on a device can be sent again later."""
    response = jsonify(token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response
