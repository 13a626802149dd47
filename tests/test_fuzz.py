"""Property-based tests over every form and the JSON door (issue 8): whatever a client sends (wrong
types, huge values, control characters, markup, Unicode digits, fields left out or sent twice), the
answer is a 4xx or the form again with a message, never a 500, and a refused request writes nothing.

The forms are the ones the pages render (tests/forms.py), read again for every example, and one
mutator changes what a browser would send: a value replaced, a field left out or sent twice, the
number in a field's name replaced. One app and database serve the whole file, so an example makes
the rows it may use up (a round it may complete, a household it may erase) and a fresh browser.
"""
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from html import unescape
from itertools import count
from types import SimpleNamespace
from typing import Callable
from urllib.parse import urlsplit

import pyotp
import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from hypothesis import given, settings, strategies as st
from werkzeug.datastructures import MultiDict

from tests import factories
from tests.conftest import _teardown, build_world, make_app
from tests.conftest import confirm_password as type_password  # the name of a page below
from tests.forms import Form, forms_of, page_form
from wattelt import text
from wattelt.admin import service as admin
from wattelt.errors import MESSAGES
from wattelt.extensions import db
from wattelt.models import ChipState, GrantKind, Household, Member, Perspective, Round, User
from wattelt.households.service import close
from wattelt.rounds.service import start_round

# Derandomized, so CI runs the same examples every time; sized to keep this file within about 45 s
# on SQLite and 75 s on PostgreSQL with its 50 forms (CI runs the suite once per database). A JSON
# example is cheaper than a form's (no page to read first), so the door gets more. The app and its database are the
# module's (see fuzz), not a function's, so no health check needs to be silenced.
FORMS = settings(max_examples=12, deadline=None, derandomize=True, database=None)
DOOR = settings(max_examples=30, deadline=None, derandomize=True, database=None)

# Columns every request may write, and what a refusal keeps on purpose: when a session was last
# used, and a wrong secret counting towards the account's wait (auth.service.attempt).
VOLATILE = {("sign_in", "last_seen_at"), ("user_account", "failed_logins"), ("user_account", "locked_until")}
MULTILINE = {("goal", "text"), ("topic", "note_well"), ("topic", "note_better"), ("experience", "signal")}
# What people type, stored trimmed and as NULL rather than empty (text.clean).
TYPED = MULTILINE | {
    ("household", "name"), ("household", "contact_informal"), ("member", "name"), ("action", "what"),
    ("action", "note"), ("topic", "own_label"), ("invitation", "label"),
}
SCALE = {("chip", "value"), ("chip_event", "value"), ("goal", "hoped_for")}
ERASED_KINDS = {"Member": "member", "Household": "household"}

DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९০১২৩０１２３４５６７８９¹²³⁰⁴₀₁₂𝟎𝟏𝟗߀߁"
NASTY = [
    "/a\nb", "\x00", "a\x00b", "١٩٨٤", "１２３４５６", "²", "٣", "１２", "²⁰²⁶", "٢٠٢٦-١١-٢٢", "Ⅻ", "𝟙𝟡𝟠𝟜",
    "", " ", "\u00a0", "\t", "\r\n", "\x1b[31m", "x\x7f", "\u0085", "\u202eevil", "\u2066x\u2069", "\ufeff", "\u200b",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "%(name)s", "{0}", "'; DROP TABLE member; --",
    "-1", "0", "101", "1e3", "1.5", "NaN", "inf", "0x10", " 42 ", "9" * 30, "9" * 5000,
    "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "22-11-2026", "2026-11-22T10:00",
    "true", "on", "null", "[]", "{}", "/", "//evil.example", "/\r\nSet-Cookie: x=1", "/\x00", "https://evil.example/",
    "x" * 81, "x" * 501, "é" * 5000,
    "é" * 150_000,  # over MAX_CONTENT_LENGTH once sent
]
# What may stand in for the number in a field's name, such as members-0-name or state_12_resident.
NUMBERS = ["٣", "²", "１", "00", "-1", "99999", str(2**40), "", "1e3"]
plain_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)  # a form cannot carry lone surrogates
digit_text = st.text(DIGITS, min_size=1, max_size=8)


@dataclass
class Page:
    """A page to fuzz the forms of: who opens it, what a person fills in before sending, what is done
    on the device first (prelude), whether the password may have been typed again before, and the
    app's settings while it is open (the second step asked of staff)."""

    who: str | None
    path: str
    fill: dict = field(default_factory=dict)
    prelude: Callable | None = None
    may_confirm: bool = False
    config: dict = field(default_factory=dict)


class Fuzz(SimpleNamespace):
    """The app, the world's ids and the people who sign in; short in Hypothesis's reports."""

    def __repr__(self):
        return "fuzz"


