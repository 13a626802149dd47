"""Blueprints whose every page is for signed-in users only, and what a visitor who is not signed in gets."""
from flask import Blueprint, flash, redirect, request, url_for
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
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
