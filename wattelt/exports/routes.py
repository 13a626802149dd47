"""Open exports for professionals who may see a member's rounds: FHIR and CSV files for a
case-management system, and the anonymous case story. The Questionnaire (the instrument itself)
holds no household data and is public, so its canonical address can be opened by anyone; so is the
code system of the chip states that every answer names."""
import json
from datetime import date

from flask import Blueprint, Response, abort, make_response, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from wattelt import policy
from wattelt.auth import sessions
from wattelt.auth.guard import signed_in_only
from wattelt.exports import fhir, service
from wattelt.exports.forms import StoryForm
from wattelt.formtools import render_form
from wattelt.models import Member, Round

bp = signed_in_only(Blueprint("exports", __name__))
# The instrument and the chip states as FHIR: no household data, so no sign-in; their canonical
# addresses open for anyone.
public = Blueprint("fhir", __name__, url_prefix="/fhir")
FHIR_JSON = "application/fhir+json"


def _file(body: str, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store",
    })


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _public(data: dict) -> Response:
    """A public resource in the reader's language (their choice or their browser's): a shared cache
    must keep one copy per language and ask again before reuse, as the texts change with a release."""
    return Response(_json(data), mimetype=FHIR_JSON, headers={
        "Content-Language": data["language"], "Vary": "Accept-Language, Cookie", "Cache-Control": "no-cache",
    })


def _unconfirmed(member_id: int) -> Response | None:
    """A member's whole history leaves the app here: as with a resident's own data, the person types
    their password again first, so a tablet left signed in cannot hand it over. Asked after the
    policy, so someone who may not export learns nothing, and back to the export page afterwards,
    where a file link works at once (a redirect to the file would leave the password page on screen)."""
    return None if sessions.confirmed_recently() else sessions.ask_to_confirm(url_for("exports.member", member_id=member_id))


def _member_page(member: Member, form: StoryForm):
    rounds = service.completed_rounds(current_user, member)
    return render_form("exports/member.html", form, member=member, rounds=rounds, questionnaires=service.questionnaires_of(rounds))


@public.route("/Questionnaire/<questionnaire_id>")
@policy.public
def questionnaire(questionnaire_id: str):
    definition = service.find_questionnaire(questionnaire_id)
    if definition is None:
        abort(404)
    return _public(service.questionnaire(definition, str(get_locale())))


@public.route(f"/CodeSystem/{fhir.STATE_SYSTEM_ID}")
@policy.public
def state_code_system():
    return _public(service.state_code_system(str(get_locale())))


@bp.route("/members/<int:member_id>/exporteren")
def member(member_id: int):
    """What can be taken out of the app for this member; a look at their rounds, so logged as one."""
    member = policy.load(current_user, "progress.view", Member, member_id)
    policy.require(current_user, "round.export", member)
    return _unconfirmed(member.id) or _member_page(member, StoryForm(formdata=None))


@bp.route("/members/<int:member_id>/gesprekken.csv")
def member_csv(member_id: int):
    member = policy.load(current_user, "round.export", Member, member_id)
    return _unconfirmed(member.id) or _file(service.member_csv(current_user, member, str(get_locale())), "text/csv", f"wattelt-gesprekken-{member.id}.csv")


@bp.route("/members/<int:member_id>/fhir.json")
def member_fhir(member_id: int):
    member = policy.load(current_user, "round.export", Member, member_id)
    return _unconfirmed(member.id) or _file(_json(service.member_bundle(current_user, member, str(get_locale()))), FHIR_JSON, f"wattelt-gesprekken-{member.id}.fhir.json")


@bp.route("/rounds/<int:round_id>/fhir.json")
def round_fhir(round_id: int):
    round_ = policy.load(current_user, "round.export", Round, round_id)
    return _unconfirmed(round_.member_id) or _file(_json(service.round_response(round_, str(get_locale()))), FHIR_JSON, f"wattelt-gesprek-{round_.id}.fhir.json")


@bp.route("/members/<int:member_id>/verhaal", methods=["POST"])
def story(member_id: int):
    """The story, made only with the household's consent ticked; a refused form rolls back the
    access-log row, so the log holds a story only where consent was given."""
    member = policy.load(current_user, "story.export", Member, member_id)
    if asked := _unconfirmed(member.id):
        return asked
    form = StoryForm()
    if not form.validate_on_submit():
        return _member_page(member, form)
    found = service.case_story(current_user, member, str(get_locale()), date.today())
    response = make_response(render_template("exports/story.html", story=found))
    response.headers["Cache-Control"] = "no-store"
    return response
