"""Residents' experience: three short questions at the end of a round, and a signal or complaint.

Answers must never lead back to a person. So the form does not name the round: it carries a signed
token with only the team, the month and a random number (the nonce), and is sent to an address
without an id (POST /ervaring). What is stored is the team, the month, the answers and the signal,
under a random id (wattelt.models.experience); a digest of the nonce is kept on its own so one form
counts once. Nothing else is written: no access-log row, nothing in the session, no log line, no
mark on the round. A form skipped, or sent without any answer, writes nothing at all.
"""
import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from wattelt import policy, text
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.models import Experience, ExperienceAnswer, ExperienceFormUsed, Organisation, Round, Team
from wattelt.security import secret_digest

# Its own salt: a token made for anything else with the same secret key is no experience form.
SALT = "wattelt.experience.form"
SIGNAL_LENGTH = 1000
QUESTIONS = ("taken_seriously", "fits_wishes", "fits_needs")

FORM_UNUSABLE = _l("Dit formulier kunnen we niet lezen. Er is niets bewaard. Open het gesprek opnieuw om de vragen te beantwoorden.")
FORM_EXPIRED = _l("Dit formulier is te oud. Er is niets bewaard. Open het gesprek opnieuw om de vragen te beantwoorden.")
FORM_USED = _l("Dit formulier is al verstuurd. Je antwoorden tellen één keer mee.")


def offered(user, round_: Round) -> bool:
    """Whether this person is asked the questions about this round: the resident whose completed
    round it is, on their own phone or on the tablet handed to them."""
    return round_.completed and policy.can(user, "experience.give", round_)


def form_token(round_: Round) -> str:
    """A token for one form: the household's team, the month the round ended in, a random number.
    It names no round, household or person, and the form is sent to an address that names none."""
    ended = round_.completed_at.date()
    payload = {"team": round_.member.household.team_id, "month": f"{ended:%Y-%m}", "nonce": secrets.token_urlsafe(16)}
    return _serializer().dumps(payload)


def group_size(round_: Round) -> int:
    """The smallest group the answers are shown in (the organisation's setting for team figures)."""
    return round_.member.household.team.organisation.min_group_size


def group_size_of_team(team_id: int) -> int:
    return db.session.get(Team, team_id).organisation.min_group_size


@dataclass(frozen=True)
class FormTicket:
    team_id: int
    month: date
    nonce: str


def read_token(token: str | None) -> FormTicket:
    """The team, month and nonce of a form; a clear message for a forged, old or used one."""
    try:
        payload = _serializer().loads(token or "", max_age=current_app.config["EXPERIENCE_FORM_MINUTES"] * 60)
        ticket = FormTicket(int(payload["team"]), date.fromisoformat(payload["month"] + "-01"), str(payload["nonce"]))
    except SignatureExpired:
        raise InvalidInput(FORM_EXPIRED) from None
    except (BadSignature, KeyError, TypeError, ValueError):
        raise InvalidInput(FORM_UNUSABLE) from None
    if db.session.get(ExperienceFormUsed, _digest(ticket.nonce)) is not None:
        raise InvalidInput(FORM_USED)
    if db.session.get(Team, ticket.team_id) is None:
        raise InvalidInput(FORM_UNUSABLE)  # the team was removed since: nothing to count the answer with
    return ticket


def answer(value: str | None, field: str) -> ExperienceAnswer | None:
    """One of the three answers, or none (a question may be left open)."""
    if not value:
        return None
    try:
        return ExperienceAnswer(value)
    except ValueError:
        raise InvalidInput(_l("Kies een van de antwoorden, of laat de vraag open."), field=field) from None


def give(ticket: FormTicket, answers: dict[str, ExperienceAnswer | None], signal: str | None) -> bool:
    """Store the answers of one form; whether anything was stored. A form without any answer or
    signal is the same as skipping: nothing is written, not even that the form was used."""
    signal = text.clean(signal, field="signal", multiline=True, max_length=SIGNAL_LENGTH)
    if signal is None and not any(answers.get(q) for q in QUESTIONS):
        return False
    db.session.add(ExperienceFormUsed(digest=_digest(ticket.nonce)))
    db.session.add(Experience(team_id=ticket.team_id, month=ticket.month, signal=signal, **{q: answers.get(q) for q in QUESTIONS}))
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        # The same form sent twice at the same moment: the first counts.
        db.session.rollback()
        raise InvalidInput(FORM_USED) from None
    return True


@dataclass(frozen=True)
class TeamSignals:
    organisation: str
    team: str
    texts: list[str]


@dataclass(frozen=True)
class MonthSignals:
    month: date
    teams: list[TeamSignals]


def signals() -> list[MonthSignals]:
    """Every signal or complaint by month (newest first) and team; nothing else of the answer.
    Within a team and month the order is that of the random ids, so it says nothing about time."""
    rows = db.session.execute(
        sa.select(Experience.month, Organisation.name, Team.name, Experience.signal)
        .join(Team, Experience.team_id == Team.id).join(Organisation, Team.organisation_id == Organisation.id)
        .where(Experience.signal.is_not(None))
        .order_by(Experience.month.desc(), Organisation.name, Team.name, Team.id, Experience.id)
    )
    months: list[MonthSignals] = []
    for month, organisation, team, signal in rows:
        if not months or months[-1].month != month:
            months.append(MonthSignals(month, []))
        teams = months[-1].teams
        if not teams or (teams[-1].organisation, teams[-1].team) != (organisation, team):
            teams.append(TeamSignals(organisation, team, []))
        teams[-1].texts.append(signal)
    return months


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _digest(nonce: str) -> str:
    return secret_digest(SALT + nonce)
