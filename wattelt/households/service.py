"""Caseload, households, members and the household's chosen contact person."""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from wattelt.access import visible_households
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.models import Household, Member, Role, User

YOUTH_UNTIL_AGE = 18


@dataclass(frozen=True)
class MemberInput:
    name: str
    birth_year: int | None = None


def board_for(birth_year: int | None, today: date) -> str:
    """Young people get the youth board; without a birth year we assume an adult."""
    if birth_year is not None and today.year - birth_year < YOUTH_UNTIL_AGE:
        return "youth"
    return "adult"


def caseload(user: User) -> list[Household]:
    stmt = visible_households(user).options(selectinload(Household.members)).order_by(Household.name)
    return list(db.session.scalars(stmt))


def create_household(user: User, name: str, members: list[MemberInput], today: date) -> Household:
    if not members:
        raise InvalidInput(_l("Vul minstens één lid van het huishouden in."))
    household = Household(team_id=user.team_id, name=name.strip(), contact_user_id=user.id)
    household.members = [_new_member(m, today) for m in members]
    db.session.add(household)
    db.session.commit()
    return household


def add_member(household: Household, member: MemberInput, today: date) -> Member:
    new = _new_member(member, today)
    household.members.append(new)
    db.session.commit()
    return new


def contact_choices(household: Household) -> list[User]:
    """Professionals of the household's own team, who can be its contact person."""
    stmt = (
        sa.select(User)
        .where(User.team_id == household.team_id, User.role == Role.PROFESSIONAL, User.active.is_(True))
        .order_by(User.name)
    )
    return list(db.session.scalars(stmt))


def set_contact(household: Household, user_id: int | None, informal: str | None) -> None:
    informal = (informal or "").strip() or None
    if user_id and informal:
        raise InvalidInput(_l("Kies een professional óf vul een naaste in, niet allebei."), field="contact_informal")
    if user_id and user_id not in {u.id for u in contact_choices(household)}:
        raise InvalidInput(_l("Deze professional hoort niet bij het team van dit huishouden."), field="contact_user")
    household.contact_user_id = user_id or None
    household.contact_informal = informal
    db.session.commit()


def _new_member(member: MemberInput, today: date) -> Member:
    return Member(
        name=member.name.strip(),
        birth_year=member.birth_year,
        instrument_key=board_for(member.birth_year, today),
    )
