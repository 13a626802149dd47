"""Open exports: the instrument as a FHIR Questionnaire, rounds as QuestionnaireResponses and as
CSV, for the professionals who may see them, and the anonymous case story; every export logged."""
import csv
import io
import json
import re
from datetime import date

import pytest
import sqlalchemy as sa
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tests import factories
from tests.conftest import confirm_password, login
from tests.forms import page_form
from tests.test_queries import sql_while_rendering
from wattelt import instrument
from wattelt.exports import fhir, story, table
from wattelt.extensions import db
from wattelt.models import AccessEvent, ChipState, GrantKind, Household, Member, Perspective, Round, User
from wattelt.plan.service import add_action
from wattelt.rounds.service import ChipChange, complete_round, place_chip

R, P, N = Perspective.RESIDENT, Perspective.PROFESSIONAL, Perspective.NAASTE
# What the round-trip round holds: (topic key, perspective) → a position, 'not_now' or 'not_placed'.
POSITIONS = {
    ("housing", R): 0, ("housing", P): 37, ("housing", N): 100,
    ("money", R): "not_now", ("money", P): "not_placed", ("money", N): 50,
    ("own:=Tuin", R): 37, ("own:=Tuin", P): "not_now", ("own:=Tuin", N): "not_placed",
    ("work", R): "not_placed", ("work", P): "not_placed", ("work", N): "not_placed",
}


def body(response) -> dict:
    return json.loads(response.get_data(as_text=True))


@pytest.fixture
def every_state(app, world):
    """A completed round of Marieke's with a naaste, every chip state and an own domain whose name
    a spreadsheet would take for a formula."""
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        round_ = factories.open_round(pro, db.session.get(Member, world.marieke), ["housing", "money", "work"],
                                      held_on=factories.TODAY, naaste=True, own=["=Tuin"])
        topics = {t.key if t.domain else f"own:{t.own_label}": t for t in round_.topics}
        for (key, perspective), value in POSITIONS.items():
            topic = topics[key]
            if value == "not_placed":
                continue
            state = ChipState.NOT_NOW if value == "not_now" else ChipState.PLACED
            place_chip(round_, ChipChange(topic.id, perspective, state, None if value == "not_now" else value), pro)
        complete_round(round_, allow_unplaced=True)
        db.session.commit()
        return round_.id


def test_the_questionnaire_is_valid_fhir_with_every_domain_and_the_three_states(app, client):
    response = client.get("/fhir/Questionnaire/wattelt-adult-1")
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    data = body(response)
    Questionnaire.model_validate(data)
    with app.app_context():
        definition = instrument.registry().get("adult", 1)
        assert [item["linkId"] for item in data["item"]] == [d.key for d in definition.domains] + [fhir.OWN]
    assert data["url"] == "http://localhost/fhir/Questionnaire/wattelt-adult-1" and data["version"] == "1"
    assert data["status"] == "active"  # fhir.resources does not check codes
    housing = data["item"][0]
    assert housing["text"] == "Wonen" and [i["linkId"] for i in housing["item"][:3]] == [
        "housing.resident", "housing.professional", "housing.naaste"]
    state, value = housing["item"][0]["item"]
    assert [o["valueCoding"]["code"] for o in state["answerOption"]] == ["placed", "not-now", "not-placed"]
    assert {e["valueInteger"] for e in value["extension"]} == {0, 100} and value["type"] == "integer"
    assert value["enableWhen"][0]["answerCoding"]["code"] == "placed"
    own = data["item"][-1]
    assert own["repeats"] is True and own["item"][0]["type"] == "string"
    assert client.get("/fhir/Questionnaire/wattelt-adult-99").status_code == 404


def test_the_canonical_base_is_configurable(app, client):
    app.config["EXPORT_FHIR_BASE"] = "https://wattelt.gemeente.example/fhir/"
    data = body(client.get("/fhir/Questionnaire/wattelt-youth-1"))
    assert data["url"] == "https://wattelt.gemeente.example/fhir/Questionnaire/wattelt-youth-1"


