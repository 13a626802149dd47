"""Blueprints whose every page is for signed-in users only."""
from flask import Blueprint
from flask_login import login_required


def signed_in_only(blueprint: Blueprint) -> Blueprint:
    @blueprint.before_request
    @login_required
    def require_login():
        return None

    return blueprint
