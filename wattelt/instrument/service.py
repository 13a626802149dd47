"""Instrument operations on the database: pin a version so rounds can point at exactly that
version, count the rounds per version, and set which instruments an organisation offers."""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from wattelt import policy
from wattelt.admin import audit
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.instrument import offered_keys, registry
from wattelt.instrument.loader import InstrumentDef
from wattelt.models import Domain, Instrument, Organisation, Round, User

# Organisation.offered_instruments holds the keys comma-separated in this many characters.
OFFERED_LENGTH = 400


def instrument_row(definition: InstrumentDef) -> Instrument:
    """The database row for this version, created with its domains the first time it is used."""
    row = db.session.scalar(
        db.select(Instrument).filter_by(key=definition.key, version=definition.version)
    )
    if row is None:
        row = Instrument(key=definition.key, version=definition.version)
        row.domains = [Domain(key=d.key, position=i) for i, d in enumerate(definition.domains)]
        db.session.add(row)
        db.session.flush()
    return row


def rounds_per_version() -> dict[tuple[str, int], int]:
    """How many rounds were held with each instrument version, counted in one query."""
    stmt = (
        sa.select(Instrument.key, Instrument.version, sa.func.count(Round.id))
        .join(Round, Round.instrument_id == Instrument.id)
        .group_by(Instrument.key, Instrument.version)
    )
    return {(key, version): count for key, version, count in db.session.execute(stmt)}


def organisations(user: User) -> list[Organisation]:
    """The organisations this administrator manages that are still in use."""
    stmt = policy.scope(user, Organisation).where(Organisation.archived_at.is_(None)).order_by(Organisation.name, Organisation.id)
    return list(db.session.scalars(stmt))


def offer_choices() -> list[str]:
    """Keys an organisation can offer: every loaded instrument, the default sets first."""
    return list(dict.fromkeys(definition.key for definition in registry().all()))


def set_offered(user: User, organisation: Organisation, keys: list[str]) -> None:
    """Which instruments the organisation's teams choose from when they start a round.

    At least one must remain. Keys whose file is no longer loaded are not kept. The change is in
    the administrators' log, in the same transaction."""
    known = offer_choices()
    unknown = sorted(set(keys) - set(known))
    if unknown:
        raise InvalidInput(_l("Dit gespreksbord is niet geladen: %(keys)s", keys=", ".join(unknown)), field="instruments")
    chosen = [key for key in known if key in keys]
    if not chosen:
        raise InvalidInput(
            _l("Kies minstens één gespreksbord. Zonder bord kan een team geen gesprek beginnen."), field="instruments"
        )
    value = ",".join(chosen)
    if len(value) > OFFERED_LENGTH:
        raise InvalidInput(_l("Dat zijn te veel gespreksborden tegelijk. Kies er minder."), field="instruments")
    before = offered_keys(organisation)
    organisation.offered_instruments = value
    if before != chosen:
        audit.record(user, "organisation.instruments", organisation, offered_instruments=[before, chosen])
    db.session.flush()
