"""Running the app for a municipality: organisations, areas, teams, the people who sign in and the
organisation's settings. The administration pages and the `flask users` / `flask teams` commands
call the same operations; every change writes a row in the administrators' log (audit.record),
with the administrator who made it or none for a command on the server.

Nothing here reads household content: an administrator manages who works, never what is said.
"""
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from wattelt import text
from wattelt.admin import audit, logview
from wattelt.auth import sessions
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.models import (
    INVITED_ROLES, SETTING_RANGES, AdminEvent, Area, Organisation, PasswordLink, RecoveryCode, Role, SignIn, Team, User,
)
from wattelt.models.types import as_utc, utcnow
from wattelt.security import secret_digest

MIN_PASSWORD_LENGTH = 12
NAME_LENGTH = 120
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STAFF_ROLES = (Role.PROFESSIONAL, Role.TEAMLEAD, Role.ADMIN)
LOG_SHOWN = 200
# What an account without a password holds: no password hash ever matches it.
NO_PASSWORD = "!"


class LinkUnusable(InvalidInput):
    """A set-password link that was used, replaced, expired or never existed."""

    status = 410


def _name(value: str | None, field: str = "name", empty=None) -> str:
    name = text.clean(value, field=field, max_length=NAME_LENGTH)
    if not name:
        raise InvalidInput(empty or _l("Vul een naam in."), field=field)
    return name


# Organisations, areas and teams


def create_organisation(name: str, by: User | None = None) -> Organisation:
    name = _name(name, empty=_l("Geef de organisatie een naam."))
    if db.session.scalar(sa.select(Organisation.id).where(sa.func.lower(Organisation.name) == name.lower())) is not None:
        raise InvalidInput(_l("Er is al een organisatie met deze naam."), field="name")
    organisation = Organisation(name=name)
    db.session.add(organisation)
    db.session.flush()
    audit.record(by, "organisation.created", organisation, name=name)
    return organisation


def rename_organisation(organisation: Organisation, name: str, by: User | None = None) -> None:
    name = _name(name, empty=_l("Geef de organisatie een naam."))
    taken = sa.select(Organisation.id).where(sa.func.lower(Organisation.name) == name.lower(), Organisation.id != organisation.id)
    if db.session.scalar(taken) is not None:
        raise InvalidInput(_l("Er is al een organisatie met deze naam."), field="name")
    audit.record(by, "organisation.renamed", organisation, before=organisation.name, after=name)
    organisation.name = name
    db.session.flush()


def set_archived(thing: Organisation | Team | Area, archived: bool, by: User | None = None) -> None:
    """Archive or bring back an organisation, team or area. Archived ones take no new households,
    teams or people; their history stays."""
    if archived and isinstance(thing, Organisation) and any(t.archived_at is None for t in thing.teams):
        raise InvalidInput(_l("Archiveer eerst de teams van deze organisatie."))
    if archived and isinstance(thing, Team):
        working = sa.select(sa.func.count()).select_from(User).where(User.team_id == thing.id, User.active.is_(True))
        if db.session.scalar(working):
            raise InvalidInput(_l("Er werken nog mensen in dit team. Zet ze eerst in een ander team, of zet hun account uit."))
    if not archived and isinstance(thing, (Team, Area)) and thing.organisation.archived_at is not None:
        raise InvalidInput(_l("De organisatie is gearchiveerd. Haal die eerst terug."))
    if (thing.archived_at is not None) == archived:
        return
    thing.archived_at = utcnow() if archived else None
    audit.record(by, f"{type(thing).__name__.lower()}.{'archived' if archived else 'restored'}", thing, name=thing.name)
    db.session.flush()


def create_area(organisation: Organisation, name: str, by: User | None = None) -> Area:
    _open(organisation)
    name = _name(name, empty=_l("Geef het gebied een naam."))
    if any(a.name.lower() == name.lower() for a in organisation.areas):
        raise InvalidInput(_l("Deze organisatie heeft al een gebied met deze naam."), field="name")
    area = Area(organisation=organisation, name=name)
    db.session.add(area)
    db.session.flush()
    audit.record(by, "area.created", area, name=name, organisation=organisation.id)
    return area


