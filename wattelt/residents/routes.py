from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from wattelt import accesslog, policy
from wattelt.auth.guard import signed_in_only
from wattelt.models import Member
from wattelt.names import ACCESS_WORDS, ACTION_OWNER_NAMES, ROLE_NAMES
from wattelt.plan.forms import note_form
from wattelt.residents import service

bp = signed_in_only(Blueprint("residents", __name__))


@bp.route("/mijn")
def home():
    """The own page of an invited person: per household what their grants cover, each list through
    policy.scope. Staff have their caseload instead."""
    places = service.places(current_user)
    if not current_user.invited:
        return redirect(url_for("households.index"))
    note_forms = {a.id: note_form(a) for p in places for a in p.actions}
    return render_template("residents/home.html", places=places, note_forms=note_forms, owner_names=ACTION_OWNER_NAMES)


@bp.route("/mijn/inzage/<int:member_id>")
def access_log(member_id: int):
    """Who looked at this member's data, for the member themselves (and whoever may see their progress)."""
    member = policy.load(current_user, "progress.view", Member, member_id)
    return render_template(
        "residents/access_log.html", member=member, events=accesslog.of_member(member),
        access_words=ACCESS_WORDS, role_names=ROLE_NAMES,
    )