@pytest.fixture(scope="module")
def fuzz():
    # Limits high enough never to be met, set per app: Flask-Limiter's on/off switch is one for the
    # whole process and would stay off for the tests that come after.
    lots = "1000000 per minute"
    app = make_app(LOGIN_ATTEMPTS=10**9, LOGIN_LIMIT_PER_ADDRESS=lots, LOGIN_LIMIT_PER_ACCOUNT=lots, INVITATION_LIMIT_PER_ADDRESS=lots)
    world = build_world(app)
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        household = db.session.get(Household, world.household)
        marieke = db.session.get(Member, world.marieke)
        resident = factories.invited(pro, household, GrantKind.RESIDENT, member=marieke).login_name
        naaste = factories.invited(pro, household, GrantKind.NAASTE, member=marieke, label="Zus Ellen").login_name
        totp = pyotp.random_base32()
        factories.user(pro.team, "code@example.org").totp_secret = totp
        db.session.commit()
        world_ids = sorted({v for v in vars(world).values() if isinstance(v, int)})
        other_topic = db.session.get(Round, world.other_round).topics[0].id
    titles = {}
    for language in app.config["LANGUAGES"]:
        with app.test_request_context(), force_locale(language):
            titles[language] = {code: str(title) for code, (title, _message) in MESSAGES.items()}
    yield Fuzz(
        app=app, world=world, world_ids=world_ids, other_topic=other_topic, resident=resident, naaste=naaste, totp=totp,
        titles=titles, sign_in_form=page_form(app.test_client().get("/auth/login"), action="/auth/login"),
        serial=count(1), clients={}, rounds={},
    )
    _teardown(app)


# --- rows an example may use up ------------------------------------------------------------------

def _pro(fuzz) -> User:
    return db.session.get(User, fuzz.world.pro_a)


def new_household(fuzz, name="Familie Vers", members=(("Noor", 1990),)):
    with fuzz.app.app_context():
        return factories.household(_pro(fuzz), name, members=members).id


def new_round(fuzz, member_id=None, started_by=None, **kwargs) -> tuple[int, list[int]]:
    """An open round held today (so it never runs out of dates), by the professional unless said."""
    with fuzz.app.app_context():
        by = db.session.scalar(sa.select(User).where(User.login_name == started_by)) if started_by else _pro(fuzz)
        member = db.session.get(Member, member_id or fuzz.world.marieke)
        round_ = start_round(by, member, date.today(), ["housing", "money"], [], today=date.today(), **kwargs)
        db.session.commit()
        return round_.id, [t.id for t in round_.topics]


def sign_in_as(fuzz, client, who: str):
    """Through the sign-in form, read from the page once: it is the same for everyone."""
    return fuzz.sign_in_form.submit(client, email=who, password=factories.PASSWORD)


# --- the pages, as a professional, a resident, a helper, a naaste and a visitor see them -------

def sign_in(fuzz):
    return Page(None, "/auth/login?next=/households/", {"email": "a@example.org", "password": factories.PASSWORD})


def caseload(fuzz):
    return Page("a@example.org", "/households/")


def second_step(fuzz):
    return Page(None, "/auth/code", {"code": pyotp.TOTP(fuzz.totp).now()},
                prelude=lambda client: sign_in_as(fuzz, client, "code@example.org"))


def enrol(fuzz):
    email = f"enrol-{next(fuzz.serial)}@example.org"
    with fuzz.app.app_context():
        factories.user(_pro(fuzz).team, email)

    def prelude(client):
        sign_in_as(fuzz, client, email)
        secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', client.get("/auth/instellen").get_data(as_text=True))
        page.fill["code"] = pyotp.TOTP(secret.group(1)).now()

    page = Page(None, "/auth/instellen", prelude=prelude, config={"TWO_FACTOR_REQUIRED": True})
    return page


def accept_invitation(fuzz):
    with fuzz.app.app_context():
        household = db.session.get(Household, new_household(fuzz))
        _invitation, token = factories.invitation(_pro(fuzz), household, GrantKind.RESIDENT, member=household.members[0])
    return Page(None, f"/uitnodiging/{token}", {"secret": "20261122", "repeat": "20261122"})


def new_household_page(fuzz):
    return Page("a@example.org", "/households/new", {"name": "Familie Fuzz", "members-0-name": "Anna", "members-0-birth_year": "1980"})


def household_page(fuzz):
    household = new_household(fuzz, "Familie Wis")
    return Page("a@example.org", f"/households/{household}", {"household-name": "Familie Wis"}, may_confirm=True)


def add_member(fuzz):
    return Page("a@example.org", f"/households/{new_household(fuzz)}/members/new", {"name": "Lotte", "birth_year": "2001"})


def new_round_page(fuzz):
    return Page("a@example.org", f"/members/{fuzz.world.marieke}/rounds/new", {"domains": ["housing", "work"]})