def rename_area(area: Area, name: str, by: User | None = None) -> None:
    name = _name(name, empty=_l("Geef het gebied een naam."))
    if any(a.name.lower() == name.lower() and a.id != area.id for a in area.organisation.areas):
        raise InvalidInput(_l("Deze organisatie heeft al een gebied met deze naam."), field="name")
    audit.record(by, "area.renamed", area, before=area.name, after=name)
    area.name = name
    db.session.flush()


def create_team(organisation_name: str, team_name: str, by: User | None = None) -> Team:
    """A team in an organisation named by the command line; the organisation is made on first use."""
    organisation_name = text.clean(organisation_name, field="organisation", max_length=NAME_LENGTH)
    if not organisation_name or not (team_name or "").strip():
        raise InvalidInput(_l("Geef de organisatie en het team een naam."))
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.name == organisation_name))
    if organisation is None:
        organisation = create_organisation(organisation_name, by)
    return add_team(organisation, team_name, None, by)


def add_team(organisation: Organisation, name: str, area: Area | None, by: User | None = None) -> Team:
    _open(organisation)
    name = _name(name, empty=_l("Geef het team een naam."))
    if any(t.name.lower() == name.lower() for t in organisation.teams):
        raise InvalidInput(_l("Deze organisatie heeft al een team met deze naam."), field="name")
    team = Team(organisation=organisation, name=name, area=_area_of(organisation, area))
    db.session.add(team)
    db.session.flush()
    audit.record(by, "team.created", team, name=name, organisation=organisation.id, area=team.area_id)
    return team


def update_team(team: Team, name: str, area: Area | None, by: User | None = None) -> None:
    name = _name(name, empty=_l("Geef het team een naam."))
    if any(t.name.lower() == name.lower() and t.id != team.id for t in team.organisation.teams):
        raise InvalidInput(_l("Deze organisatie heeft al een team met deze naam."), field="name")
    area = _area_of(team.organisation, area) if area is not None else None
    changes = {}
    if name != team.name:
        changes.update(name_before=team.name, name_after=name)
    if (area.id if area else None) != team.area_id:
        changes.update(area_before=team.area_id, area_after=area.id if area else None)
    if changes:
        audit.record(by, "team.changed", team, **changes)
        team.name, team.area = name, area
        db.session.flush()


def _area_of(organisation: Organisation, area: Area | None) -> Area | None:
    if area is not None and (area.organisation_id != organisation.id or area.archived_at is not None):
        raise InvalidInput(_l("Kies een gebied van deze organisatie."), field="area")
    return area


def _open(organisation: Organisation) -> None:
    if organisation.archived_at is not None:
        raise InvalidInput(_l("De organisatie is gearchiveerd. Haal die eerst terug."))


def find_team(name_or_id: str) -> Team:
    stmt = sa.select(Team).where(Team.name == name_or_id)
    if name_or_id.isascii() and name_or_id.isdigit():
        stmt = sa.select(Team).where(sa.or_(Team.name == name_or_id, Team.id == int(name_or_id)))
    found = db.session.scalars(stmt).unique().all()
    if len(found) != 1:
        raise InvalidInput(_l("Geen team gevonden met deze naam of dit nummer.") if not found else _l("Meer teams hebben deze naam: gebruik het nummer."), field="team")
    return found[0]


def organisations() -> list[Organisation]:
    """Every organisation with its teams and areas, for the overview (three queries)."""
    stmt = sa.select(Organisation).options(selectinload(Organisation.teams), selectinload(Organisation.areas))
    return list(db.session.scalars(stmt.order_by(Organisation.archived_at.is_not(None), Organisation.name)))


def teams() -> list[Team]:
    return list(db.session.scalars(sa.select(Team).join(Team.organisation).order_by(Organisation.name, Team.name)))


# Settings