def test_a_round_round_trips_through_fhir_with_every_state_and_an_own_domain(app, exporter, world, every_state):
    response = exporter.get(f"/rounds/{every_state}/fhir.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = body(response)
    parsed = QuestionnaireResponse.model_validate(data)
    assert parsed.status == "completed" and data["questionnaire"].endswith("/Questionnaire/wattelt-adult-1")
    # Read back from the validated model, as a receiving system would.
    back = fhir.read_response(json.loads(parsed.model_dump_json(exclude_none=True)))
    assert back == {(key, perspective.value): value for (key, perspective), value in POSITIONS.items()}
    # The value item is there only when placed, so no gap can be read as a score.
    housing = next(i for i in data["item"] if i["linkId"] == "housing")
    money = next(i for i in data["item"] if i["linkId"] == "money")
    assert [len(g["item"]) for g in housing["item"][:3]] == [2, 2, 2]
    assert [len(g["item"]) for g in money["item"][:3]] == [1, 1, 2]
    assert data["subject"]["identifier"]["value"] == str(world.marieke)
    assert "Marieke" not in response.get_data(as_text=True), "the member is named by id only"
    # The day of the conversation, by which a case system files it, beside when it was completed.
    assert parsed.extension[0].url.endswith("/StructureDefinition/held-on")
    assert parsed.extension[0].valueDate.isoformat() == db_date(app, every_state)


def codings(item) -> list[dict]:
    """Every coding in a FHIR item tree: the answers' and the answer options'."""
    found = [v["valueCoding"] for key in ("answer", "answerOption") for v in item.get(key, []) if "valueCoding" in v]
    return found + [c for child in item.get("item", []) + [i for a in item.get("answer", []) for i in a.get("item", [])]
                    for c in codings(child)]


def test_every_state_code_resolves_in_the_code_system_served_at_its_address(app, exporter, every_state):
    """A receiving system (not signed in) follows the system address of a coded answer and finds
    what "not-now" means, in the language asked for, with the names in the other languages; no code
    is sent that the code system lacks."""
    client = app.test_client()
    response = exporter.get(f"/rounds/{every_state}/fhir.json")
    sent = [c for item in body(response)["item"] for c in codings(item)]
    sent += [c for item in body(client.get("/fhir/Questionnaire/wattelt-adult-1"))["item"] for c in codings(item)]
    assert {c["code"] for c in sent} == {"placed", "not-now", "not-placed"}
    (system,) = {c["system"] for c in sent}
    served = client.get(system.removeprefix("http://localhost"))  # the app's own address is the default base
    assert served.status_code == 200 and served.mimetype == "application/fhir+json"
    data = body(served)
    CodeSystem.model_validate(data)
    assert data["url"] == system and data["content"] == "complete" and data["count"] == 3
    concepts = {c["code"]: c for c in data["concept"]}
    assert all(concepts[c["code"]]["display"] == c["display"] for c in sent)
    assert concepts["not-now"]["definition"] == "De persoon wil hier nu niet over praten. Dat is ook een antwoord."
    assert served.headers["Content-Language"] == "nl" and "Accept-Language" in served.headers["Vary"]
    english_answer = exporter.get(f"/rounds/{every_state}/fhir.json", headers={"Accept-Language": "en"})
    sent_in_english = {c["code"]: c["display"] for item in body(english_answer)["item"] for c in codings(item)}
    assert sent_in_english["not-now"] == "not now"
    for code, display in sent_in_english.items():
        assert {"language": "en", "value": display} in concepts[code]["designation"], "the Dutch copy knows the English names"
    english_copy = client.get("/fhir/CodeSystem/chip-state", headers={"Accept-Language": "en"})
    english = body(english_copy)
    assert english_copy.headers["Content-Language"] == "en"
    assert english["language"] == "en" and english["title"] == "How a chip lies"
    assert {c["code"]: c["definition"] for c in english["concept"]}["not-placed"] == "No chip was placed from this perspective."
    assert {"language": "nl", "value": "niet nu"} in {c["code"]: c for c in english["concept"]}["not-now"]["designation"]


def test_the_member_bundle_holds_every_completed_round(app, exporter, world):
    data = body(exporter.get(f"/members/{world.marieke}/fhir.json"))
    Bundle.model_validate(data)
    assert data["type"] == "collection" and len(data["entry"]) == 2
    back = [fhir.read_response(entry["resource"]) for entry in data["entry"]]
    # The world's second round: housing 60/55, money 35 and 'not now' for the professional.
    assert back[1] == {("housing", "resident"): 60, ("housing", "professional"): 55,
                       ("money", "resident"): 35, ("money", "professional"): "not_now"}


def test_the_csv_has_a_row_per_round_domain_and_perspective_with_the_states_apart(app, exporter, world, every_state):
    response = exporter.get(f"/members/{world.marieke}/gesprekken.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw, "UTF-8 with BOM and CRLF, for Dutch Excel"
    found = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(found[0]) == table.COLUMNS
    assert [r["round_number"] for r in found] == ["1"] * 4 + ["2"] * 4 + ["3"] * 12
    third = {(r["domain_key"] or "own:" + r["domain_label"].lstrip("'"), r["perspective"]): r for r in found if r["round_number"] == "3"}
    for (key, perspective), wanted in POSITIONS.items():
        row = third[(key, perspective.value)]
        assert row["state"] == ("placed" if isinstance(wanted, int) else wanted), (key, perspective)
        assert row["value"] == (str(wanted) if isinstance(wanted, int) else ""), (key, perspective)
    own = next(r for r in found if r["own_domain"] == "yes")
    assert own["domain_label"] == "'=Tuin", "a text a spreadsheet would run as a formula is shown as text"
    assert found[0]["held_on"] == db_date(app, world.first) and found[0]["domain_label"] == "Wonen"


def db_date(app, round_id) -> str:
    with app.app_context():
        return db.session.get(Round, round_id).held_on.isoformat()


def test_every_export_is_logged_and_the_resident_sees_it(app, exporter, world, every_state):
    exporter.get(f"/members/{world.marieke}/gesprekken.csv")
    exporter.get(f"/rounds/{every_state}/fhir.json")
    with app.app_context():
        rows = db.session.execute(sa.select(AccessEvent.action, AccessEvent.verb, AccessEvent.object_kind, AccessEvent.endpoint)
                                  .where(AccessEvent.action == "file").order_by(AccessEvent.id)).all()
        assert rows == [("file", "round.export", "Member", "exports.member_csv"), ("file", "round.export", "Round", "exports.round_fhir")]
        resident = factories.invited(db.session.get(User, world.pro_a), db.session.get(Household, world.household),
                                     GrantKind.RESIDENT, member=db.session.get(Member, world.marieke)).login_name
    phone = app.test_client()
    login(phone, resident)
    page = phone.get(f"/mijn/inzage/{world.marieke}").get_data(as_text=True)
    assert "zette de gesprekken in een bestand voor het dossier" in page
    assert "zette een gesprek in een bestand voor het dossier" in page


def test_every_export_asks_for_the_password_first_and_logs_nothing_until_then(app, pro_a, world, every_state):
    """A tablet left signed in must not hand over a member's history: each export address asks for
    the password and comes back to the export page, where the files then download at once."""
    export_page = f"/members/{world.marieke}/exporteren"
    with app.app_context():
        logged = db.session.scalar(sa.select(sa.func.count()).select_from(AccessEvent))
    for url in (export_page, f"/members/{world.marieke}/gesprekken.csv", f"/members/{world.marieke}/fhir.json",
                f"/rounds/{every_state}/fhir.json"):
        asked = pro_a.get(url)
        assert asked.status_code == 302, url
        assert asked.headers["Location"] == f"/auth/bevestigen?next=/members/{world.marieke}/exporteren", url
    page = pro_a.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Je gaat gegevens uit de app halen of wissen. Typ daarom je wachtwoord nog een keer." in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessEvent)) == logged
    wrong = confirm_password(pro_a, password="niet-het-wachtwoord")
    assert wrong.status_code == 422 and "Dit is niet het goede wachtwoord." in wrong.get_data(as_text=True)
    assert pro_a.get(export_page).status_code == 302
    back = page_form(pro_a.get(asked.headers["Location"])).submit(pro_a, password=factories.PASSWORD)
    assert back.status_code == 302 and back.headers["Location"] == export_page
    assert "Maak het verhaal zonder namen" in pro_a.get(export_page).get_data(as_text=True)
    assert pro_a.get(f"/members/{world.marieke}/gesprekken.csv").mimetype == "text/csv"


def test_a_story_asked_after_the_confirmation_lapsed_asks_again_and_makes_nothing(app, exporter, world):
    form = page_form(exporter.get(f"/members/{world.marieke}/exporteren"), action=f"/members/{world.marieke}/verhaal")
    app.config["CONFIRM_MINUTES"] = -1
    asked = form.submit(exporter, consent=True)
    assert asked.status_code == 302 and asked.headers["Location"].startswith("/auth/bevestigen?next=")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessEvent).where(AccessEvent.action == "story")) == 0