def board(fuzz):
    round_id, topics = new_round(fuzz, with_naaste=True)
    return Page("a@example.org", f"/rounds/{round_id}", {f"state_{topics[0]}_resident": "placed", f"well_{topics[1]}": "Rust"})


def prepared_board(fuzz):
    round_id, _topics = new_round(fuzz, started_by=fuzz.resident, with_professional=False)
    return Page("a@example.org", f"/rounds/{round_id}")


def complete(fuzz):
    return Page("a@example.org", f"/rounds/{new_round(fuzz)[0]}/complete")


def unlock(fuzz):
    round_id, _topics = new_round(fuzz)

    def lock(client):
        page_form(client.get(f"/rounds/{round_id}"), action=f"/rounds/{round_id}/vergrendelen").submit(client)

    return Page("a@example.org", "/auth/ontgrendelen", {"password": factories.PASSWORD}, prelude=lock)


def planned_household(fuzz) -> tuple[int, str]:
    """A household with a goal and an action a helper does; returns it and the helper's login name."""
    with fuzz.app.app_context():
        household = db.session.get(Household, new_household(fuzz, "Familie Plan", (("Noor", 1990), ("Sem", 2012))))
        helper = factories.invited(_pro(fuzz), household, GrantKind.HELPER_ACTIONS, label="Buurman")
        action = factories.action(factories.goal(household, household.members[0], "money"))
        action.assignee_id = helper.id
        db.session.commit()
        return household.id, helper.login_name


def plan(fuzz):
    return Page("a@example.org", f"/households/{planned_household(fuzz)[0]}/plan",
                {"text": "Weer rustig slapen", "what": "Bellen met de schuldhulp", "note": "Dinsdag gebeld"})


def sharing(fuzz):
    with fuzz.app.app_context():
        household = db.session.get(Household, new_household(fuzz, "Familie Deel"))
        factories.invited(_pro(fuzz), household, GrantKind.HELPER_PLAN, label="Joyce")
        factories.invitation(_pro(fuzz), household, GrantKind.NAASTE, member=household.members[0], label="Zus")
        household_id = household.id
    return Page("a@example.org", f"/households/{household_id}/delen", {"label": "Buurman Kees", "agreed": True})


def erase_member(fuzz):
    with fuzz.app.app_context():
        member = db.session.get(Household, new_household(fuzz, "Familie Lid")).members[0]
        member_id, name = member.id, member.name
    return Page("a@example.org", f"/members/{member_id}/gegevens", {"name": name}, may_confirm=True)


def confirm_password(fuzz):
    return Page("a@example.org", "/auth/bevestigen?next=/households/", {"password": factories.PASSWORD})


def progress(fuzz):
    return Page("a@example.org", f"/members/{fuzz.world.marieke}/progress")


def exports(fuzz):
    # The export page asks for the password first, every time (tests/test_exports.py).
    return Page("a@example.org", f"/members/{fuzz.world.marieke}/exporteren", {"consent": True}, prelude=type_password)


def team_figures(fuzz):
    return Page("lead@example.org", "/cijfers", {"start": "2026-01", "end": "2026-12"})


def resident_new_round(fuzz):
    return Page(fuzz.resident, f"/members/{fuzz.world.marieke}/rounds/new", {"domains": ["housing"]})


def resident_board(fuzz):
    round_id, topics = new_round(fuzz, started_by=fuzz.resident, with_professional=False)
    return Page(fuzz.resident, f"/rounds/{round_id}", {f"state_{topics[0]}_resident": "not_now"})


def resident_sharing(fuzz):
    with fuzz.app.app_context():
        household = db.session.get(Household, new_household(fuzz, "Familie Zelf"))
        resident = factories.invited(_pro(fuzz), household, GrantKind.RESIDENT, member=household.members[0]).login_name
        factories.invited(_pro(fuzz), household, GrantKind.HELPER_ACTIONS, label="Buurvrouw")
        household_id = household.id
    return Page(resident, f"/households/{household_id}/delen", {"label": "Tante Riet"})


def resident_result(fuzz):
    """The questions after a round, on the resident's own phone."""
    return Page(fuzz.resident, f"/rounds/{fuzz.world.first}/result", {"taken_seriously": "yes", "signal": "Fijn gesprek"})


def result(fuzz):
    return Page("a@example.org", f"/rounds/{fuzz.world.first}/result")


def handed_over(fuzz):
    """The questions on the professional's tablet, handed to the resident after the round."""
    first = fuzz.world.first

    def hand_over(client):
        page_form(client.get(f"/rounds/{first}/result"), action=f"/rounds/{first}/ervaring").submit(client)

    return Page("a@example.org", f"/rounds/{first}", {"fits_needs": "partly"}, prelude=hand_over)


def helper_home(fuzz):
    return Page(planned_household(fuzz)[1], "/mijn", {"note": "Gebeld"})