def update_settings(organisation: Organisation, values: dict, by: User | None = None) -> None:
    """Change the organisation's settings; every value is checked against its range first, so a
    refused value changes nothing."""
    for name, (low, high) in SETTING_RANGES.items():
        if name in values and not (isinstance(values[name], int) and low <= values[name] <= high):
            raise InvalidInput(_l("Kies een getal van %(low)s tot en met %(high)s.", low=low, high=high), field=name)
    if "resident_languages" in values:
        chosen = [code for code in current_app.config["LANGUAGES"] if code in values["resident_languages"]]
        if set(values["resident_languages"]) - set(chosen):
            raise InvalidInput(_l("Deze taal kennen we niet."), field="resident_languages")
        # Dutch is the source of every text: it is always offered.
        offered = list(dict.fromkeys([current_app.config["BABEL_DEFAULT_LOCALE"], *chosen]))
        if set(offered) == set(resident_languages(organisation)):
            # The same languages as now: no change, also where "now" is the default of all of them.
            values = {name: value for name, value in values.items() if name != "resident_languages"}
        else:
            values = {**values, "resident_languages": ",".join(offered)}
    changes = {name: [getattr(organisation, name), value] for name, value in values.items() if getattr(organisation, name) != value}
    if not changes:
        return
    for name, (_before, after) in changes.items():
        setattr(organisation, name, after)
    audit.record(by, "organisation.settings", organisation, **changes)
    db.session.flush()


def resident_languages(organisation: Organisation | None) -> list[str]:
    """The languages residents of this organisation may choose from; all without a choice made."""
    languages = list(current_app.config["LANGUAGES"])
    if organisation is None or not organisation.resident_languages:
        return languages
    chosen = organisation.resident_languages.split(",")
    return [code for code in languages if code in chosen]


# People


def find_user(email: str) -> User:
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise InvalidInput(_l("Er is geen account met dit e-mailadres."), field="email")
    return user


def create_user(email: str, name: str, role: Role, team: Team | None, password: str | None, by: User | None = None) -> User:
    """A staff account. Without a password it cannot sign in until a set-password link is used."""
    email = (text.clean(email, field="email", max_length=254) or "").lower()
    if not EMAIL.match(email):
        raise InvalidInput(_l("Vul een geldig e-mailadres in."), field="email")
    if db.session.scalar(sa.select(User.id).where(sa.func.lower(User.email) == email)) is not None:
        raise InvalidInput(_l("Er is al een account met dit e-mailadres."), field="email")
    name = _name(name)
    _check_role(role, team)
    user = User(email=email, name=name, role=role, team=team, password_hash=NO_PASSWORD)
    db.session.add(user)
    if password is not None:
        set_password(user, password)
    db.session.flush()
    audit.record(by, "user.created", user, role=role.value, team=team.id if team else None)
    return user


def _check_role(role: Role, team: Team | None) -> None:
    if role not in STAFF_ROLES:
        raise InvalidInput(_l("Kies professional, teamleider of beheerder."), field="role")
    if role is Role.ADMIN and team is not None:
        raise InvalidInput(_l("Een beheerder hoort niet bij een team."), field="team")
    if role is not Role.ADMIN and team is None:
        raise InvalidInput(_l("Een professional of teamleider hoort bij een team."), field="team")
    if team is not None and (team.archived_at is not None or team.organisation.archived_at is not None):
        raise InvalidInput(_l("Dit team is gearchiveerd. Kies een ander team."), field="team")


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(_l("Een wachtwoord heeft minstens %(n)s tekens.", n=MIN_PASSWORD_LENGTH), field="password")
    user.set_password(password)
    # Whoever used the old password is signed out everywhere.
    sessions.end_all(user)
    db.session.flush()


def set_role_and_team(user: User, role: Role, team: Team | None, by: User | None = None) -> None:
    """Move someone to another team or role; their sessions end, so new rights count at once."""
    _check_role(role, team)
    if user.role is Role.ADMIN and role is not Role.ADMIN:
        _keep_an_administrator(user)
    if (role, team.id if team else None) == (user.role, user.team_id):
        return
    audit.record(by, "user.moved", user, role_before=user.role.value, role_after=role.value,
                 team_before=user.team_id, team_after=team.id if team else None)
    user.role, user.team = role, team
    sessions.end_all(user)
    db.session.flush()


