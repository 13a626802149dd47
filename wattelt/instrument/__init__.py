"""Instruments: versioned domain sets defined as data files (see loader.py)."""
from flask import Flask, current_app

from wattelt.instrument.loader import DATA_DIR, InstrumentDef, InstrumentError, Registry, load_directories

EXTENSION_KEY = "wattelt.instruments"


def init_app(app: Flask) -> None:
    """Load every instrument file at start-up; a broken file raises InstrumentError here."""
    directories = [DATA_DIR, *app.config.get("INSTRUMENT_DIRECTORIES", [])]
    app.extensions[EXTENSION_KEY] = load_directories(directories)


def registry() -> Registry:
    return current_app.extensions[EXTENSION_KEY]


__all__ = ["InstrumentDef", "InstrumentError", "Registry", "init_app", "registry"]
