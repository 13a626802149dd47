"""Rules for text that people type: what may be stored, and when two own domains are the same."""
import hashlib
import re
import unicodedata

from flask_babel import lazy_gettext as _l

from wattelt.errors import InvalidInput

# Control characters (a NUL cannot even be stored in PostgreSQL), lone surrogates (from JSON's
# "\ud800"; no database can store them) and the bidirectional overrides and isolates that can make
# a stored text read differently from what it holds. Line breaks and tabs are allowed only where a
# text may have several lines.
_FORBIDDEN_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_FORBIDDEN_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FORBIDDEN_MESSAGE = _l(
    "Deze tekst bevat een onzichtbaar teken dat we niet kunnen bewaren. Typ de tekst opnieuw, zonder het te plakken."
)


def has_forbidden_characters(value: str, multiline: bool = False) -> bool:
    return bool((_FORBIDDEN_MULTI_LINE if multiline else _FORBIDDEN_SINGLE_LINE).search(value))


def line_breaks(value: str) -> str:
    """One kind of line break: browsers send CR LF, other clients LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def clean(value: str | None, field: str | None = None, multiline: bool = False, max_length: int | None = None) -> str | None:
    """The text as it will be stored: trimmed, None when empty. Refuses what cannot be stored."""
    if value is None:
        return None
    if has_forbidden_characters(value, multiline):
        raise InvalidInput(FORBIDDEN_MESSAGE, field=field)
    value = line_breaks(value).strip()
    if max_length is not None and len(value) > max_length:
        raise InvalidInput(_l("Maak de tekst korter: hoogstens %(n)s tekens.", n=max_length), field=field)
    return value or None


def search_key(value: str) -> str:
    """A name as search and sorting compare it: whatever the case, accents, spacing or Unicode
    form, so "ozdemir" finds "Özdemir" on SQLite and PostgreSQL alike (their lower() differ).
    Invisible characters are dropped: a search term may hold anything a browser sends."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return " ".join(_FORBIDDEN_SINGLE_LINE.sub(" ", plain).casefold().split())


OWN_KEY_LENGTH = 80


def own_domain_key(label: str) -> str:
    """The identity of an own domain: the same words, whatever the case, spacing or Unicode form.

    Stored beside the label, so SQL can group and compare own domains with the same rule.
    Normalising can make a text longer ("ß" becomes "ss", "ﷺ" eighteen letters): a key that no
    longer fits its column keeps its start and ends in a hash of the whole.
    """
    key = " ".join(unicodedata.normalize("NFKC", label).casefold().split())
    if len(key) > OWN_KEY_LENGTH:
        key = f"{key[:OWN_KEY_LENGTH - 17]}~{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    return key
