"""All models, imported here so that Alembic and the app see the whole schema."""
from wattelt.models.conversation import Chip, Perspective, Round, Topic
from wattelt.models.household import Household, Member
from wattelt.models.instrument import Domain, Instrument
from wattelt.models.organisation import Organisation, Role, Team, User
from wattelt.models.plan import Action, ActionOwner, Goal, GoalStatus

__all__ = [
    "Action", "ActionOwner", "Chip", "Domain", "Goal", "GoalStatus", "Household", "Instrument",
    "Member", "Organisation", "Perspective", "Role", "Round", "Team", "Topic", "User",
]