def naaste_board(fuzz):
    round_id, topics = new_round(fuzz, with_naaste=True)
    return Page(fuzz.naaste, f"/rounds/{round_id}", {f"state_{topics[0]}_naaste": "placed"})


def closed_household(fuzz):
    with fuzz.app.app_context():
        household = db.session.get(Household, new_household(fuzz, "Familie Klaar"))
        close(household)
        db.session.commit()
        household_id = household.id
    return Page("a@example.org", f"/households/{household_id}")


ADMIN = "admin@example.org"


def new_organisation(fuzz) -> int:
    """An organisation of its own per example, with a team and an area, so what an administrator
    changes (a name, an archive, a setting) touches no one else's work."""
    with fuzz.app.app_context():
        organisation = admin.create_organisation(f"Organisatie {next(fuzz.serial)}")
        area = admin.create_area(organisation, "Oost")
        admin.add_team(organisation, "Team Oost", area)
        db.session.commit()
        return organisation.id


def administration(fuzz):
    return Page(ADMIN, "/beheer/")


def organisation_page(fuzz):
    return Page(ADMIN, f"/beheer/organisaties/{new_organisation(fuzz)}", {"new-team-name": "Team West", "new-area-name": "West"})


def new_person(fuzz):
    return Page(ADMIN, "/beheer/mensen/nieuw", {"email": f"nieuw-{next(fuzz.serial)}@example.org", "name": "Noor", "role": "professional"})


def person(fuzz):
    with fuzz.app.app_context():
        someone = factories.user(_pro(fuzz).team, f"collega-{next(fuzz.serial)}@example.org")
        someone_id = someone.id
    return Page(ADMIN, f"/beheer/mensen/{someone_id}", {"role": "teamlead"})


def instruments(fuzz):
    return Page(ADMIN, "/beheer/instrumenten/", {"instruments": ["adult"]})


def set_password(fuzz):
    with fuzz.app.app_context():
        someone = factories.user(_pro(fuzz).team, f"link-{next(fuzz.serial)}@example.org")
        link = admin.password_link(someone)
        db.session.commit()
    return Page(None, f"/auth/wachtwoord/{link}", {"password": "een lange zin als wachtwoord", "repeat": "een lange zin als wachtwoord"})


# Per page the forms it is opened for, by address (an id as <id>): a form on more pages is fuzzed
# on one of them, and test_the_pages_hold_every_form_of_the_app fails for a form not listed.
PAGES = {f.__name__: (f, forms) for f, forms in (
    (sign_in, ["/auth/login", "/taal"]),
    (caseload, ["/taal", "/auth/logout", "/auth/overal-uitloggen", "/households/"]),
    (second_step, ["/auth/code"]),
    (enrol, ["/auth/instellen"]),
    (accept_invitation, ["/uitnodiging/<token>"]),
    (new_household_page, ["/households/new"]),
    (household_page, ["/households/<id>/contact", "/households/<id>/wissen", "/households/<id>/afsluiten"]),
    (closed_household, ["/households/<id>/heropenen"]),
    (add_member, ["/households/<id>/members/new"]),
    (new_round_page, ["/members/<id>/rounds/new"]),
    (board, ["/rounds/<id>", "/rounds/<id>/vergrendelen"]),
    (prepared_board, ["/rounds/<id>/samen"]),
    (complete, ["/rounds/<id>/complete"]),
    (unlock, ["/auth/ontgrendelen"]),
    (plan, ["/households/<id>/plan", "/goals/<id>/status", "/goals/<id>/actions", "/actions/<id>/done", "/actions/<id>/note"]),
    (sharing, ["/households/<id>/delen", "/households/<id>/delen/leden", "/members/<id>/uitnodigen",
               "/members/<id>/naaste-uitnodigen", "/toegang/<id>/intrekken", "/toegang/<id>/nieuw-geheim",
               "/uitnodigingen/<id>/intrekken"]),
    (erase_member, ["/members/<id>/wissen"]),
    (confirm_password, ["/auth/bevestigen"]),
    (progress, ["/members/<id>/progress"]),
    (exports, ["/members/<id>/verhaal"]),
    (team_figures, ["/cijfers"]),
    (resident_new_round, ["/members/<id>/rounds/new"]),
    (resident_board, ["/rounds/<id>"]),
    (resident_sharing, ["/households/<id>/delen", "/toegang/<id>/intrekken"]),
    (resident_result, ["/ervaring"]),
    (result, ["/rounds/<id>/ervaring"]),
    (handed_over, ["/ervaring"]),
    (helper_home, ["/actions/<id>/done", "/actions/<id>/note"]),
    (naaste_board, ["/rounds/<id>"]),
    (administration, ["/beheer/organisaties"]),
    (organisation_page, ["/beheer/organisaties/<id>/naam", "/beheer/organisaties/<id>/instellingen", "/beheer/organisaties/<id>/teams",
                         "/beheer/organisaties/<id>/gebieden", "/beheer/organisaties/<id>/archief", "/beheer/teams/<id>",
                         "/beheer/teams/<id>/archief", "/beheer/gebieden/<id>", "/beheer/gebieden/<id>/archief"]),
    (new_person, ["/beheer/mensen/nieuw"]),
    (person, ["/beheer/mensen/<id>/rol", "/beheer/mensen/<id>/actief", "/beheer/mensen/<id>/tweede-stap", "/beheer/mensen/<id>/link"]),
    (instruments, ["/beheer/instrumenten/organisaties/<id>"]),
    (set_password, ["/auth/wachtwoord/<token>"]),
)}
CASES = [(page, form) for page, (_f, forms) in PAGES.items() for form in forms]


