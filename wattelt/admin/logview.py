"""The administrators' log in plain words: what was done to which organisation, team, area or
account, and each change as "before → after", instead of the stored keys and ids."""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l

from wattelt.models import AdminEvent
from wattelt.names import ADMIN_ACTIONS, ROLE_NAMES

KIND_NAMES = {
    "Organisation": _l("Organisatie"), "Team": _l("Team"), "Area": _l("Gebied"), "User": _l("Account"),
    "Household": _l("Huishouden"),
}
# A detail by what it holds; the settings by their form's label.
DETAIL_NAMES = {
    "name": _l("Naam"), "organisation": _l("Organisatie"), "area": _l("Gebied"), "team": _l("Team"), "role": _l("Rol"),
    "retention_months": _l("Bewaartermijn na afsluiten (maanden)"),
    "min_group_size": _l("Kleinste groep in teamcijfers (huishoudens)"),
    "idle_minutes": _l("Uitloggen na zoveel minuten niets doen"),
    "invitation_days": _l("Een uitnodiging werkt zoveel dagen"),
    "resident_languages": _l("Talen voor bewoners"),
    "offered_instruments": _l("Gespreksborden"),
    "closed_on": _l("Afgesloten op"),
}
# Details that name another object by its id.
REFERS_TO = {"organisation": "Organisation", "area": "Area", "team": "Team"}


@dataclass(frozen=True)
class Line:
    event: AdminEvent
    what: str
    details: list[tuple[str, str]]


def lines(events: Iterable[AdminEvent], names: Mapping[tuple[str, int], str]) -> list[Line]:
    """names: the current name of each organisation, team, area and account the events mention."""
    return [Line(event, _what(event, names), _details(event.details, names)) for event in events]


def _what(event: AdminEvent, names) -> str:
    action = str(ADMIN_ACTIONS.get(event.action, event.action))
    of = names.get((event.object_kind, event.object_id)) or _("nr. %(id)s", id=event.object_id)
    return f"{action} ({KIND_NAMES.get(event.object_kind, event.object_kind)}: {of})"


def _details(details: Mapping, names) -> list[tuple[str, str]]:
    shown: dict[str, str] = {}
    for key, value in details.items():
        base, _sep, when = key.rpartition("_")
        if when in ("before", "after") and base:
            value = [details.get(f"{base}_before"), details.get(f"{base}_after")]
            key = base
        elif key in ("before", "after"):  # a rename
            value, key = [details.get("before"), details.get("after")], "name"
        if key in shown:
            continue
        if isinstance(value, list) and len(value) == 2:
            shown[key] = f"{_value(key, value[0], names)} → {_value(key, value[1], names)}"
        else:
            shown[key] = _value(key, value, names)
    return [(str(DETAIL_NAMES.get(key, key)), text) for key, text in shown.items()]


def _value(key: str, value, names) -> str:
    if value is None or value == "":
        return _("geen")
    if key == "role":
        return str(ROLE_NAMES.get(value, value))
    if key in REFERS_TO and isinstance(value, int):
        return names.get((REFERS_TO[key], value)) or _("nr. %(id)s", id=value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
