"""Blueprints whose every page is for signed-in users only, and what a visitor who is not signed in gets."""
from flask import Blueprint, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from wattelt.errors import render_error, wants_json
from wattelt.extensions import login_manager


def signed_in_only(blueprint: Blueprint) -> Blueprint:
    @blueprint.before_request
    @login_required
    def require_login():
        return None

    return blueprint


@login_manager.unauthorized_handler
def unauthorized():
    """The JSON door answers 401; a person is sent to the sign-in page and comes back afterwards."""
    if wants_json():
        return render_error(401)
    if g.get("session_expired"):
        # Unsent changes stay in the device's queue and go out after signing in again.
        flash(_("Je was een tijd niet actief. Daarom ben je uitgelogd. Log opnieuw in: wat nog niet bewaard was, staat nog op dit apparaat."), "info")
    else:
        flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