def form_key(form: Form) -> str:
    path = urlsplit(form.action).path
    path = re.sub(r"^/uitnodiging/[^/]+", "/uitnodiging/<token>", re.sub(r"^/auth/wachtwoord/[^/]+", "/auth/wachtwoord/<token>", path))
    return re.sub(r"/\d+", "/<id>", path)


# --- what is stored, before and after ------------------------------------------------------------

def snapshot(app) -> dict[str, set[tuple]]:
    """Every row of every table, without the volatile columns (see COLUMNS)."""
    with app.app_context(), db.engine.connect() as connection:
        return {name: {tuple(map(_hashable, row)) for row in connection.execute(select)} for name, select in SELECTS.items()}


def _hashable(value):
    """A JSON column's value (the administrators' log's details) as text, so a row fits in a set."""
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value


COLUMNS = {
    table.name: [c for c in table.columns if (table.name, c.name) not in VOLATILE] for table in db.metadata.sorted_tables
}
SELECTS = {name: sa.select(*columns) for name, columns in COLUMNS.items()}


def changed_rows(before, after):
    """The rows added or changed, as dicts by column name."""
    for name, rows in after.items():
        for row in rows - before[name]:
            yield name, dict(zip((c.name for c in COLUMNS[name]), row))


def ids_in(tables, name: str) -> set[int]:
    at = [c.name for c in COLUMNS[name]].index("id")
    return {row[at] for row in tables[name]}


def check_stored(before, after) -> None:
    """What a successful request stored is what the services promise."""
    today = date.today()
    ranges = {("member", "birth_year"): (1900, today.year), **{column: (0, 100) for column in SCALE}}
    dates = {("round", "held_on"): (today - timedelta(days=3650), today + timedelta(days=31)),
             ("action", "by_when"): (today - timedelta(days=365), today + timedelta(days=5 * 365))}
    for table, row in changed_rows(before, after):
        columns = db.metadata.tables[table].columns
        for column, value in row.items():
            where = (table, column)
            if isinstance(value, str):
                assert not text.has_forbidden_characters(value, multiline=where in MULTILINE), (where, value)
                length = getattr(columns[column].type, "length", None)
                assert length is None or len(value) <= length, (where, len(value))
                assert where not in TYPED or (value and value == value.strip()), (where, value)
            if where in ranges and value is not None:
                assert ranges[where][0] <= value <= ranges[where][1], (where, value)
            if where in dates and value is not None:
                assert dates[where][0] <= value <= dates[where][1], (where, value)
        if table == "access_log" and row["action"] == "erase":
            still_there = ids_in(after, ERASED_KINDS[row["object_kind"]])
            assert row["object_id"] not in still_there, f"logged an erasure that did not happen: {row}"


# A page of its own that says what became of a sent form, also when nothing was stored on purpose
# (the questions after a round, skipped or sent without an answer).
OUTCOME = re.compile(r'<div class="utrecht-alert utrecht-alert--(?:ok|info) outcome" role="status">')
FIELD_ERROR = re.compile(r'class="utrecht-form-field-error-message">\s*[^<\s]')
ERROR_PAGE = re.compile(r"<h1>([^<]+)</h1>\s*<p>\s*([^<\s][^<]*)</p>")


def shows_a_message(fuzz, response) -> bool:
    """The form came back with a message on it, or the error page says what went wrong."""
    page = response.get_data(as_text=True)
    if FIELD_ERROR.search(page) or 'class="utrecht-alert utrecht-alert--error"' in page:
        return True
    language = re.search(r'<html lang="([a-z]+)"', page)
    titles = fuzz.titles[language.group(1) if language else "nl"]
    found = ERROR_PAGE.search(page)
    code = response.status_code if response.status_code in titles else 400
    return bool(found) and unescape(found.group(1)) == titles[code]


# --- the forms -------------------------------------------------------------------------------------

def pick(data, items, label):
    """One of items; nothing is drawn when there is no choice, so no example is spent on one."""
    if len(items) < 2:
        return items[0] if items else None
    return data.draw(st.sampled_from(items), label=label)


