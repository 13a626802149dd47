"""Invitations and who sees the household: made by the professional or the household, used by the
person invited."""
from datetime import timedelta

import segno
from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from wattelt import policy, ratelimit
from wattelt.auth import sessions
from wattelt.auth.guard import signed_in_only
from wattelt.errors import InvalidInput
from wattelt.formtools import render_form, show_error
from wattelt.models import Grant, GrantKind, Household, Invitation, Member
from wattelt.names import GRANT_NAMES
from wattelt.sharing import service
from wattelt.sharing.forms import ConfirmForm, InviteHelperForm, InviteMemberForm, InviteNaasteForm, SecretForm, ShareForm

bp = signed_in_only(Blueprint("sharing", __name__))
entry = Blueprint("invitation", __name__)


@bp.route("/members/<int:member_id>/uitnodigen", methods=["POST"])
def invite_member(member_id: int):
    member = policy.load(current_user, "household.edit", Member, member_id)
    if not InviteMemberForm().validate_on_submit():
        return redirect(url_for("sharing.manage", household_id=member.household_id))
    return _link_page(*service.create_invitation(current_user, member.household, GrantKind.RESIDENT, _validity(member.household), member=member))


@bp.route("/members/<int:member_id>/naaste-uitnodigen", methods=["POST"])
def invite_naaste(member_id: int):
    member = policy.load(current_user, "household.edit", Member, member_id)
    form = InviteNaasteForm(prefix=f"naaste-{member.id}")
    if form.validate_on_submit():
        try:
            created = service.create_invitation(
                current_user, member.household, GrantKind.NAASTE, _validity(member.household), member=member, label=form.label.data
            )
        except InvalidInput as error:
            show_error(form, error)
        else:
            return _link_page(*created)
    return _manage_page(member.household, naaste_forms={member.id: form})


@bp.route("/households/<int:household_id>/delen", methods=["GET", "POST"])
def manage(household_id: int):
    """Who sees what of this household, and inviting a helper."""
    household = policy.load(current_user, "sharing.manage", Household, household_id)
    if request.method == "POST":
        # Letting someone new in is refused in a closed household; withdrawing access never is.
        policy.require(current_user, "sharing.invite", household)
    form = InviteHelperForm()
    if form.validate_on_submit():
        try:
            created = service.create_invitation(
                current_user, household, GrantKind(form.kind.data), _validity(household), label=form.label.data
            )
        except InvalidInput as error:
            show_error(form, error)
        else:
            return _link_page(*created)
    return _manage_page(household, helper_form=form)


@bp.route("/households/<int:household_id>/delen/leden", methods=["POST"])
def members_share(household_id: int):
    household = policy.load(current_user, "sharing.manage", Household, household_id)
    form = ShareForm()
    if form.validate_on_submit():
        if form.members_share.data:
            # More eyes on the boards is letting someone in; fewer is always possible.
            policy.require(current_user, "sharing.invite", household)
        service.set_members_share(household, form.members_share.data)
        flash(_("Bewaard."), "success")
    return redirect(url_for("sharing.manage", household_id=household.id))


@bp.route("/toegang/<int:grant_id>/intrekken", methods=["POST"])
def withdraw(grant_id: int):
    grant = _grant_or_404(grant_id)
    if ConfirmForm().validate_on_submit():
        service.withdraw(grant, current_user)
        flash(_("%(name)s heeft geen toegang meer.", name=grant.user.name), "success")
    return redirect(url_for("sharing.manage", household_id=grant.household_id))


@bp.route("/toegang/<int:grant_id>/nieuw-geheim", methods=["POST"])
def new_secret(grant_id: int):
    """A lost secret: a new one-time link for the same person, who then chooses a new secret."""
    grant = _grant_or_404(grant_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("sharing.manage", household_id=grant.household_id))
    return _link_page(*service.create_invitation(
        current_user, grant.household, grant.kind, _validity(grant.household), member=grant.member, label=grant.user.name, for_user=grant.user,
    ))


@bp.route("/uitnodigingen/<int:invitation_id>/intrekken", methods=["POST"])
def revoke(invitation_id: int):
    invitation = _invitation_or_404(invitation_id)
    if ConfirmForm().validate_on_submit():
        service.revoke_invitation(invitation)
        flash(_("De uitnodiging is ingetrokken. De link werkt niet meer."), "success")
    return redirect(url_for("sharing.manage", household_id=invitation.household_id))


@entry.route("/uitnodiging/<token>", methods=["GET", "POST"])
@ratelimit.invitation_by_address
@ratelimit.invitation_by_link
@policy.public
def accept(token: str):
    """Open an invitation: choose a secret, then go in. Anyone with the link may; it works once."""
    invitation = service.usable(token)
    form = SecretForm()
    if form.validate_on_submit():
        try:
            user = service.accept(invitation, form.secret.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            # A shared tablet may still be signed in as someone else: that session ends here.
            sessions.end()
            sessions.begin(user)
            flash(_("Welkom. Je inlognaam is %(login)s. Schrijf die op: je hebt hem nodig om weer in te loggen.", login=user.login_name), "success")
            return redirect(url_for("residents.home"))
    return render_form("sharing/accept.html", form, invitation=invitation)


def _validity(household) -> timedelta:
    """How long a link works: the organisation's setting."""
    return timedelta(days=household.team.organisation.invitation_days)


def _link_page(invitation: Invitation, token: str):
    """The link, shown once: on the tablet to scan, or printed to hand over. Never stored as such."""
    link = url_for("invitation.accept", token=token, _external=True)
    qr = segno.make(link, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")
    response = make_response(render_template("sharing/invitation.html", invitation=invitation, link=link, qr=Markup(qr)))
    response.headers["Cache-Control"] = "no-store"
    return response


def _manage_page(household: Household, helper_form=None, naaste_forms=None):
    return render_form(
        "sharing/manage.html", helper_form or InviteHelperForm(formdata=None), household=household,
        grants=service.grants_of_household(household), invitations=service.open_invitations(household),
        share_form=ShareForm(data={"members_share": household.members_share}), confirm_form=ConfirmForm(),
        member_form=InviteMemberForm(), grant_names=GRANT_NAMES,
        naaste_form=lambda member: (naaste_forms or {}).get(member.id) or InviteNaasteForm(prefix=f"naaste-{member.id}", formdata=None),
    )


def _grant_or_404(grant_id: int) -> Grant:
    """A grant is about a household: whoever may manage that household's sharing may withdraw it."""
    return policy.load_through(current_user, "sharing.manage", Grant, grant_id, lambda grant: grant.household)


def _invitation_or_404(invitation_id: int) -> Invitation:
    return policy.load_through(current_user, "sharing.manage", Invitation, invitation_id, lambda invitation: invitation.household)
