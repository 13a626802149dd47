"""Start page and the language switch."""
from importlib.resources import files

from flask import Blueprint, abort, current_app, redirect, request, send_file, url_for
from flask_login import current_user

from wattelt.i18n import LANGUAGE_COOKIE
from wattelt.security import safe_next

bp = Blueprint("main", __name__)
PLOTLY_JS = str(files("plotly") / "package_data" / "plotly.min.js")
YEAR = 365 * 24 * 3600


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("households.index"))
    return redirect(url_for("auth.login"))


@bp.route("/taal", methods=["POST"])
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
def plotly_js():
    """plotly.js from the installed plotly package: served by us, never from a CDN."""
    return send_file(PLOTLY_JS, mimetype="text/javascript", max_age=YEAR, conditional=True)
