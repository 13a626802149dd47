"""Teams and the people who sign in. Used by the `flask users` and `flask teams` commands; the
administration pages (a later issue) will call the same operations."""
import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from wattelt import text
from wattelt.auth import sessions
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.models import Organisation, RecoveryCode, Role, Team, User

MIN_PASSWORD_LENGTH = 12
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def create_team(organisation_name: str, team_name: str) -> Team:
    """A team in an organisation; the organisation is made on first use of its name."""
    organisation_name = text.clean(organisation_name, field="organisation", max_length=120)
    team_name = text.clean(team_name, field="name", max_length=120)
    if not organisation_name or not team_name:
        raise InvalidInput(_l("Geef de organisatie en het team een naam."))
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.name == organisation_name))
    if organisation is None:
        organisation = Organisation(name=organisation_name)
    elif any(t.name == team_name for t in organisation.teams):
        raise InvalidInput(_l("Deze organisatie heeft al een team met deze naam."), field="name")
    team = Team(organisation=organisation, name=team_name)
    db.session.add(team)
    db.session.flush()
    return team


def find_team(name_or_id: str) -> Team:
    stmt = sa.select(Team).where(Team.name == name_or_id)
    if name_or_id.isascii() and name_or_id.isdigit():
        stmt = sa.select(Team).where(sa.or_(Team.name == name_or_id, Team.id == int(name_or_id)))
    found = db.session.scalars(stmt).all()
    if len(found) != 1:
        raise InvalidInput(_l("Geen team gevonden met deze naam of dit nummer.") if not found else _l("Meer teams hebben deze naam: gebruik het nummer."), field="team")
    return found[0]


def find_user(email: str) -> User:
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise InvalidInput(_l("Er is geen account met dit e-mailadres."), field="email")
    return user


def create_user(email: str, name: str, role: Role, team: Team | None, password: str) -> User:
    email = (text.clean(email, field="email", max_length=254) or "").lower()
    if not EMAIL.match(email):
        raise InvalidInput(_l("Vul een geldig e-mailadres in."), field="email")
    if db.session.scalar(sa.select(User.id).where(sa.func.lower(User.email) == email)) is not None:
        raise InvalidInput(_l("Er is al een account met dit e-mailadres."), field="email")
    name = text.clean(name, field="name", max_length=120)
    if not name:
        raise InvalidInput(_l("Vul een naam in."), field="name")
    if role is Role.ADMIN and team is not None:
        raise InvalidInput(_l("Een beheerder hoort niet bij een team."), field="team")
    if role is not Role.ADMIN and team is None:
        raise InvalidInput(_l("Een professional of teamleider hoort bij een team."), field="team")
    user = User(email=email, name=name, role=role, team=team)
    set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(_l("Een wachtwoord heeft minstens %(n)s tekens.", n=MIN_PASSWORD_LENGTH), field="password")
    user.set_password(password)
    # Whoever used the old password is signed out everywhere.
    sessions.end_all(user)
    db.session.flush()


def reset_two_factor(user: User) -> None:
    user.totp_secret = user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    sessions.end_all(user)
    db.session.flush()


def deactivate(user: User) -> None:
    user.active = False
    sessions.end_all(user)
    db.session.flush()


def teams() -> list[Team]:
    return list(db.session.scalars(sa.select(Team).join(Team.organisation).order_by(Organisation.name, Team.name)))


def users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))
