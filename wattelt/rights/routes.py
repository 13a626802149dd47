"""Data rights: a member's data to take along, and erasure, both after the person confirms their
password again."""
import json

from flask import Blueprint, Response, flash, make_response, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from wattelt import policy, transaction
from wattelt.auth.guard import signed_in_only
from wattelt.auth import sessions
from wattelt.formtools import render_form
from wattelt.models import Household, Member
from wattelt.names import ACCESS_WORDS, ACTION_OWNER_NAMES, GOAL_STATUS_NAMES, GRANT_NAMES, ROLE_NAMES
from wattelt.rights import service
from wattelt.rights.forms import EraseForm

bp = signed_in_only(Blueprint("rights", __name__))


@bp.route("/members/<int:member_id>/gegevens")
def member(member_id: int):
    member = policy.load(current_user, "member.export", Member, member_id)
    return render_form("rights/member.html", EraseForm(formdata=None), member=member)


@bp.route("/members/<int:member_id>/gegevens.json")
def export(member_id: int):
    member = policy.load(current_user, "member.export", Member, member_id)
    if not sessions.confirmed_recently():
        # Back to the page of the member's data, where the link works at once: a redirect to the file
        # would leave the password page on screen, the password still in it.
        return sessions.ask_to_confirm(url_for("rights.member", member_id=member.id))
    body = json.dumps(service.export(member), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="wattelt-{member.id}.json"', "Cache-Control": "no-store",
    })


@bp.route("/members/<int:member_id>/gegevens/overzicht")
def overview(member_id: int):
    """The same data as the file, in words, to read or print."""
    member = policy.load(current_user, "member.export", Member, member_id)
    if not sessions.confirmed_recently():
        return sessions.ask_to_confirm(url_for("rights.overview", member_id=member.id))
    response = make_response(render_template(
        "rights/summary.html", summary=service.summary(member, str(get_locale())), goal_status_names=GOAL_STATUS_NAMES, action_owner_names=ACTION_OWNER_NAMES, grant_names=GRANT_NAMES,
        access_words=ACCESS_WORDS, role_names=ROLE_NAMES,
    ))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/members/<int:member_id>/wissen", methods=["POST"])
def erase_member(member_id: int):
    member = policy.load(current_user, "member.erase", Member, member_id)
    if not sessions.confirmed_recently():
        return sessions.ask_to_confirm(url_for("rights.member", member_id=member.id))
    form = EraseForm()
    if form.validate_on_submit() and form.confirms(member.name):
        household_id = member.household_id
        service.erase_member(member)
        flash(_("De gegevens zijn gewist."), "success")
        return redirect(url_for("households.detail", household_id=household_id))
    return render_form("rights/member.html", form, member=member)


@bp.route("/households/<int:household_id>/wissen", methods=["POST"])
def erase_household(household_id: int):
    household = policy.load(current_user, "household.erase", Household, household_id)
    if not sessions.confirmed_recently():
        return sessions.ask_to_confirm(url_for("households.detail", household_id=household.id))
    form = EraseForm(prefix="household")
    if form.validate_on_submit() and form.confirms(household.name):
        service.erase_household(household)
        flash(_("De gegevens van het huishouden zijn gewist."), "success")
        return redirect(url_for("households.index"))
    transaction.discard_changes()
    flash(" ".join(str(e) for e in form.name.errors) or _("Er is niets gewist."), "info")
    return redirect(url_for("households.detail", household_id=household.id))
