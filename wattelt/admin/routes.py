"""Administration pages, for administrators only (everyone else gets 404): organisations, areas,
teams, people and settings. Never a household's content."""
from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wattelt import policy
from wattelt.admin import logview, service
from wattelt.admin.forms import ArchiveForm, ButtonForm, MoveForm, NameForm, PersonForm, SettingsForm, TeamForm
from wattelt.auth.guard import signed_in_only
from wattelt.errors import InvalidInput
from wattelt.experience import service as experience
from wattelt.extensions import db
from wattelt.formtools import choices, render_form, show_error
from wattelt.models import SETTING_RANGES, Area, Organisation, Role, Team, User
from wattelt.names import ROLE_NAMES

bp = signed_in_only(Blueprint("admin", __name__, url_prefix="/beheer"))

STAFF_ROLE_CHOICES = [(Role.PROFESSIONAL, ROLE_NAMES["professional"]), (Role.TEAMLEAD, ROLE_NAMES["teamlead"]), (Role.ADMIN, ROLE_NAMES["admin"])]


@bp.route("/")
def index():
    policy.require(current_user, "admin.manage", policy.INSTALLATION)
    return _index_page(NameForm(formdata=None))


@bp.route("/organisaties", methods=["POST"])
def create_organisation():
    policy.require(current_user, "admin.manage", policy.INSTALLATION)
    form = NameForm()
    if _done(form, lambda: service.create_organisation(form.name.data, current_user)):
        flash(_("De organisatie is aangemaakt."), "success")
        return redirect(url_for("admin.index"))
    return _index_page(form)


def _index_page(form):
    return render_form("admin/index.html", form, organisations=service.organisations())


@bp.route("/organisaties/<int:organisation_id>")
def organisation(organisation_id: int):
    return _organisation_page(policy.load(current_user, "admin.manage", Organisation, organisation_id))


@bp.route("/organisaties/<int:organisation_id>/naam", methods=["POST"])
def rename_organisation(organisation_id: int):
    organisation = policy.load(current_user, "admin.manage", Organisation, organisation_id)
    form = NameForm(prefix="organisation")
    if _done(form, lambda: service.rename_organisation(organisation, form.name.data, current_user)):
        return _saved(organisation)
    return _organisation_page(organisation, rename=form)


@bp.route("/organisaties/<int:organisation_id>/instellingen", methods=["POST"])
def settings(organisation_id: int):
    organisation = policy.load(current_user, "admin.manage", Organisation, organisation_id)
    form = _settings_form(organisation)
    values = {name: getattr(form, name).data for name in SETTING_RANGES}
    if _done(form, lambda: service.update_settings(organisation, {**values, "resident_languages": form.resident_languages.data}, current_user)):
        return _saved(organisation)
    return _organisation_page(organisation, settings=form)


@bp.route("/organisaties/<int:organisation_id>/teams", methods=["POST"])
def add_team(organisation_id: int):
    organisation = policy.load(current_user, "admin.manage", Organisation, organisation_id)
    form = _team_form(organisation, prefix="new-team")
    if _done(form, lambda: service.add_team(organisation, form.name.data, _chosen_area(organisation, form.area.data), current_user)):
        return _saved(organisation)
    return _organisation_page(organisation, new_team=form)


@bp.route("/organisaties/<int:organisation_id>/gebieden", methods=["POST"])
def add_area(organisation_id: int):
    organisation = policy.load(current_user, "admin.manage", Organisation, organisation_id)
    form = NameForm(prefix="new-area")
    if _done(form, lambda: service.create_area(organisation, form.name.data, current_user)):
        return _saved(organisation)
    return _organisation_page(organisation, new_area=form)


@bp.route("/teams/<int:team_id>", methods=["POST"])
def update_team(team_id: int):
    team = policy.load_through(current_user, "admin.manage", Team, team_id, lambda t: t.organisation)
    form = _team_form(team.organisation, prefix=f"team-{team.id}")
    if _done(form, lambda: service.update_team(team, form.name.data, _chosen_area(team.organisation, form.area.data), current_user)):
        return _saved(team.organisation)
    return _organisation_page(team.organisation, failed=(team, form))


@bp.route("/gebieden/<int:area_id>", methods=["POST"])
def rename_area(area_id: int):
    area = policy.load_through(current_user, "admin.manage", Area, area_id, lambda a: a.organisation)
    form = NameForm(prefix=f"area-{area.id}")
    if _done(form, lambda: service.rename_area(area, form.name.data, current_user)):
        return _saved(area.organisation)
    return _organisation_page(area.organisation, failed=(area, form))