def test_only_professionals_who_see_the_member_may_export(app, client, world):
    login(client, "b@example.org")
    for url in (f"/members/{world.marieke}/exporteren", f"/members/{world.marieke}/gesprekken.csv",
                f"/members/{world.marieke}/fhir.json", f"/rounds/{world.first}/fhir.json"):
        refused = client.get(url)
        assert refused.status_code == 404, url
        assert "Deze pagina bestaat niet, of je hebt er geen toegang toe." in refused.get_data(as_text=True)
    assert client.post(f"/members/{world.marieke}/verhaal", data={"consent": "y"}).status_code == 404
    with app.app_context():
        resident = factories.invited(db.session.get(User, world.pro_a), db.session.get(Household, world.household),
                                     GrantKind.RESIDENT, member=db.session.get(Member, world.marieke)).login_name
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessEvent).where(AccessEvent.action.in_(("file", "story")))) == 0
    phone = app.test_client()
    login(phone, resident)
    refused = phone.get(f"/members/{world.marieke}/gesprekken.csv")
    assert refused.status_code == 403 and "Je mag dit niet doen." in refused.get_data(as_text=True)
    assert "Exporteren" not in phone.get(f"/members/{world.marieke}/progress").get_data(as_text=True)


def test_the_household_and_progress_pages_link_to_the_exports(exporter, world):
    link = f'href="/members/{world.marieke}/exporteren"'
    assert link in exporter.get(f"/households/{world.household}").get_data(as_text=True)
    assert link in exporter.get(f"/members/{world.marieke}/progress").get_data(as_text=True)
    page = exporter.get(f"/members/{world.marieke}/exporteren").get_data(as_text=True)
    assert f"/rounds/{world.first}/fhir.json" in page and "/fhir/Questionnaire/wattelt-adult-1" in page


