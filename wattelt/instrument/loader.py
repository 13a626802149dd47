"""Instrument definitions as data: load and validate the TOML files, one per instrument version.

A broken file stops start-up with a message naming the file and the problem, because a board
with a missing or garbled domain would silently change what residents are asked.

Besides its domains, a file may give a short name, the words at the ends of its scale and named
steps on it (words at positions of the same 0-100 scale), and per domain a `same_as` that lines
the domain up with a domain of another instrument ("adult.physical_health"). Links between files
are checked once every file is read (Registry).
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
MAX_SHORT_NAME = 24
MAX_SCALE_WORD = 40
MAX_STEPS = 11
SCALE_MIN, SCALE_MAX = 0, 100
# The shipped domain sets share one set of domain keys (a young person's rounds line up with the
# same person's rounds as an adult). Domains of any other instrument are kept apart unless their
# file says `same_as`.
DEFAULT_INSTRUMENTS = ("adult", "youth")
# A comparison key is stored with a goal (goal.domain_key, 40 characters).
MAX_COMPARISON_KEY = 40
FIELDS = {"key", "version", "name", "short_name", "scale", "domains"}
DOMAIN_FIELDS = {"key", "icon", "same_as", *TEXT_FIELDS}
SCALE_FIELDS = {"low", "high", "steps"}
STEP_FIELDS = {"at", "label"}


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
    # "<instrument key>.<domain key>": the domain of another instrument this one lines up with.
    same_as: str | None = None

    def text(self, field: str, locale: str) -> str:
        return in_language(getattr(self, field), locale)


@dataclass(frozen=True)
class StepDef:
    """A named step: a word at a position of the 0-100 scale, shown as that word, never as a number."""

    at: int
    label: dict[str, str]


@dataclass(frozen=True)
class ScaleDef:
    """The words at the ends of the scale, and the named steps on it (none: an unnamed line)."""

    low: dict[str, str]
    high: dict[str, str]
    steps: tuple[StepDef, ...] = ()


@dataclass(frozen=True)
class InstrumentDef:
    key: str
    version: int
    name: dict[str, str]
    domains: tuple[DomainDef, ...]
    source: str
    short_name: dict[str, str] | None = None
    # None: the default words of the app ("niet tevreden" ... "heel tevreden").
    scale: ScaleDef | None = None

    def domain(self, key: str) -> DomainDef | None:
        return next((d for d in self.domains if d.key == key), None)

    def title(self, locale: str) -> str:
        return in_language(self.name, locale)

    def short_title(self, locale: str) -> str:
        return in_language(self.short_name or self.name, locale)

    @property
    def is_default(self) -> bool:
        return self.key in DEFAULT_INSTRUMENTS

    def languages(self) -> list[str]:
        """The languages in which every text of this file is written (no fallback needed)."""
        texts = [self.name, *([self.short_name] if self.short_name else [])]
        if self.scale is not None:
            texts += [self.scale.low, self.scale.high, *(step.label for step in self.scale.steps)]
        texts += [getattr(d, f) for d in self.domains for f in TEXT_FIELDS]
        return sorted(set.intersection(*(set(t) for t in texts)))


class Registry:
    """All loaded instrument versions, looked up by key and version, with the comparison key of
    every domain: what lines it up with domains of other instruments in progress and goals."""

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
        self._comparison = self._link()

    def _link(self) -> dict[tuple[str, int, str], str]:
        """Check every same_as against the loaded files and work out the comparison keys.

        A same_as points at a domain of another loaded instrument (any version), and at one that
        does not point further itself, so links never chain or go round in circles.
        """
        domains: dict[tuple[str, str], list[DomainDef]] = {}
        for instrument in self._by_id.values():
            for domain in instrument.domains:
                domains.setdefault((instrument.key, domain.key), []).append(domain)
        comparison = {}
        for instrument in self._by_id.values():
            seen: dict[str, str] = {}
            for domain in instrument.domains:
                where = f"{instrument.source}: domain '{domain.key}'"
                if domain.same_as is None:
                    key = own_comparison_key(instrument.key, domain.key)
                else:
                    target_instrument, target_domain = domain.same_as.split(".")
                    if not any(k == target_instrument for k, _ in self._by_id):
                        raise InstrumentError(
                            f"{where}: same_as '{domain.same_as}' names instrument '{target_instrument}', which is not loaded "
                            f"(loaded: {', '.join(self.keys())})"
                        )
                    targets = domains.get((target_instrument, target_domain))
                    if not targets:
                        raise InstrumentError(
                            f"{where}: same_as '{domain.same_as}' names domain '{target_domain}', "
                            f"which instrument '{target_instrument}' does not have"
                        )
                    further = next((t.same_as for t in targets if t.same_as), None)
                    if further:
                        raise InstrumentError(
                            f"{where}: same_as '{domain.same_as}' points at a domain that itself lines up with "
                            f"'{further}'; point at '{further}' directly"
                        )
                    key = own_comparison_key(target_instrument, target_domain)
                if key in seen:
                    raise InstrumentError(f"{where} and domain '{seen[key]}' would line up with the same domain ('{key}')")
                if len(key) > MAX_COMPARISON_KEY:
                    raise InstrumentError(
                        f"{where}: '{key}' is longer than {MAX_COMPARISON_KEY} characters; use a shorter instrument or domain key"
                    )
                seen[key] = domain.key
                comparison[(instrument.key, instrument.version, domain.key)] = key
        return comparison

    def comparison_key(self, instrument: InstrumentDef, domain_key: str) -> str:
        """The key that lines this domain up across instruments: a default domain's own key, the
        target's for a domain with same_as, else '<instrument>.<domain>' (kept apart)."""
        return self._comparison[(instrument.key, instrument.version, domain_key)]

    def all(self) -> list[InstrumentDef]:
        """Every loaded version: the default instruments first, then by key, then by version."""
        return sorted(self._by_id.values(), key=lambda i: (not i.is_default, i.key, i.version))

    def get(self, key: str, version: int) -> InstrumentDef | None:
        return self._by_id.get((key, version))

    def latest(self, key: str) -> InstrumentDef | None:
        versions = [i for (k, _), i in self._by_id.items() if k == key]
        return max(versions, key=lambda i: i.version, default=None)

    def keys(self) -> list[str]:
        return sorted({k for k, _ in self._by_id})