def value(data, form: Form, name: str, current: str, ids: list[int]) -> str:
    """A value for the field: mostly the one it had, twisted, else a nasty or a random one."""
    offered = [v for c in form.controls if c.name == name for v, _ in c.options]
    offered += [c.value for c in form.controls if c.name == name and c.kind in ("radio", "checkbox")]
    kinds = ["twisted"] * 4 + ["nasty"] * 2 + ["text", "digits", "number", "id", "offered"]
    kind = data.draw(st.sampled_from(kinds), label="kind")
    if kind == "twisted":
        return twist(data, current)
    if kind == "offered":
        # Drawn within fixed bounds: the options of a list can grow between examples (more rounds to
        # compare), and Hypothesis wants a repeated choice to draw the same way.
        return offered[data.draw(st.integers(0, 255), label="offered") % len(offered)] if offered else ""
    return data.draw({
        "nasty": st.sampled_from(NASTY), "text": plain_text, "digits": digit_text,
        "number": st.integers(-2**70, 2**70).map(str), "id": st.sampled_from(ids).map(str),
    }[kind], label="value")


# Ten digits of another script (or look-alikes: superscripts, mathematical digits): int() and a
# regular expression's \d read some of them as numbers, a database never does.
SCRIPTS = ["٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९", "০১২৩৪৫৬৭৮৯", "０１２３４５６７８９", "⁰¹²³⁴⁵⁶⁷⁸⁹", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"]
CONTROLS = ["\n", "\r\n", "\r", "\x00", "\t", "\x1b", "\x7f", "\u0085", "\u202e", "\u2066", "\ufeff", "\u200b"]
MARKUP = ["<b>", "</textarea><script>alert(1)</script>", '" autofocus onfocus="alert(1)', "&amp;&lt;", "{{ 1 }}", "%s"]


def twist(data, current: str) -> str:
    """The value a person or a page would send, bent: other digits, an invisible character, markup,
    far too long, only spaces."""
    how = data.draw(st.sampled_from(["digits"] * 3 + ["control"] * 3 + ["markup", "long", "space", "empty"]), label="twist")
    if how == "digits":
        script = data.draw(st.sampled_from(SCRIPTS), label="script")
        return "".join(script[int(c)] if c.isascii() and c.isdigit() else c for c in current or "2026")
    if how in ("control", "markup"):
        inserted = data.draw(st.sampled_from(CONTROLS if how == "control" else MARKUP), label="inserted")
        at = data.draw(st.sampled_from([-1, 1, 0]), label="where")
        at = {0: 0, 1: len(current) // 2, -1: len(current)}[at]
        return current[:at] + inserted + current[at:]
    if how == "long":
        return (current or "x") * data.draw(st.sampled_from([2, 50, 300, 5000]), label="times")
    return {"space": f"  {current}\u00a0 ", "empty": ""}[how]


def put(pairs, name, new):
    """The field sent once, with this value, where it was (or at the end)."""
    at = next((i for i, (n, _v) in enumerate(pairs) if n == name), len(pairs))
    rest = [(n, v) for n, v in pairs if n != name]
    return rest[:at] + [(name, new)] + rest[at:]


def mutate(data, form: Form, pairs, ids):
    """Replace a value, leave a field out, send it twice, or change the number in its name."""
    # CSRF is off here (its own tests cover it), so changing the token would test nothing; which
    # button is pressed is drawn already.
    buttons = {c.name for c in form.controls if c.tag == "button" or c.kind == "submit"}
    names = sorted(({n for n, _v in pairs} | {c.name for c in form.controls if c.name}) - {"csrf_token"} - buttons)
    # A form of one button has nothing to change: one example, then Hypothesis has seen it all.
    for _ in range(data.draw(st.integers(0, 3), label="changes") if names else 0):
        name = pick(data, names, "field")
        how = data.draw(st.sampled_from(["replace"] * 3 + ["drop", "repeat", "renumber"]), label="how")
        current = next((v for n, v in pairs if n == name), next((c.value for c in form.controls if c.name == name), ""))
        if how == "replace":
            pairs = put(pairs, name, value(data, form, name, current, ids))
        elif how == "drop":
            pairs = [(n, v) for n, v in pairs if n != name]
        elif how == "repeat":
            extra = (name, value(data, form, name, current, ids))
            at = next((i for i, (n, _v) in enumerate(pairs) if n == name), len(pairs))
            pairs = pairs[:at] + [extra] + pairs[at:] if data.draw(st.booleans(), label="first") else pairs + [extra]
        else:
            number = data.draw(st.sampled_from(NUMBERS) | digit_text, label="number")
            renamed = re.sub(r"\d+", number, name, count=1) if re.search(r"\d", name) else name + number
            pairs = [(renamed if n == name else n, v) for n, v in pairs]
    return pairs


def send(client, form: Form, pairs):
    if form.method.lower() == "get":
        # A browser replaces the action's query with the form's fields.
        return client.get(urlsplit(form.action).path, query_string=MultiDict(pairs))
    return client.post(form.action, data=MultiDict(pairs))


def check_answer(fuzz, response, before, after, method: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:2000]
    if response.status_code >= 400:
        assert shows_a_message(fuzz, response), body[:2000]
        assert after == before, f"a refusal ({response.status_code}) wrote {list(changed_rows(before, after))}"
        return
    check_stored(before, after)
    if response.status_code in (301, 302, 303, 307, 308):
        location = urlsplit(response.headers["Location"])
        assert location.netloc in ("", "localhost"), f"redirected off the site: {response.headers['Location']}"
    elif method == "POST":
        # A form sent back unchanged and without a message would leave the person guessing.
        assert after != before or shows_a_message(fuzz, response) or OUTCOME.search(body), "a form came back without a message"


def opened(fuzz, page: Page, data=None):
    """The page as its person sees it, on a fresh device, after the prelude."""
    client = fuzz.app.test_client()
    if page.who:
        assert sign_in_as(fuzz, client, page.who).status_code == 302
    if page.prelude:
        page.prelude(client)
    if page.may_confirm and data is not None and data.draw(st.booleans(), label="password typed again"):
        assert type_password(client).status_code == 302
    shown = client.get(page.path)
    assert shown.status_code == 200, shown.headers.get("Location")
    return client, shown


@pytest.mark.parametrize("page, key", CASES, ids=[f"{page}:{key}" for page, key in CASES])
@FORMS
@given(data=st.data())
def test_every_form_answers_with_a_message_and_a_refusal_writes_nothing(fuzz, page, key, data):
    shown_page = PAGES[page][0](fuzz)
    kept = {name: fuzz.app.config[name] for name in shown_page.config}
    fuzz.app.config.update(shown_page.config)
    try:
        client, shown = opened(fuzz, shown_page, data)
        form = pick(data, [f for f in forms_of(shown) if form_key(f) == key], "form")
        assert form is not None, f"no form {key} on {shown_page.path}"
        button = pick(data, [c for c in form.controls if c.tag == "button" or c.kind == "submit"], "button")
        # What the person typed, under the field's name with the form's prefix (goal-12-status).
        fill = {name: typed for field_name, typed in shown_page.fill.items() for name in form.names()
                if name == field_name or name.endswith(f"-{field_name}")}
        pairs = mutate(data, form, form.data(button and (button.name or button.label or button.value), **fill), fuzz.world_ids)
        before = snapshot(fuzz.app)
        response = send(client, form, pairs)
        after = snapshot(fuzz.app)
        check_answer(fuzz, response, before, after, form.method.upper())
    finally:
        fuzz.app.config.update(kept)


def test_the_pages_hold_every_form_of_the_app(fuzz):
    """Every form is fuzzed: each page holds the forms listed for it, every form on the pages is
    listed, and together they post to every address that takes a form."""
    adapter = fuzz.app.url_map.bind("localhost")
    found, endpoints = set(), set()
    for name, (make, listed) in PAGES.items():
        page = make(fuzz)
        kept = {key: fuzz.app.config[key] for key in page.config}
        fuzz.app.config.update(page.config)
        try:
            forms = forms_of(opened(fuzz, page)[1])
        finally:
            fuzz.app.config.update(kept)
        keys = {form_key(f) for f in forms}
        assert set(listed) <= keys, (name, sorted(set(listed) - keys))
        found |= keys
        endpoints |= {adapter.match(urlsplit(f.action).path, method=f.method.upper())[0] for f in forms}
    assert found == {key for _page, key in CASES}, sorted(found ^ {key for _page, key in CASES})
    posted = {rule.endpoint for rule in fuzz.app.url_map.iter_rules() if "POST" in rule.methods}
    assert {e for e in posted if not e.startswith("rounds_api.")} <= endpoints


# --- the JSON door ---------------------------------------------------------------------------------

KEYS = {
    "chips": ("id", "topic", "perspective", "state", "value", "at"),
    "flags": ("id", "topic", "wants_to_talk", "at"),
    "notes": ("id", "topic", "note_well", "note_better", "at"),
    "complete": ("id", "allow_unplaced"),
}
json_text = st.text(max_size=40)  # lone surrogates included: JSON can carry them as \ud800
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from([2**31, 2**63, -2**63 - 1, 10**100]),
    st.floats(), st.sampled_from(["40", "٣", "²", "１２", "", "true", "null", "2026-11-25"]), json_text,
)
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(json_text, inner, max_size=3), max_leaves=6,
)