@bp.route("/organisaties/<int:organisation_id>/archief", methods=["POST"])
def archive_organisation(organisation_id: int):
    organisation = policy.load(current_user, "admin.manage", Organisation, organisation_id)
    return _archive(organisation, organisation, f"organisation-{organisation.id}")


@bp.route("/teams/<int:team_id>/archief", methods=["POST"])
def archive_team(team_id: int):
    team = policy.load_through(current_user, "admin.manage", Team, team_id, lambda t: t.organisation)
    return _archive(team, team.organisation, f"team-{team.id}")


@bp.route("/gebieden/<int:area_id>/archief", methods=["POST"])
def archive_area(area_id: int):
    area = policy.load_through(current_user, "admin.manage", Area, area_id, lambda a: a.organisation)
    return _archive(area, area.organisation, f"area-{area.id}")


def _archive(thing, organisation, prefix: str):
    """Archive, or bring back what was archived (the button says which)."""
    if ArchiveForm(prefix=f"archive-{prefix}").validate_on_submit():
        try:
            service.set_archived(thing, thing.archived_at is None, current_user)
        except InvalidInput as error:
            flash(str(error.message), "info")
        else:
            flash(_("Gearchiveerd.") if thing.archived_at else _("Teruggehaald uit het archief."), "success")
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))


def _organisation_page(organisation, rename=None, settings=None, new_team=None, new_area=None, failed=None):
    """The organisation with a form for each thing that can change; a refused form is shown with
    its messages in its place (failed: the team or area and its form)."""
    team_forms = {t.id: _team_form(organisation, prefix=f"team-{t.id}", data={"name": t.name, "area": t.area_id or 0}) for t in organisation.teams}
    area_forms = {a.id: NameForm(prefix=f"area-{a.id}", formdata=None, data={"name": a.name}) for a in organisation.areas}
    if failed is not None:
        (team_forms if isinstance(failed[0], Team) else area_forms)[failed[0].id] = failed[1]
    archive_forms = {(kind, thing.id): ArchiveForm(prefix=f"archive-{kind}-{thing.id}", formdata=None)
                     for kind, things in (("organisation", [organisation]), ("team", organisation.teams), ("area", organisation.areas))
                     for thing in things}
    refused = any(f is not None for f in (rename, settings, new_team, new_area, failed))
    page = render_template(
        "admin/organisation.html", organisation=organisation, refused=refused,
        form=rename or NameForm(prefix="organisation", formdata=None, data={"name": organisation.name}),
        settings=settings or _settings_form(organisation, formdata=None),
        new_team=new_team or _team_form(organisation, prefix="new-team", formdata=None),
        new_area=new_area or NameForm(prefix="new-area", formdata=None),
        team_forms=team_forms, area_forms=area_forms, archive_forms=archive_forms,
    )
    return page, 422 if refused else 200


def _team_form(organisation, **kwargs) -> TeamForm:
    form = TeamForm(**kwargs)
    form.area.choices = choices([(0, _("Geen gebied"))] + [(a.id, a.name) for a in organisation.areas if a.archived_at is None])
    return form


def _chosen_area(organisation, area_id: int) -> Area | None:
    return next((a for a in organisation.areas if a.id == area_id), None)


def _settings_form(organisation, **kwargs) -> SettingsForm:
    data = {name: getattr(organisation, name) for name in SETTING_RANGES}
    data["resident_languages"] = service.resident_languages(organisation)
    form = SettingsForm(data=data, **kwargs)
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    form.resident_languages.choices = [(code, name) for code, name in current_app.config["LANGUAGES"].items() if code != default]
    return form


def _saved(organisation):
    flash(_("Bewaard."), "success")
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))


def _done(form, operation) -> bool:
    """Validate the form and run the operation; a refusal lands on the form, nothing is written."""
    if not form.validate_on_submit():
        return False
    try:
        operation()
    except InvalidInput as error:
        show_error(form, error)
        return False
    return True


# People


@bp.route("/mensen")
def people():
    policy.require(current_user, "admin.manage", policy.INSTALLATION)
    return render_template("admin/people.html", people=service.staff(), last_sign_ins=service.last_sign_ins(), role_names=ROLE_NAMES)


@bp.route("/mensen/nieuw", methods=["GET", "POST"])
def new_person():
    policy.require(current_user, "admin.manage", policy.INSTALLATION)
    form = _person_form(PersonForm())
    if _done(form, lambda: _create_person(form)):
        return _link_page(form.created)
    return render_form("admin/person_new.html", form)