def set_active(user: User, active: bool, by: User | None = None) -> None:
    """A deactivated account signs in no more and its sessions end at once; it keeps its history."""
    if not active and user.role is Role.ADMIN:
        _keep_an_administrator(user)
    if active:
        _check_role(user.role, user.team)  # not back into an archived team
    if user.active == active:
        return
    user.active = active
    if not active:
        sessions.end_all(user)
    audit.record(by, "user.activated" if active else "user.deactivated", user)
    db.session.flush()


def _keep_an_administrator(user: User) -> None:
    """Someone else must be able to run the app: an active administrator who has a password (not
    one still waiting for their link). The rows are locked, so two administrators taking each
    other out at the same moment cannot both succeed."""
    others = (
        sa.select(User.id)
        .where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id, User.password_hash != NO_PASSWORD)
        .with_for_update()
    )
    if not db.session.scalars(others).all():
        raise InvalidInput(_l("Dit is de laatste beheerder. Maak eerst iemand anders beheerder."), field="role")


def reset_two_factor(user: User, by: User | None = None) -> None:
    user.totp_secret = user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    sessions.end_all(user)
    audit.record(by, "user.two_factor_reset", user)
    db.session.flush()


def password_link(user: User, by: User | None = None) -> str:
    """A one-time link to set a password, to hand over; earlier links of this account stop working."""
    if user.role in INVITED_ROLES:
        raise InvalidInput(_l("Mensen die via een uitnodiging binnenkomen, krijgen een nieuwe link via hun huishouden."))
    now = utcnow()
    db.session.execute(sa.update(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None)).values(used_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordLink(
        token_hash=secret_digest(token), user_id=user.id, created_by_id=by.id if by else None,
        expires_at=now + timedelta(days=current_app.config["PASSWORD_LINK_DAYS"]),
    ))
    audit.record(by, "user.password_link", user)
    return token


def usable_link(token: str) -> PasswordLink:
    link = db.session.scalar(sa.select(PasswordLink).where(PasswordLink.token_hash == secret_digest(token)))
    if link is None or link.used_at is not None or as_utc(link.expires_at) <= utcnow() or not link.user.active:
        raise LinkUnusable(_l("Deze link werkt niet meer. Vraag de beheerder om een nieuwe."))
    return link


def use_link(link: PasswordLink, password: str) -> User:
    set_password(link.user, password)
    link.used_at = utcnow()
    audit.record(link.user, "user.password_chosen", link.user)
    return link.user


def staff() -> list[User]:
    """Everyone with an office account, with team and organisation, and whether they set up two factors."""
    stmt = sa.select(User).where(User.role.in_(STAFF_ROLES)).order_by(User.active.desc(), User.role, User.name)
    return list(db.session.scalars(stmt))


def users() -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.email.is_not(None)).order_by(User.email)))


def last_sign_ins() -> dict[int, object]:
    """When each account last signed in, in one query (who has not signed in for months may not need access)."""
    rows = db.session.execute(sa.select(SignIn.user_id, sa.func.max(SignIn.created_at)).group_by(SignIn.user_id))
    return {user_id: as_utc(at) for user_id, at in rows}


def events() -> list[AdminEvent]:
    return list(db.session.scalars(sa.select(AdminEvent).order_by(AdminEvent.at.desc(), AdminEvent.id.desc()).limit(LOG_SHOWN)))


def names_of(shown: list[AdminEvent]) -> dict[tuple[str, int], str]:
    """The current names of the organisations, teams, areas and staff accounts these events are
    about or mention, one query per kind. Never a resident's name: an administrator sees no household."""
    models = {"Organisation": Organisation, "Team": Team, "Area": Area, "User": User}
    wanted: dict[str, set[int]] = {kind: set() for kind in models}
    for event in shown:
        if event.object_kind in wanted:
            wanted[event.object_kind].add(event.object_id)
        for key, kind in logview.REFERS_TO.items():
            wanted[kind].update(v for k in (key, f"{key}_before", f"{key}_after") if isinstance(v := event.details.get(k), int))
    names = {}
    for kind, ids in wanted.items():
        if ids:
            model = models[kind]
            stmt = sa.select(model.id, model.name).where(model.id.in_(ids))
            if model is User:
                stmt = stmt.where(User.role.in_(STAFF_ROLES))
            names.update(((kind, ident), name) for ident, name in db.session.execute(stmt))
    return names