@st.composite
def moments(draw):
    """A device time: any date, any offset, with Z for UTC or without a time zone at all."""
    moment = draw(st.sampled_from([datetime.min, datetime.max, datetime.now()]) | st.datetimes(), label="moment")
    offset = draw(st.integers(-(24 * 60 - 1), 24 * 60 - 1) | st.none(), label="offset in minutes")
    if offset is None:
        return moment.isoformat()
    stamped = moment.replace(tzinfo=timezone(timedelta(minutes=offset))).isoformat()
    return stamped.replace("+00:00", "Z") if draw(st.booleans()) else stamped


def good(key: str, topics: list[int], fresh_id: str):
    return {
        # A new change has a new id; now and then one is sent again, with this or another body.
        "id": st.sampled_from([fresh_id] * 5 + ["one-id-for-two-writes"]),
        "topic": st.sampled_from(topics),
        "perspective": st.sampled_from([p.value for p in Perspective]),
        "state": st.sampled_from([s.value for s in ChipState]),
        "value": st.integers(0, 100),
        "at": st.sampled_from(TIMES) | moments(),
        "wants_to_talk": st.booleans(),
        "allow_unplaced": st.booleans(),
        "note_well": json_text | st.none(),
        "note_better": json_text | st.none(),
    }[key]


