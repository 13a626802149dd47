"""One place for the display names of perspectives, goal statuses, action owners, missing positions and instruments."""
from flask_babel import lazy_gettext as _l

from wattelt import instrument
from wattelt.models import ActionOwner, GoalStatus, Perspective

PERSPECTIVE_NAMES = {
    Perspective.RESIDENT: _l("Bewoner"),
    Perspective.PROFESSIONAL: _l("Professional"),
    Perspective.NAASTE: _l("Naaste"),
}
GOAL_STATUS_NAMES = {
    GoalStatus.OPEN: _l("Loopt nog"),
    GoalStatus.REACHED: _l("Gehaald"),
    GoalStatus.STOPPED: _l("Gestopt"),
}
ACTION_OWNER_NAMES = {
    ActionOwner.RESIDENT: _l("De bewoner zelf"),
    ActionOwner.NETWORK: _l("Iemand uit het netwerk"),
    ActionOwner.VOLUNTEER: _l("Een vrijwilliger"),
    ActionOwner.PROFESSIONAL: _l("Een professional"),
    ActionOwner.ORGANISATION: _l("Een organisatie"),
}
# What a table shows where there is no position: three different answers, none of them a number.
NOT_NOW = _l("niet nu")
NOT_PLACED = _l("niet gelegd")
NOT_DISCUSSED = _l("niet besproken")
NOT_TAKING_PART = _l("deed niet mee")


def board_name(instrument_key: str, locale: str) -> str:
    """The name of a member's board, from its instrument file, such as 'Volwassenen' or 'Jongeren'."""
    definition = instrument.registry().latest(instrument_key)
    if definition is None:
        return instrument_key
    return definition.name.get(locale) or definition.name["nl"]
