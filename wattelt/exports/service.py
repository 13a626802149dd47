"""Open exports: the queries and words around the pure builders (fhir.py, table.py, story.py).

Who may export is the policy's question, asked by the routes (round.export, story.export); every
export leaves an access-log row through it, in the transaction of the request.

The case story shows the progress page's charts, so it reads progress's builders: like progress,
this package is a leaf that nothing imports.
"""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from flask import current_app, request
from flask_babel import force_locale, get_locale, gettext as _, lazy_gettext as _l, ngettext

from wattelt import charts, instrument, policy
from wattelt.exports import fhir, story, table
from wattelt.extensions import db
from wattelt.models import Goal, Grant, Invitation, Member, Perspective, Round, User
from wattelt.models.types import utcnow
from wattelt.names import ACTION_OWNER_NAMES, GOAL_STATUS_NAMES, NOT_NOW, NOT_PLACED, PERSPECTIVE_NAMES, board_name
from wattelt.plan.service import goal_label
from wattelt.progress.service import Chart, ScoreTable, domain_labels, open_goal_positions, round_chart, scores_of
from wattelt.rounds.scores import cell
from wattelt.rounds.service import Placed, board_topics, placed_in, rounds_of

ITEM_WORDS = {
    "state": _l("Hoe ligt de fiche?"),
    "value": _l("Plek op de lijn (0 is niet tevreden, 100 is heel tevreden)"),
    "talk": _l("Ik wil hierover praten"),
    "well": _l("Wat gaat goed?"),
    "better": _l("Wat kan beter?"),
    "own": _l("Eigen onderwerp"),
    "own_label": _l("Het onderwerp in eigen woorden"),
    "publisher": _l("Wat telt"),
    "states_title": _l("Hoe een fiche ligt"),
}
STATE_WORDS = {fhir.PLACED: _l("gelegd"), fhir.NOT_NOW: NOT_NOW, fhir.NOT_PLACED: NOT_PLACED}
STATE_DEFINITIONS = {
    fhir.PLACED: _l("Er ligt een fiche op de lijn. De plek staat in de waarde, van 0 tot 100."),
    fhir.NOT_NOW: _l("De persoon wil hier nu niet over praten. Dat is ook een antwoord."),
    fhir.NOT_PLACED: _l("Vanuit dit perspectief is geen fiche gelegd."),
}


def fhir_base() -> str:
    """EXPORT_FHIR_BASE if set, else this app's own address: the Questionnaire is served there."""
    configured = current_app.config.get("EXPORT_FHIR_BASE") or ""
    return (configured or request.url_root.rstrip("/") + "/fhir").rstrip("/")


def _words() -> dict:
    words = {key: str(text) for key, text in ITEM_WORDS.items()}
    words.update({state: str(text) for state, text in STATE_WORDS.items()})
    words.update({f"{state}.definition": str(text) for state, text in STATE_DEFINITIONS.items()})
    words.update({p: str(PERSPECTIVE_NAMES[p]) for p in Perspective})
    return words


def find_questionnaire(ident: str):
    """The instrument version a Questionnaire id names ("wattelt-adult-1"), or None."""
    return next((d for d in instrument.registry().all() if fhir.questionnaire_id(d) == ident), None)


def questionnaire(definition, locale: str) -> dict:
    return fhir.questionnaire(definition, locale, fhir_base(), _words())


def state_code_system(locale: str) -> dict:
    """In the reader's language, with the states' names in every other language the app speaks, so a
    terminology server that fetched one copy accepts the displays of answers sent in another."""
    elsewhere = {}
    for language in current_app.config["LANGUAGES"]:
        if language != locale:
            with force_locale(language):
                elsewhere[language] = {state: str(text) for state, text in STATE_WORDS.items()}
    return fhir.state_code_system(locale, fhir_base(), _words(), elsewhere)


def _labels(round_: Round, locale: str) -> dict[int, str]:
    return {view.topic.id: view.label for view in board_topics(round_, locale)}


def round_response(round_: Round, locale: str) -> dict:
    return fhir.response(round_, instrument.of_round(round_), fhir_base(), _labels(round_, locale), _words())


def member_bundle(user: User, member: Member, locale: str) -> dict:
    responses = [round_response(r, locale) for r in rounds_of(user, member, completed_only=True)]
    return fhir.bundle(responses, fhir_base(), member.id, utcnow())


def member_csv(user: User, member: Member, locale: str) -> str:
    rounds = rounds_of(user, member, completed_only=True)
    labels = {ident: label for r in rounds for ident, label in _labels(r, locale).items()}
    return table.to_csv(table.rows(rounds, labels))


def completed_rounds(user: User, member: Member) -> list[Round]:
    return rounds_of(user, member, completed_only=True)