def test_the_story_needs_the_households_consent(app, exporter, world):
    form = page_form(exporter.get(f"/members/{world.marieke}/exporteren"), action=f"/members/{world.marieke}/verhaal")
    refused = form.submit(exporter)
    assert refused.status_code == 422
    assert "Vraag eerst het huishouden of het goed is." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessEvent).where(AccessEvent.action == "story")) == 0
    made = form.submit(exporter, consent=True)
    assert made.status_code == 200 and "Een verhaal zonder namen" in made.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalars(sa.select(AccessEvent).where(AccessEvent.action == "story")).one()
        assert (row.verb, row.object_kind, row.member_id) == ("story.export", "Member", world.marieke)


def test_the_story_holds_no_name_date_or_birth_year(app, exporter, world):
    with app.app_context():
        goal = db.session.get(Member, world.marieke).household
        marieke = db.session.get(Member, world.marieke)
        words = factories.goal(goal, marieke, "housing", text="Met Kevin en buurman Kees naar de markt, zonder familie Test")
        add_action(words, "Marieke belt Kees", factories.ActionOwner.RESIDENT, None, factories.TODAY)
        db.session.commit()
        names = {m.name for m in db.session.scalars(sa.select(Member))} | {h.name for h in db.session.scalars(sa.select(Household))}
        names |= {u.name for u in db.session.scalars(sa.select(User)) if len(u.name) >= 3}
        rounds = db.session.scalars(sa.select(Round).where(Round.member_id == world.marieke)).all()
        dates = {r.held_on for r in rounds} | {r.completed_at.date() for r in rounds}
        birth_year = str(marieke.birth_year)
    form = page_form(exporter.get(f"/members/{world.marieke}/exporteren"), action=f"/members/{world.marieke}/verhaal")
    page = form.submit(exporter, consent=True).get_data(as_text=True)
    story_text = page.split('<main', 1)[1].split("</main>", 1)[0]
    for name in names:
        for part in re.findall(r"\w+", name):
            if part.casefold() not in story.NOT_A_NAME and len(part) >= 3:
                assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", story_text, re.IGNORECASE), part
    for day in dates:
        for shown in (day.isoformat(), day.strftime("%d-%m-%Y"), f"{day.day}-{day.month}-{day.year}", day.strftime("%d-%m-%y")):
            assert shown not in story_text, shown
    assert birth_year not in story_text
    assert "Met [naam] en [naam] naar de markt, zonder [naam]" in story_text
    assert "[naam] belt [naam]" in story_text
    assert str(story.age_band(1984, date.today())) in story_text
    assert "<li>Gesprek 1</li><li>Gesprek 2: in dezelfde maand als gesprek 1</li>" in story_text, "a week apart"
    assert story_text.count("<table") == 3, "the overlay and each round, each chart with its table"