def own_comparison_key(instrument_key: str, domain_key: str) -> str:
    return domain_key if instrument_key in DEFAULT_INSTRUMENTS else f"{instrument_key}.{domain_key}"


def is_kept_apart(comparison_key: str) -> bool:
    """Whether a comparison key belongs to one instrument only ('zrm.justice'), so its label needs
    the instrument's short name beside other instruments' domains. Own domains start 'own:'."""
    return "." in comparison_key and not comparison_key.startswith("own:")


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
    _known_fields(data, FIELDS, "the file")
    key = data.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise InstrumentError("'key' must be lowercase letters, digits or _ (for example 'adult')")
    version = data.get("version")
    if not _whole_number(version) or version < 1:
        raise InstrumentError("'version' must be a whole number of 1 or more")
    name = _texts(data.get("name"), "name", 80)
    short_name = _texts(data["short_name"], "short_name", MAX_SHORT_NAME) if "short_name" in data else None
    scale = _scale(data["scale"]) if "scale" in data else None
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
        _known_fields(raw, DOMAIN_FIELDS, f"{where} ({domain_key})")
        if domain_key in seen:
            raise InstrumentError(f"{where}: key '{domain_key}' is used twice")
        seen.add(domain_key)
        icon = raw.get("icon", "")
        if not isinstance(icon, str) or (icon and not KEY_PATTERN.match(icon)):
            raise InstrumentError(f"{where} ({domain_key}): 'icon' must be a short lowercase name")
        texts = {f: _texts(raw.get(f), f"{domain_key}.{f}", MAX_TEXT[f]) for f in TEXT_FIELDS}
        same_as = raw.get("same_as")
        if same_as is not None:
            parts = same_as.split(".") if isinstance(same_as, str) else []
            if len(parts) != 2 or not all(KEY_PATTERN.match(part) for part in parts):
                raise InstrumentError(
                    f"{where} ({domain_key}): 'same_as' must be written as '<instrument key>.<domain key>', "
                    "for example 'adult.physical_health'"
                )
            if parts[0] == key:
                raise InstrumentError(f"{where} ({domain_key}): 'same_as' must name another instrument, not '{key}' itself")
        domains.append(DomainDef(key=domain_key, icon=icon, same_as=same_as, **texts))
    return InstrumentDef(
        key=key, version=version, name=name, domains=tuple(domains), source=source, short_name=short_name, scale=scale
    )


def _scale(raw) -> ScaleDef:
    """[scale]: the words at the ends (low, high) and optional named steps ([[scale.steps]], each a
    position 'at' from 0 to 100 and a label). With steps, the ends default to the first and last step."""
    if not isinstance(raw, dict):
        raise InstrumentError("'scale' must be a table with 'low' and 'high' words, or [[scale.steps]]")
    _known_fields(raw, SCALE_FIELDS, "[scale]")
    steps = ()
    if "steps" in raw:
        steps = _steps(raw["steps"])
    elif "low" not in raw or "high" not in raw:
        raise InstrumentError("[scale] needs words for both ends ('low' and 'high') when it has no [[scale.steps]]")
    low = _texts(raw["low"], "scale.low", MAX_SCALE_WORD) if "low" in raw else steps[0].label
    high = _texts(raw["high"], "scale.high", MAX_SCALE_WORD) if "high" in raw else steps[-1].label
    return ScaleDef(low=low, high=high, steps=steps)


def _steps(raw) -> tuple[StepDef, ...]:
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_STEPS or not all(isinstance(s, dict) for s in raw):
        raise InstrumentError(f"[[scale.steps]] must be 2 to {MAX_STEPS} tables, each with 'at' and 'label'")
    steps = []
    for number, step in enumerate(raw, start=1):
        where = f"scale step {number}"
        _known_fields(step, STEP_FIELDS, where)
        at = step.get("at")
        if not _whole_number(at) or not SCALE_MIN <= at <= SCALE_MAX:
            raise InstrumentError(f"{where}: 'at' must be a whole number from {SCALE_MIN} to {SCALE_MAX}")
        if steps and at <= steps[-1].at:
            raise InstrumentError(f"{where}: 'at' must be higher than the step before it ({steps[-1].at})")
        steps.append(StepDef(at=at, label=_texts(step.get("label"), f"scale.steps.{number}.label", MAX_SCALE_WORD)))
    if steps[0].at != SCALE_MIN or steps[-1].at != SCALE_MAX:
        raise InstrumentError(f"the first scale step must be at {SCALE_MIN} and the last at {SCALE_MAX}, the ends of the scale")
    return tuple(steps)


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _known_fields(table: dict, known: set[str], where: str) -> None:
    """A misspelt field ('same-as') would be ignored without a word: name it instead."""
    unknown = sorted(set(table) - known)
    if unknown:
        raise InstrumentError(f"{where} has unknown field(s) {', '.join(repr(u) for u in unknown)}; known: {', '.join(sorted(known))}")


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
