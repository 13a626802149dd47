from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale, gettext as _
from flask_login import current_user

from wattelt import accesslog, policy
from wattelt.auth.guard import signed_in_only
from wattelt.errors import InvalidInput
from wattelt.formtools import choices, render_form, show_error
from wattelt.households import service
from wattelt.households.forms import CloseForm, ContactForm, HouseholdForm, MemberForm, ReopenForm
from wattelt.models import Household
from wattelt.names import ACCESS_WORDS, ROLE_NAMES, board_name
from wattelt.rights.forms import EraseForm
from wattelt.rights.service import retention_ends
from wattelt.rounds.service import rounds_by_member

bp = signed_in_only(Blueprint("households", __name__, url_prefix="/households"))


@bp.route("/")
def index():
    if current_user.invited:
        # A resident, a naaste or a helper has no caseload: their own page is where they start.
        return redirect(url_for("residents.home"))
    found = service.caseload(current_user, request.args.get("q", ""), _page_number(request.args.get("page")))
    return render_template("households/index.html", caseload=found)


def _page_number(sent: str | None) -> int:
    """The page asked for: anything but plain digits is the first page; a number past the last
    page is the last (the service counts the pages)."""
    if not sent or not (sent.isascii() and sent.isdigit()):
        return 1
    return int(sent) if len(sent) <= 12 else 10**12


@bp.route("/new", methods=["GET", "POST"])
def create():
    team = current_user.team
    policy.require(current_user, "household.create", team)
    form = HouseholdForm()
    if form.validate_on_submit():
        members = [service.MemberInput(entry.form.name.data, entry.form.birth_year.data) for entry in form.members]
        try:
            household = service.create_household(current_user, team, form.name.data, members, date.today())
        except InvalidInput as error:
            show_error(form, error)
        else:
            flash(_("Het huishouden is aangemaakt."), "success")
            return redirect(url_for("households.detail", household_id=household.id))
    return render_form("households/new.html", form)


@bp.route("/<int:household_id>")
def detail(household_id: int):
    household = policy.load(current_user, "household.view", Household, household_id)
    return _detail_page(household, _contact_form(household))


@bp.route("/<int:household_id>/inzage")
def access_log(household_id: int):
    """Who opened or changed this household's data: for the professionals who work with it."""
    household = policy.load(current_user, "household.view", Household, household_id)
    return render_template(
        "households/access_log.html", household=household, events=accesslog.of_household(household),
        access_words=ACCESS_WORDS, role_names=ROLE_NAMES,
    )


@bp.route("/<int:household_id>/contact", methods=["POST"])
def contact(household_id: int):
    household = policy.load(current_user, "household.edit", Household, household_id)
    form = _contact_form(household)
    if form.validate_on_submit():
        try:
            service.set_contact(household, form.contact_user.data, form.contact_informal.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            flash(_("De contactpersoon is bewaard."), "success")
            return redirect(url_for("households.detail", household_id=household.id))
    return _detail_page(household, form)


@bp.route("/<int:household_id>/members/new", methods=["GET", "POST"])
def add_member(household_id: int):
    household = policy.load(current_user, "household.edit", Household, household_id)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member = service.add_member(household, service.MemberInput(form.name.data, form.birth_year.data), date.today())
        except InvalidInput as error:
            show_error(form, error)
        else:
            flash(_("%(name)s is toegevoegd.", name=member.name), "success")
            return redirect(url_for("households.detail", household_id=household.id))
    return render_form("households/member_new.html", form, household=household)


@bp.route("/<int:household_id>/afsluiten", methods=["POST"])
def close(household_id: int):
    household = policy.load(current_user, "household.close", Household, household_id)
    if CloseForm(prefix="close").validate_on_submit():
        service.close(household)
        flash(_("De begeleiding is afgesloten. De gegevens worden bewaard tot %(day)s en daarna gewist.",
                day=format_date(retention_ends(household))), "success")
    return redirect(url_for("households.detail", household_id=household.id))


@bp.route("/<int:household_id>/heropenen", methods=["POST"])
def reopen(household_id: int):
    household = policy.load(current_user, "household.close", Household, household_id)
    if ReopenForm(prefix="close").validate_on_submit():
        service.reopen(household)
        flash(_("Het huishouden is weer open."), "success")
    return redirect(url_for("households.detail", household_id=household.id))


def _contact_form(household) -> ContactForm:
    form = ContactForm(data={"contact_user": household.contact_user_id or 0, "contact_informal": household.contact_informal})
    form.contact_user.choices = choices(
        [(0, _("Geen professional"))] + [(u.id, u.name) for u in service.contact_choices(household)]
    )
    return form


def _detail_page(household, contact_form):
    locale = str(get_locale())
    rounds = rounds_by_member(current_user, household)
    boards = service.member_boards(household, rounds, date.today())
    return render_form(
        "households/detail.html", contact_form, household=household, rounds=rounds,
        board_names={m.id: board_name(boards[m.id], m.instrument_key, locale) for m in household.members},
        erase_form=EraseForm(prefix="household", formdata=None), erase_on=retention_ends(household),
        close_form=(ReopenForm if household.closed_at else CloseForm)(prefix="close", formdata=None),
    )