def questionnaires_of(rounds: list[Round]) -> list[tuple[str, str]]:
    """(Questionnaire id, board name) of each instrument version these rounds used."""
    found = {}
    for round_ in rounds:
        definition = instrument.of_round(round_)
        found.setdefault(fhir.questionnaire_id(definition), f"{definition.title(str(get_locale()))} ({definition.version})")
    return sorted(found.items())


# --- the anonymous case story ----------------------------------------------------------------------

@dataclass(frozen=True)
class StoryRound:
    name: str
    after: str | None  # how long after the round before, in months
    chart: Chart


@dataclass(frozen=True)
class StoryGoal:
    domain: str
    text: str
    status: str
    actions: list[tuple[str, str, bool]]  # what, who (a kind of helper, never a name), done


@dataclass(frozen=True)
class Story:
    age: str
    board: str
    rounds: list[StoryRound]
    overlay: Chart | None
    goals: list[StoryGoal]


def known_names(member: Member) -> list[str]:
    """Every name the app holds around this member: the household, its members and contact, the
    people it gave access or invited, and the professionals of its team."""
    household = member.household
    names = [household.name, household.contact_informal, *(m.name for m in household.members)]
    if household.contact_user is not None:
        names.append(household.contact_user.name)
    names += db.session.scalars(sa.select(User.name).join(Grant, Grant.user_id == User.id).where(Grant.household_id == household.id))
    names += db.session.scalars(sa.select(Invitation.label).where(Invitation.household_id == household.id))
    names += db.session.scalars(sa.select(User.name).where(User.team_id == household.team_id))
    return names


def case_story(user: User, member: Member, locale: str, today: date) -> Story:
    rounds = rounds_of(user, member, completed_only=True, positions_only=True)
    placed = placed_in(rounds)
    names = [_("Gesprek %(n)s", n=i) for i in range(1, len(rounds) + 1)]
    story_rounds = []
    for i, round_ in enumerate(rounds):
        after = None
        if i:
            months = story.months_between(rounds[i - 1].held_on, round_.held_on)
            after = ngettext(
                "ongeveer %(num)s maand na gesprek %(before)s", "ongeveer %(num)s maanden na gesprek %(before)s", months, before=i,
            ) if months else _("in dezelfde maand als gesprek %(before)s", before=i)
        story_rounds.append(StoryRound(names[i], after, round_chart(round_, placed[round_.id], names[i], locale)))
    goals = db.session.scalars(
        policy.scope(user, Goal).where(Goal.member_id == member.id).order_by(Goal.id)
        .options(selectinload(Goal.actions), selectinload(Goal.member))
    )
    story_goals = [
        StoryGoal(goal_label(goal, locale), goal.text, str(GOAL_STATUS_NAMES[goal.status]),
                  [(a.what, str(ACTION_OWNER_NAMES[a.who]), a.done) for a in goal.actions])
        for goal in goals
    ]
    definition = instrument.of_round(rounds[-1]) if rounds else None
    found = Story(
        age=str(story.age_band(member.birth_year, today)),
        board=board_name(definition, "", locale),
        rounds=story_rounds,
        overlay=_overlay(rounds, placed, names, locale, open_goal_positions(user, member)) if rounds else None,
        goals=story_goals,
    )
    return story.without_names(found, story.name_pattern(known_names(member)))


def _overlay(rounds: list[Round], placed: dict[int, list[Placed]], names: list[str], locale: str, hoped: dict[str, int]) -> Chart:
    """Every round over each other, as the resident saw them, with the hoped-for positions."""
    domains = domain_labels(rounds, locale, placed)
    scores = [scores_of(r, placed[r.id]) for r in rounds]
    goal_name = _("Gehoopte plek (open doel)")
    title = _("Alle gesprekken over elkaar: %(who)s", who=PERSPECTIVE_NAMES[Perspective.RESIDENT])
    series = [(name, [s.get(key, {}).get(Perspective.RESIDENT) for key, _label in domains]) for name, s in zip(names, scores)]
    rows = [(label, [cell(s.get(key), Perspective.RESIDENT) for s in scores] + [hoped.get(key, "")]) for key, label in domains]
    return Chart(
        figure=charts.rounds_radar(
            [label for _key, label in domains], series, title,
            (goal_name, [hoped.get(key) for key, _label in domains]) if hoped else None,
        ),
        table=ScoreTable(caption=title, columns=names + [goal_name], rows=rows),
        summary=ngettext(
            "Grafiek van %(num)s gesprek, zoals de bewoner het zag. Sterren tonen de gehoopte plek van open doelen. De tabel eronder toont dezelfde getallen.",
            "Grafiek met %(num)s gesprekken over elkaar, zoals de bewoner ze zag. Sterren tonen de gehoopte plek van open doelen. De tabel eronder toont dezelfde getallen.",
            len(rounds),
        ),
    )