def test_age_bands_and_months():
    assert str(story.age_band(1984, date(2026, 11, 22))) == "40 tot 55 jaar"
    assert str(story.age_band(2015, date(2026, 11, 22))) == "jonger dan 12 jaar"
    assert str(story.age_band(2014, date(2026, 11, 22))) == "12 tot 18 jaar"
    assert str(story.age_band(None, date(2026, 11, 22))) == "leeftijd niet bekend"
    assert story.months_between(date(2026, 1, 1), date(2026, 4, 1)) == 3
    assert story.months_between(date(2026, 1, 1), date(2026, 1, 10)) == 0


def test_names_are_found_as_whole_words_in_any_case():
    pattern = story.name_pattern(["Familie Jansen", "Marieke Jansen", "Buurman Kees", None, "a"])
    assert story.without_names("marieke jansen en KEES; Keesje blijft", pattern) == "[naam] en [naam]; Keesje blijft"
    assert story.without_names({"a": ["Jansen", 3]}, pattern) == {"a": ["[naam]", 3]}
    assert story.name_pattern([None, ""]) is None


def test_the_story_template_runs_no_query(app, exporter, world):
    form = page_form(exporter.get(f"/members/{world.marieke}/exporteren"), action=f"/members/{world.marieke}/verhaal")
    with sql_while_rendering(app) as during:
        assert form.submit(exporter, consent=True).status_code == 200
        assert form.submit(exporter).status_code == 422
    assert during == []


def test_a_story_without_completed_rounds_says_so(exporter, world):
    form = page_form(exporter.get(f"/members/{world.kevin}/exporteren"), action=f"/members/{world.kevin}/verhaal")
    page = form.submit(exporter, consent=True).get_data(as_text=True)
    assert "Er is nog geen afgerond gesprek." in page and "<figure" not in page
    assert str(story.age_band(2011, date.today())) in page, "Kevin, born 2011, by his age band"
