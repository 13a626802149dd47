"""Every user-facing string is marked for translation, every supported language's catalogue
translates all of them with the same placeholders, and the compiled catalogues are current."""
import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from wattelt.config import Config

ROOT = Path(__file__).parent.parent
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2), "lazy_ngettext": (1, 2)}
METHODS = [("wattelt/**.py", "python"), ("templates/**.html", "jinja2")]
TRANSLATED = sorted(set(Config.LANGUAGES) - {Config.BABEL_DEFAULT_LOCALE})
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def source_messages() -> set[str]:
    found = set()
    for folder in ("wattelt", "templates"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[(p.split("/", 1)[1], m) for p, m in METHODS if p.startswith(folder)], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(language: str):
    with open(ROOT / f"translations/{language}/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_translates_every_string(language):
    translations = catalogue(language)
    messages = source_messages()
    assert len(messages) > 100
    missing = sorted(
        m for m in messages
        if m not in translations or translations[m].fuzzy or not all(_forms(translations[m].string))
    )
    assert missing == []


def _ids(messages) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in messages if m.id}


def test_the_template_a_translator_starts_from_holds_exactly_todays_strings():
    """A translator (or a tool such as Weblate) works from messages.pot: a stale one hides new texts."""
    with open(ROOT / "translations/messages.pot", "rb") as handle:
        assert _ids(read_po(handle)) == source_messages()


@pytest.mark.parametrize("language", [*TRANSLATED, Config.BABEL_DEFAULT_LOCALE])
def test_no_catalogue_keeps_a_text_the_app_no_longer_shows(language):
    # A translator would spend time on it, and a reviewer would read it as a text of the app.
    assert sorted(_ids(catalogue(language)) - source_messages()) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for message in catalogue(language):
        if not message.id:
            continue
        ids = _forms(message.id)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for form in filter(None, _forms(message.string)):
            # A plural form may leave out the number ("one message"), never a name.
            if set(PLACEHOLDER.findall(form)) | {"%(num)s"} < wanted | {"%(num)s"} or not set(PLACEHOLDER.findall(form)) <= wanted:
                wrong.append((ids[0], form))
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_matches_the_po_file(language):
    def plain(text):
        return tuple(text) if isinstance(text, (list, tuple)) else text

    po = {plain(m.id): plain(m.string) for m in catalogue(language) if m.id}
    with open(ROOT / f"translations/{language}/LC_MESSAGES/messages.mo", "rb") as handle:
        mo = {plain(m.id): plain(m.string) for m in read_mo(handle) if m.id}
    assert mo == po


def _forms(text) -> tuple:
    return tuple(text) if isinstance(text, (list, tuple)) else (text,)


# Strings a person reads that are not marked for translation.

LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "data-unsent", "aria-description", "content"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and LETTERS.search(value) and not (tag == "meta" and name == "content"):
                self.found.append(f"{tag}[{name}]={value!r}")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and LETTERS.search(data):
            self.found.append(data.strip())


def unmarked_in_template(source: str) -> list[str]:
    """Text outside Jinja expressions and statements: what a template shows as it stands."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "\x00", source, flags=re.S)
    parser = _Text()
    parser.feed(source)
    return parser.found


@pytest.mark.parametrize("path", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_mark_every_text_for_translation(path):
    assert unmarked_in_template(path.read_text(encoding="utf-8")) == []


# Calls whose text reaches a person: messages, errors and form labels.
MESSAGE_CALLS = {"flash", "InvalidInput", "MalformedRequest", "Conflict", "InvitationUnusable", "ValidationError"}
MESSAGE_KEYWORDS = {"label", "description", "message", "too_many"}


def unmarked_in_python(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        plain = [a for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str) and LETTERS.search(a.value)]
        if plain and (name in MESSAGE_CALLS or name.endswith("Field")):
            found.append(f"{name}({plain[0].value!r})")
        found += [
            f"{name}({k.arg}={k.value.value!r})" for k in node.keywords
            if k.arg in MESSAGE_KEYWORDS and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str) and LETTERS.search(k.value.value)
        ]
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "wattelt").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_python_marks_every_message_for_translation(path):
    assert unmarked_in_python(path.read_text(encoding="utf-8")) == []


def test_the_checks_find_an_unmarked_string():
    assert unmarked_in_template('<p>{{ _("Goed") }}</p><p>Niet vertaald</p><button aria-label="Sluit">×</button>') == [
        "Niet vertaald", "button[aria-label]='Sluit'"]
    assert unmarked_in_python('flash("Bewaard.")\nStringField("Naam", description=_l("ok"))\nx = InvalidInput(_l("goed"))') == [
        "flash('Bewaard.')", "StringField('Naam')"]


def test_times_are_shown_in_dutch_time_whatever_the_language(app):
    """Stored in UTC; a log line or an invitation's deadline is read at a Dutch kitchen table."""
    from datetime import datetime, timezone

    from flask_babel import force_locale, format_datetime

    winter, summer = datetime(2026, 12, 4, 19, 44, tzinfo=timezone.utc), datetime(2026, 7, 1, 19, 44, tzinfo=timezone.utc)
    with app.test_request_context("/"):
        assert format_datetime(winter, "short") == "04-12-2026, 20:44"
        assert format_datetime(summer, "short") == "01-07-2026, 21:44"
        with force_locale("en"):
            assert "8:44" in format_datetime(winter, "short")