def _create_person(form):
    team = _team(form.team.data)
    if team is not None:
        policy.require(current_user, "admin.manage", team.organisation)
    form.created = service.create_user(form.email.data, form.name.data, Role(form.role.data), team, None, current_user)


@bp.route("/mensen/<int:user_id>")
def person(user_id: int):
    user = _person(user_id)
    move = _person_form(MoveForm(formdata=None, data={"role": user.role.value, "team": user.team_id or 0}))
    return _person_page(user, move)


@bp.route("/mensen/<int:user_id>/rol", methods=["POST"])
def move(user_id: int):
    user = _person(user_id)
    form = _person_form(MoveForm())
    if _done(form, lambda: service.set_role_and_team(user, Role(form.role.data), _team(form.team.data), current_user)):
        flash(_("Rol en team zijn bewaard. %(name)s moet opnieuw inloggen.", name=user.name), "success")
        return redirect(url_for("admin.person", user_id=user.id))
    return _person_page(user, form)


@bp.route("/mensen/<int:user_id>/actief", methods=["POST"])
def toggle_active(user_id: int):
    user = _person(user_id)

    def toggle():
        service.set_active(user, not user.active, current_user)
        flash(_("Het account werkt weer.") if user.active else _("Het account is uitgezet. %(name)s is overal uitgelogd.", name=user.name), "success")

    return _button(user, "actief", toggle)


@bp.route("/mensen/<int:user_id>/tweede-stap", methods=["POST"])
def reset_two_factor(user_id: int):
    user = _person(user_id)

    def reset():
        service.reset_two_factor(user, current_user)
        flash(_("De tweede stap is gewist. Bij de volgende keer inloggen stelt %(name)s de app opnieuw in.", name=user.name), "success")

    return _button(user, "tweede-stap", reset)


@bp.route("/mensen/<int:user_id>/link", methods=["POST"])
def new_link(user_id: int):
    user = _person(user_id)
    if not ButtonForm(prefix="link").validate_on_submit():
        return redirect(url_for("admin.person", user_id=user.id))
    return _link_page(user)


def _button(user, prefix: str, operation):
    """One button on a person's page; a refusal (such as the last administrator) is said, nothing changes."""
    if ButtonForm(prefix=prefix).validate_on_submit():
        try:
            operation()
        except InvalidInput as error:
            flash(str(error.message), "info")
    return redirect(url_for("admin.person", user_id=user.id))


@bp.route("/logboek")
def log():
    policy.require(current_user, "admin.manage", policy.INSTALLATION)
    shown = service.events()
    return render_template("admin/log.html", lines=logview.lines(shown, service.names_of(shown)))


@bp.route("/signalen")
def signals():
    """What residents wrote as a signal or complaint after a round, per team and month, for the
    organisation's administrators: the text only, never the answers to the questions or anything
    about who wrote it. Team leads and professionals never see single signals (the team figures
    count answers only above the smallest group)."""
    policy.require(current_user, "admin.manage", policy.INSTALLATION)
    return render_template("admin/signals.html", signals=experience.signals())


def _person(user_id: int) -> User:
    """A staff account the administrator may manage; invited people are their household's, not ours."""
    user = db.session.get(User, user_id)
    if user is None or user.invited:
        abort(404)
    policy.require(current_user, "admin.manage", user.team.organisation if user.team else policy.INSTALLATION)
    return user


def _team(team_id: int) -> Team | None:
    """The team a person is put in: one the administrator manages, asked of the policy like every other."""
    return policy.load_through(current_user, "admin.manage", Team, team_id, lambda t: t.organisation) if team_id else None


def _person_form(form):
    form.role.choices = choices([(role.value, name) for role, name in STAFF_ROLE_CHOICES])
    teams = [t for t in service.teams() if t.archived_at is None and t.organisation.archived_at is None]
    form.team.choices = choices([(0, _("Geen team"))] + [(t.id, f"{t.name} ({t.organisation.name})") for t in teams])
    return form


def _person_page(user, move):
    buttons = {what: ButtonForm(prefix=what, formdata=None) for what in ("actief", "tweede-stap", "link")}
    return render_form("admin/person.html", move, person=user, buttons=buttons, role_names=ROLE_NAMES)


def _link_page(user):
    """A new set-password link, shown once, to hand over; never stored as such."""
    token = service.password_link(user, current_user)
    link = url_for("auth.set_password", link=token, _external=True)
    response = make_response(render_template("admin/link.html", person=user, link=link,
                                             days=current_app.config["PASSWORD_LINK_DAYS"]))
    response.headers["Cache-Control"] = "no-store"
    return response
