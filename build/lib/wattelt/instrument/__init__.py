"""Instruments: versioned domain sets defined as data files (see loader.py), and the lookups
that tell which version a member or a round uses."""
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from wattelt.errors import InvalidInput
from wattelt.instrument.loader import DATA_DIR, InstrumentDef, InstrumentError, Registry, load_directories

EXTENSION_KEY = "wattelt.instruments"


def init_app(app: Flask) -> None:
    """Load every instrument file at start-up; a broken file raises InstrumentError here."""
    directories = [DATA_DIR, *app.config.get("INSTRUMENT_DIRECTORIES", [])]
    app.extensions[EXTENSION_KEY] = load_directories(directories)


def registry() -> Registry:
    return current_app.extensions[EXTENSION_KEY]


def latest_for(member) -> InstrumentDef:
    """The version a new round of this member uses: the newest of the member's board."""
    definition = registry().latest(member.instrument_key)
    if definition is None:
        raise InvalidInput(_l("Er is geen gespreksbord voor deze persoon geladen."))
    return definition


def of_round(round_) -> InstrumentDef:
    """The exact version this round was held with, even after a newer version was loaded.

    Start-up refuses to run without every version that rounds use (check_versions_in_use).
    """
    return registry().get(round_.instrument.key, round_.instrument.version)


def domain_label(domain_key: str, instrument_key: str, locale: str) -> str:
    definition = registry().latest(instrument_key)
    domain = definition.domain(domain_key) if definition else None
    return domain.text("label", locale) if domain else domain_key


def check_versions_in_use(app: Flask) -> None:
    """Stop start-up when rounds in the database use a version whose file is not loaded.

    Without it, every page of such a round would fail. A database without tables yet (before the
    first `flask db upgrade`) or out of reach is left to the commands that set it up.
    """
    import sqlalchemy as sa

    from wattelt.extensions import db
    from wattelt.models import Instrument, Round

    with app.app_context():
        try:
            used = db.session.execute(
                sa.select(Instrument.key, Instrument.version).where(Instrument.id.in_(sa.select(Round.instrument_id))).distinct()
            ).all()
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            return
        finally:
            db.session.remove()
    loaded = app.extensions[EXTENSION_KEY]
    missing = sorted(f"{key}-v{version}.toml" for key, version in used if loaded.get(key, version) is None)
    if missing:
        raise InstrumentError(
            "rounds in the database were held with instrument versions that are not loaded: "
            f"{', '.join(missing)}. Put these files back in {DATA_DIR} or in a folder named in WATTELT_INSTRUMENT_DIRS."
        )


__all__ = [
    "InstrumentDef", "InstrumentError", "Registry", "check_versions_in_use", "domain_label", "init_app",
    "latest_for", "of_round", "registry",
]
