"""Pin an instrument version in the database, so rounds can point at exactly that version."""
from wattelt.extensions import db
from wattelt.instrument.loader import InstrumentDef
from wattelt.models import Domain, Instrument


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
