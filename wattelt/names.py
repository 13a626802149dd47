"""One place for the display names of perspectives, goal statuses, action owners, missing positions,
instruments and the words on an instrument's scale."""
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l

from wattelt import instrument
from wattelt.instrument.loader import InstrumentDef, in_language
from wattelt.models import ActionOwner, GoalStatus, GrantKind, Perspective

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
# What the household reads about who sees what (sharing page, invitations).
GRANT_NAMES = {
    GrantKind.RESIDENT: _l("Lid van het huishouden: eigen bord en doelen"),
    GrantKind.NAASTE: _l("Naaste: legt eigen fiches op het bord"),
    GrantKind.HELPER_PLAN: _l("Ziet het plan en de eigen acties"),
    GrantKind.HELPER_ACTIONS: _l("Ziet alleen de eigen acties"),
}
# What a table shows where there is no position: three different answers, none of them a number.
NOT_NOW = _l("niet nu")
NOT_PLACED = _l("niet gelegd")
NOT_DISCUSSED = _l("niet besproken")
NOT_TAKING_PART = _l("deed niet mee")


# Words for a position on the scale, from the lowest band up: what a screen reader says instead of
# a number, since the scale has no numbers.
SCALE_WORDS = [
    (0, _l("niet tevreden")),
    (20, _l("niet zo tevreden")),
    (40, _l("een beetje tevreden")),
    (60, _l("tevreden")),
    (80, _l("heel tevreden")),
]
NOT_PLACED_YET = _l("nog niet gelegd")


def scale_word(value: int) -> str:
    return str(next(word for start, word in reversed(SCALE_WORDS) if value >= start))


@dataclass(frozen=True)
class ScaleWords:
    """The words of one instrument's scale in one language. bands: (from position, word), lowest
    first, what a screen reader says for a position; steps: the named steps (position, word), or none."""

    low: str
    high: str
    bands: list[tuple[int, str]]
    steps: list[tuple[int, str]]
    own: bool  # the instrument chose its own words (else the app's default words)


def scale_words(definition: InstrumentDef | None, locale: str) -> ScaleWords:
    """Named steps: a position says the nearest step's word. Ends only: their words near the ends,
    words pointing at them in between. No [scale] in the file: the app's default words."""
    scale = definition.scale if definition is not None else None
    if scale is None:
        return ScaleWords(_("niet tevreden"), _("heel tevreden"), [(start, str(word)) for start, word in SCALE_WORDS], [], False)
    low, high = in_language(scale.low, locale), in_language(scale.high, locale)
    steps = [(step.at, in_language(step.label, locale)) for step in scale.steps]
    if steps:
        # Each step covers the positions nearer to it than to its neighbours (halfway rounds up).
        bands = [(0, steps[0][1])] + [((before + at + 1) // 2, word) for (before, _w), (at, word) in zip(steps, steps[1:])]
    else:
        bands = [
            (0, low), (20, _("dichter bij: %(word)s", word=low)), (40, _("in het midden")),
            (61, _("dichter bij: %(word)s", word=high)), (81, high),
        ]
    return ScaleWords(low, high, bands, steps, True)


def board_name(definition: InstrumentDef | None, fallback: str, locale: str) -> str:
    """The name of a board, from its instrument file, such as 'Volwassenen' or 'Jongeren'."""
    return definition.title(locale) if definition is not None else fallback

ROLE_NAMES = {
    "professional": _l("professional"), "teamlead": _l("teamleider"), "admin": _l("beheerder"),
    "resident": _l("bewoner"), "naaste": _l("naaste"), "helper": _l("helper"),
}
# What an access-log row says, in plain words, by the kind of data and whether it was looked at or changed.
ACCESS_WORDS = {
    ("Household", "view"): _l("bekeek de gegevens van het huishouden"),
    ("Household", "change"): _l("veranderde de gegevens van het huishouden"),
    ("Member", "view"): _l("bekeek de voortgang"),
    ("Member", "change"): _l("begon een gesprek"),
    ("Round", "view"): _l("bekeek een gesprek"),
    ("Round", "change"): _l("veranderde een gesprek"),
    ("Goal", "view"): _l("bekeek het plan"),
    ("Goal", "change"): _l("veranderde het plan"),
    ("Action", "view"): _l("bekeek het plan"),
    ("Action", "change"): _l("veranderde het plan"),
    ("Member", "export"): _l("haalde alle gegevens op als bestand"),
    ("Member", "erase"): _l("wiste de gegevens van een lid"),
    ("Household", "erase"): _l("wiste de gegevens van het huishouden"),
    ("Member", "file"): _l("zette de gesprekken in een bestand voor het dossier"),
    ("Round", "file"): _l("zette een gesprek in een bestand voor het dossier"),
    ("Member", "story"): _l("maakte een verhaal zonder namen, met toestemming van het huishouden"),
}

# What a row of the administrators' log says, in plain words, by its action.
ADMIN_ACTIONS = {
    "organisation.created": _l("maakte een organisatie aan"),
    "organisation.renamed": _l("gaf een organisatie een nieuwe naam"),
    "organisation.settings": _l("veranderde instellingen"),
    "organisation.archived": _l("archiveerde een organisatie"),
    "organisation.restored": _l("haalde een organisatie terug"),
    "organisation.instruments": _l("koos de gespreksborden"),
    "team.created": _l("maakte een team aan"),
    "team.changed": _l("veranderde een team"),
    "team.archived": _l("archiveerde een team"),
    "team.restored": _l("haalde een team terug"),
    "area.created": _l("maakte een gebied aan"),
    "area.renamed": _l("gaf een gebied een nieuwe naam"),
    "area.archived": _l("archiveerde een gebied"),
    "area.restored": _l("haalde een gebied terug"),
    "user.created": _l("maakte een account aan"),
    "user.moved": _l("gaf iemand een andere rol of een ander team"),
    "user.activated": _l("zette een account weer aan"),
    "user.deactivated": _l("zette een account uit"),
    "user.two_factor_reset": _l("wiste de tweede stap van een account"),
    "user.password_link": _l("maakte een link voor een wachtwoord"),
    "user.password_chosen": _l("koos een wachtwoord met een link"),
    "user.password_set": _l("gaf iemand een nieuw wachtwoord"),
    "user.signed_out": _l("logde iemand op alle apparaten uit"),
    "household.purged": _l("wiste een afgesloten huishouden na de bewaartermijn"),
}
