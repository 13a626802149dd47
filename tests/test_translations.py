"""Every user-facing string is in the English catalogue, and the compiled catalogue is current."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).parent.parent
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2), "lazy_ngettext": (1, 2)}
METHODS = [("wattelt/**.py", "python"), ("templates/**.html", "jinja2")]


def source_messages() -> set[str]:
    found = set()
    for folder in ("wattelt", "templates"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[(p.split("/", 1)[1], m) for p, m in METHODS if p.startswith(folder)], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_english_catalogue_translates_every_string():
    with open(ROOT / "translations/en/LC_MESSAGES/messages.po", "rb") as handle:
        catalogue = read_po(handle)
    messages = source_messages()
    assert len(messages) > 100
    missing = sorted(m for m in messages if m not in catalogue or not catalogue[m].string)
    assert missing == []


def test_compiled_catalogue_matches_the_po_file():
    def plain(text):
        return tuple(text) if isinstance(text, (list, tuple)) else text

    with open(ROOT / "translations/en/LC_MESSAGES/messages.po", "rb") as handle:
        po = {plain(m.id): plain(m.string) for m in read_po(handle) if m.id}
    with open(ROOT / "translations/en/LC_MESSAGES/messages.mo", "rb") as handle:
        mo = {plain(m.id): plain(m.string) for m in read_mo(handle) if m.id}
    assert mo == po
