"""Caseload, households, members and the household's chosen contact person."""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import lazyload, selectinload

from wattelt import instrument, policy, text
from wattelt.errors import InvalidInput
from wattelt.instrument.loader import InstrumentDef
from wattelt.extensions import db
from wattelt.models import Household, Invitation, Member, Role, Team, User
from wattelt.models.types import utcnow

YOUTH_UNTIL_AGE = 18
NAME_LENGTH = 80
MAX_MEMBERS = 8
# Households on one page of the caseload: a team can have hundreds, and a tablet shows a few.
CASELOAD_PAGE = 25


@dataclass(frozen=True)
class MemberInput:
    name: str
    birth_year: int | None = None


def board_for(birth_year: int | None, today: date) -> str:
    """Young people get the youth board; without a birth year we assume an adult."""
    return "adult" if is_adult(birth_year, today) else "youth"


def is_adult(birth_year: int | None, today: date) -> bool:
    """Adult or young person, by the birth year alone (whichever board a round used)."""
    return birth_year is None or today.year - birth_year >= YOUTH_UNTIL_AGE


def member_boards(household: Household, rounds: dict[int, list], today: date) -> dict[int, InstrumentDef | None]:
    """Each member's board: the instrument version of their latest round (rounds: per member,
    oldest first), else the newest version of the board that fits their birth year."""
    loaded = instrument.registry()
    boards = {}
    for member in household.members:
        held = rounds.get(member.id)
        if held:
            boards[member.id] = loaded.get(held[-1].instrument_key, held[-1].instrument_version)
        else:
            boards[member.id] = loaded.latest(board_for(member.birth_year, today))
    return boards


@dataclass(frozen=True)
class CaseloadPage:
    households: list[Household]
    search: str
    page: int     # 1 up to pages
    pages: int    # at least 1, also when nothing is found
    total: int    # households found in all pages

    @property
    def links(self) -> list[int | None]:
        """The page numbers to link to: the first, the last and two either side of this one;
        None where numbers are left out."""
        shown = sorted({1, self.pages} | set(range(max(1, self.page - 2), min(self.pages, self.page + 2) + 1)))
        links: list[int | None] = []
        for number in shown:
            if links and number - links[-1] > 1:
                links.append(None)
            links.append(number)
        return links


def caseload(user: User, search: str = "", page: int = 1, per_page: int = CASELOAD_PAGE) -> CaseloadPage:
    """One page of the households this user may know, by name; search: a part of the name,
    whatever the case or accents. A page number beyond the last gives the last page."""
    search = (search or "").strip()[:NAME_LENGTH]
    key = text.search_key(search)
    search = search if key else ""  # only invisible characters or accents: no search
    stmt = policy.scope(user, Household)
    if key:
        stmt = stmt.where(Household.name_key.contains(key, autoescape=True))
    total = db.session.scalar(stmt.with_only_columns(sa.func.count(Household.id)))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    stmt = (
        stmt.order_by(Household.name_key, Household.id).limit(per_page).offset((page - 1) * per_page)
        # The list shows names only: not the contact person. Members come without their household
        # again (Member.household is not joined: joining it back made the database read every
        # household of the city).
        .options(lazyload(Household.contact_user), selectinload(Household.members))
    )
    return CaseloadPage(list(db.session.scalars(stmt)), search, page, pages, total)


def create_household(user: User, team: Team, name: str, members: list[MemberInput], today: date) -> Household:
    """A household with its members; rows of the form left empty (no name) are not members."""
    name = text.clean(name, field="name", max_length=NAME_LENGTH)
    if not name:
        raise InvalidInput(_l("Geef het huishouden een naam."), field="name")
    members = [m for m in members if (m.name or "").strip()]
    if not members:
        raise InvalidInput(_l("Vul minstens één lid van het huishouden in."))
    if len(members) > MAX_MEMBERS:
        raise InvalidInput(_l("Een huishouden heeft hier hoogstens %(n)s leden.", n=MAX_MEMBERS))
    household = Household(team=team, name=name, contact_user_id=user.id)
    household.members = [_new_member(m, today) for m in members]
    db.session.add(household)
    db.session.flush()
    return household


def add_member(household: Household, member: MemberInput, today: date) -> Member:
    if len(household.members) >= MAX_MEMBERS:
        raise InvalidInput(_l("Een huishouden heeft hier hoogstens %(n)s leden.", n=MAX_MEMBERS))
    new = _new_member(member, today)
    household.members.append(new)
    db.session.flush()
    return new


def contact_choices(household: Household) -> list[sa.Row]:
    """Professionals of the household's own team, who can be its contact person: their id and name
    only (the household page shows this list on every visit; whole users would bring their team and
    organisation along, joined, for nothing)."""
    stmt = (
        sa.select(User.id, User.name)
        .where(User.team_id == household.team_id, User.role == Role.PROFESSIONAL, User.active.is_(True))
        .order_by(User.name)
    )
    return db.session.execute(stmt).all()


def set_contact(household: Household, user_id: int | None, informal: str | None) -> None:
    informal = text.clean(informal, field="contact_informal", max_length=NAME_LENGTH)
    if user_id and informal:
        raise InvalidInput(_l("Kies een professional óf vul een naaste in, niet allebei."), field="contact_informal")
    if user_id and user_id not in {u.id for u in contact_choices(household)}:
        raise InvalidInput(_l("Deze professional hoort niet bij het team van dit huishouden."), field="contact_user")
    household.contact_user_id = user_id or None
    household.contact_informal = informal
    db.session.flush()


def close(household: Household) -> None:
    """Support has ended: the household keeps its data for the organisation's retention period
    (then `flask retention purge` erases it); links not yet used stop working."""
    if household.closed_at is not None:
        return
    household.closed_at = utcnow()
    db.session.execute(
        sa.update(Invitation)
        .where(Invitation.household_id == household.id, Invitation.used_at.is_(None), Invitation.revoked_at.is_(None))
        .values(revoked_at=household.closed_at)
    )
    db.session.flush()


def reopen(household: Household) -> None:
    household.closed_at = None
    db.session.flush()


def _new_member(member: MemberInput, today: date) -> Member:
    name = text.clean(member.name, field="name", max_length=NAME_LENGTH)
    if not name:
        raise InvalidInput(_l("Vul een naam of bijnaam in."), field="name")
    if member.birth_year is not None and not 1900 <= member.birth_year <= today.year:
        raise InvalidInput(_l("Vul een geboortejaar in tussen %(min)s en %(max)s.", min=1900, max=today.year), field="birth_year")
    return Member(name=name, birth_year=member.birth_year, instrument_key=board_for(member.birth_year, today))
