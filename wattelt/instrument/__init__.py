"""Instruments: versioned domain sets defined as data files (see loader.py), the lookups that
tell which version a round uses, which instruments an organisation offers, and the comparison keys
that line domains up across instruments."""
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from wattelt.errors import InvalidInput
from wattelt.instrument.loader import (
    DATA_DIR, DEFAULT_INSTRUMENTS, InstrumentDef, InstrumentError, Registry, is_kept_apart, load_directories,
)

EXTENSION_KEY = "wattelt.instruments"


def init_app(app: Flask) -> None:
    """Load every instrument file at start-up; a broken file raises InstrumentError here."""
    directories = [DATA_DIR, *app.config.get("INSTRUMENT_DIRECTORIES", [])]
    app.extensions[EXTENSION_KEY] = load_directories(directories)


def registry() -> Registry:
    return current_app.extensions[EXTENSION_KEY]


def offered_keys(organisation) -> list[str]:
    """The instrument keys an organisation chose (NULL: the default adult and youth sets), as stored."""
    value = organisation.offered_instruments if organisation is not None else None
    if value is None:
        return list(DEFAULT_INSTRUMENTS)
    return [key for key in dict.fromkeys(part.strip() for part in value.split(",")) if key]


def offered(organisation) -> list[InstrumentDef]:
    """The newest version of every instrument the organisation offers. A key whose file is not
    loaded is left out; if none is left, the loaded default sets are offered, so a round can start."""
    loaded = registry()
    found = [d for d in (loaded.latest(key) for key in offered_keys(organisation)) if d is not None]
    return found or [d for d in (loaded.latest(key) for key in DEFAULT_INSTRUMENTS) if d is not None]


def suggested(choices: list[InstrumentDef], default_key: str) -> InstrumentDef:
    """The instrument to suggest among the choices: the member's default (from the birth year) when
    it is offered, else the first offered."""
    if not choices:
        raise InvalidInput(_l("Er is geen gespreksbord voor deze persoon geladen."))
    return next((d for d in choices if d.key == default_key), choices[0])


def comparison_key(definition: InstrumentDef, domain_key: str) -> str:
    """What lines a domain up across instruments (see Registry.comparison_key)."""
    return registry().comparison_key(definition, domain_key)


def with_short_name(label: str, definition: InstrumentDef, locale: str) -> str:
    """A domain label kept apart from other instruments' domains: "Justitie (ZRM)"."""
    return f"{label} ({definition.short_title(locale)})"


def comparison_label(key: str, locale: str, prefer: str | None = None) -> str:
    """The label of a comparison key, as a goal stores it: a domain kept apart carries its
    instrument's short name; a shared key takes the wording of `prefer` (an instrument key) where
    that instrument has the domain, else of the first default instrument that has it."""
    loaded = registry()
    if is_kept_apart(key):
        instrument_key, domain_key = key.split(".", 1)
        definition = loaded.latest(instrument_key)
        domain = definition.domain(domain_key) if definition else None
        return with_short_name(domain.text("label", locale), definition, locale) if domain else key
    for instrument_key in dict.fromkeys([prefer, *DEFAULT_INSTRUMENTS]):
        definition = loaded.latest(instrument_key) if instrument_key else None
        domain = definition.domain(key) if definition else None
        if domain is not None:
            return domain.text("label", locale)
    return key


def of_round(round_) -> InstrumentDef:
    """The exact version this round was held with, even after a newer version was loaded.

    Start-up refuses to run without every version that rounds use (check_versions_in_use).
    """
    return registry().get(round_.instrument.key, round_.instrument.version)


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
    missing = sorted((key, version) for key, version in used if loaded.get(key, version) is None)
    if missing:
        raise InstrumentError(
            "rounds in the database were held with instrument versions that are not loaded: "
            + ", ".join(f"key '{key}' version {version} (such as {key}-v{version}.toml)" for key, version in missing)
            + f". Put these files back in {DATA_DIR} or in a folder named in WATTELT_INSTRUMENT_DIRS."
        )


__all__ = [
    "DEFAULT_INSTRUMENTS", "InstrumentDef", "InstrumentError", "Registry", "check_versions_in_use", "comparison_key",
    "comparison_label", "init_app", "of_round", "offered", "offered_keys", "registry", "suggested", "with_short_name",
]