# Times a device should never send, and the edges of what a datetime holds.
TIMES = [
    "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00",
    "2026-11-25T10:15:00", "2026-11-25T25:00:00Z", "2026-02-30T10:00:00Z", "2026-11-25T10:15:00+24:00",
    "٢٠٢٦-١١-٢٥T10:15:00Z", "20261125T101500Z", "2026-W48-3T10:15Z", "yesterday", "", "Z", "1764065700",
]
RAW_BODIES = [b"", b"{", b"null", b"[]", b"1", b'"x"', b"\xff\xfe{}", b'{"id": 1' + b"0" * 5000 + b"}", b"[" * 50_000]
ROUND_IDS = ["0", "-1", "2147483648", "99999999999999999999", "\u0663", "abc"]


def json_client(fuzz, who: str):
    """One signed-in device per person: nothing sent to the JSON door signs them out."""
    if who not in fuzz.clients:
        client = fuzz.app.test_client()
        assert sign_in_as(fuzz, client, who).status_code == 302
        fuzz.clients[who] = client
    return fuzz.clients[who]


@pytest.mark.parametrize("endpoint", KEYS)
@DOOR
@given(data=st.data())
def test_the_json_door_answers_4xx_with_a_message_and_a_refusal_writes_nothing(fuzz, endpoint, data):
    who = data.draw(st.sampled_from(["a@example.org"] * 4 + [fuzz.resident, fuzz.naaste]), label="who")
    # Only completing uses a round up; the other changes can all go to one round.
    if endpoint == "complete" or endpoint not in fuzz.rounds:
        fuzz.rounds[endpoint] = new_round(fuzz, with_naaste=True)
    round_id, topics = fuzz.rounds[endpoint]
    where = data.draw(st.sampled_from(["open"] * 12 + ["completed", "other team"] + ROUND_IDS), label="round")
    path_id = {"open": round_id, "completed": fuzz.world.first, "other team": fuzz.world.other_round}.get(where, where)
    # Mostly one thing wrong at a time, so a body gets past the first check to the later ones.
    spoiled = data.draw(st.lists(st.sampled_from(KEYS[endpoint]), max_size=3, unique=True), label="spoiled")
    body = {}
    for key in KEYS[endpoint]:
        if key not in spoiled:
            body[key] = data.draw(good(key, topics + [fuzz.other_topic], f"write-{next(fuzz.serial):08d}"), label=key)
        elif data.draw(st.booleans(), label=f"{key} wrong, not missing"):
            body[key] = data.draw(json_values, label=key)
    sent = data.draw(st.sampled_from(["json"] * 8 + ["twice", "text/plain", "raw"]), label="sent as")
    url = f"/api/rounds/{path_id}/{endpoint}"
    client = json_client(fuzz, who)
    before = snapshot(fuzz.app)
    if sent == "json":
        response = client.post(url, json=body)
    elif sent == "twice":
        # The same key twice: Python's parser keeps the last one.
        key = data.draw(st.sampled_from(KEYS[endpoint]), label="key twice")
        raw = json.dumps(body)[:-1] + (", " if body else "") + f'"{key}": {json.dumps(data.draw(json_values, label="again"))}}}'
        response = client.post(url, data=raw, content_type="application/json")
    elif sent == "text/plain":
        response = client.post(url, data=json.dumps(body), content_type="text/plain")
    else:
        response = client.post(url, data=data.draw(st.sampled_from(RAW_BODIES), label="raw"), content_type="application/json")
    after = snapshot(fuzz.app)
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    assert response.is_json, response.get_data(as_text=True)[:500]
    if response.status_code >= 400:
        assert response.json["error"]["message"], response.json
        assert after == before, f"a refusal ({response.status_code}) wrote {list(changed_rows(before, after))}"
    else:
        check_stored(before, after)
