"""Reading the access log: who looked at a member's or a household's data. Callers first load the
member or household through the policy, so only who may see that data reads its log."""
import sqlalchemy as sa

from wattelt.extensions import db
from wattelt.models import AccessEvent, Household, Member

SHOWN = 100


def of_member(member: Member) -> list[AccessEvent]:
    """Looks at this member's own data and at the household's shared data, newest first."""
    stmt = sa.select(AccessEvent).where(
        AccessEvent.household_id == member.household_id,
        sa.or_(AccessEvent.member_id == member.id, AccessEvent.member_id.is_(None)),
    )
    return list(db.session.scalars(stmt.order_by(AccessEvent.at.desc(), AccessEvent.id.desc()).limit(SHOWN)))


def of_household(household: Household) -> list[AccessEvent]:
    stmt = sa.select(AccessEvent).where(AccessEvent.household_id == household.id)
    return list(db.session.scalars(stmt.order_by(AccessEvent.at.desc(), AccessEvent.id.desc()).limit(SHOWN)))
