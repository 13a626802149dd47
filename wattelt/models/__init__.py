"""All models, imported here so that Alembic and the app see the whole schema."""
from wattelt.models.access import Grant, GrantKind, Invitation
from wattelt.models.accesslog import AccessEvent
from wattelt.models.adminlog import AdminEvent
from wattelt.models.conversation import Chip, ChipEvent, ChipState, Perspective, Round, Topic, line_up_key, prepared_by_resident
from wattelt.models.experience import Experience, ExperienceAnswer, ExperienceFormUsed
from wattelt.models.household import Household, Member
from wattelt.models.instrument import Domain, Instrument
from wattelt.models.organisation import INVITED_ROLES, SETTING_DEFAULTS, SETTING_RANGES, Area, Organisation, Role, Team, User
from wattelt.models.plan import Action, ActionOwner, Goal, GoalStatus
from wattelt.models.receipt import WriteReceipt
from wattelt.models.signin import PasswordLink, RecoveryCode, SignIn

__all__ = [
    "INVITED_ROLES", "SETTING_DEFAULTS", "SETTING_RANGES", "AccessEvent", "AdminEvent", "Experience", "ExperienceAnswer", "ExperienceFormUsed", "Area", "PasswordLink", "Action", "ActionOwner", "Grant", "GrantKind", "Invitation", "Chip", "ChipEvent", "ChipState", "Domain", "Goal", "GoalStatus", "Household",
    "Instrument", "Member", "Organisation", "Perspective", "RecoveryCode", "Role", "Round", "SignIn", "Team", "Topic", "User", "WriteReceipt", "line_up_key", "prepared_by_resident",
]
