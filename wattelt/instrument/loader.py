"""Instrument definitions as data: load and validate the TOML files, one per instrument version.

A broken file stops start-up with a message naming the file and the problem, because a board
with a missing or garbled domain would silently change what residents are asked.
"""
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from wattelt.i18n import fallback_chain

DATA_DIR = Path(__file__).parent / "data"
REQUIRED_LANGUAGES = ("nl", "en")
TEXT_FIELDS = ("label", "question", "description")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TEXT = {"label": 60, "question": 200, "description": 400}


def in_language(texts: dict[str, str], locale: str) -> str:
    """The text in this language, else in the first language of its fallback chain that has it."""
    for language in (locale, *fallback_chain(locale)):
        if texts.get(language):
            return texts[language]
    return texts["nl"]


class InstrumentError(ValueError):
    """An instrument file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class DomainDef:
    key: str
    icon: str
    label: dict[str, str]
    question: dict[str, str]
    description: dict[str, str]

    def text(self, field: str, locale: str) -> str:
        return in_language(getattr(self, field), locale)


@dataclass(frozen=True)
class InstrumentDef:
    key: str
    version: int
    name: dict[str, str]
    domains: tuple[DomainDef, ...]
    source: str

    def domain(self, key: str) -> DomainDef | None:
        return next((d for d in self.domains if d.key == key), None)


class Registry:
    """All loaded instrument versions, looked up by key and version."""

    def __init__(self, instruments: list[InstrumentDef]):
        self._by_id: dict[tuple[str, int], InstrumentDef] = {}
        for instrument in instruments:
            ident = (instrument.key, instrument.version)
            if ident in self._by_id:
                raise InstrumentError(
                    f"{instrument.source}: {instrument.key} version {instrument.version} "
                    f"is also defined in {self._by_id[ident].source}"
                )
            self._by_id[ident] = instrument

    def get(self, key: str, version: int) -> InstrumentDef | None:
        return self._by_id.get((key, version))

    def latest(self, key: str) -> InstrumentDef | None:
        versions = [i for (k, _), i in self._by_id.items() if k == key]
        return max(versions, key=lambda i: i.version, default=None)

    def keys(self) -> list[str]:
        return sorted({k for k, _ in self._by_id})


def load_file(path: Path) -> InstrumentDef:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InstrumentError(f"{path}: cannot read the file: {exc}") from exc
    try:
        return _parse(data, str(path))
    except InstrumentError as exc:
        raise InstrumentError(f"{path}: {exc}") from None


def load_directories(directories: list[Path]) -> Registry:
    files = [f for d in directories for f in sorted(Path(d).glob("*.toml"))]
    if not files:
        raise InstrumentError(f"no instrument files (*.toml) found in {', '.join(map(str, directories))}")
    return Registry([load_file(f) for f in files])


def _parse(data: dict, source: str) -> InstrumentDef:
    key = data.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise InstrumentError("'key' must be lowercase letters, digits or _ (for example 'adult')")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InstrumentError("'version' must be a whole number of 1 or more")
    name = _texts(data.get("name"), "name", 80)
    raw_domains = data.get("domains")
    if not isinstance(raw_domains, list) or not raw_domains:
        raise InstrumentError("there must be at least one [[domains]] entry")
    domains, seen = [], set()
    for number, raw in enumerate(raw_domains, start=1):
        where = f"domain {number}"
        if not isinstance(raw, dict):
            raise InstrumentError(f"{where} is not a table")
        domain_key = raw.get("key")
        if not isinstance(domain_key, str) or not KEY_PATTERN.match(domain_key):
            raise InstrumentError(f"{where}: 'key' must be lowercase letters, digits or _")
        if domain_key in seen:
            raise InstrumentError(f"{where}: key '{domain_key}' is used twice")
        seen.add(domain_key)
        icon = raw.get("icon", "")
        if not isinstance(icon, str) or (icon and not KEY_PATTERN.match(icon)):
            raise InstrumentError(f"{where} ({domain_key}): 'icon' must be a short lowercase name")
        texts = {f: _texts(raw.get(f), f"{domain_key}.{f}", MAX_TEXT[f]) for f in TEXT_FIELDS}
        domains.append(DomainDef(key=domain_key, icon=icon, **texts))
    return InstrumentDef(key=key, version=version, name=name, domains=tuple(domains), source=source)


def _texts(value, field: str, max_length: int) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InstrumentError(f"'{field}' must be a table with a text per language")
    for language in REQUIRED_LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise InstrumentError(f"'{field}' has no text for language '{language}'")
    for language, text in value.items():
        if not isinstance(text, str) or len(text) > max_length:
            raise InstrumentError(f"'{field}.{language}' must be text of at most {max_length} characters")
    return {language: text.strip() for language, text in value.items()}
