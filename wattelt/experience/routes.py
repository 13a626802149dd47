"""The three questions after a round: offered on the round's result (a resident on their own phone)
or on the tablet handed to the resident, and sent to one address that names no round."""
from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from wattelt import policy
from wattelt.auth import sessions
from wattelt.errors import InvalidInput
from wattelt.experience import service
from wattelt.experience.forms import ExperienceForm, HandOverForm
from wattelt.formtools import show_error
from wattelt.models import Round

bp = Blueprint("experience", __name__)


@dataclass(frozen=True)
class Questions:
    form: ExperienceForm
    group_size: int  # the answers count only in groups at least this large


def questions(user, round_: Round) -> Questions | None:
    """The form for this round's resident, with a fresh token; None for anyone else."""
    if not service.offered(user, round_):
        return None
    form = ExperienceForm(formdata=None)
    form.token.data = service.form_token(round_)
    return Questions(form, service.group_size(round_))


def hand_over_form(user, round_: Round) -> HandOverForm | None:
    """For the professional at the table: hand the tablet over for the questions."""
    if not round_.completed or sessions.locked_round() is not None or not policy.can(user, "round.lead", round_):
        return None
    return HandOverForm()


def tablet_page(round_: Round):
    """What a tablet locked to a completed round shows: the questions, for the resident."""
    asked = questions(current_user, round_)
    if asked is None:
        return render_template("experience/thanks.html", stored=None)
    return render_template("experience/page.html", questions=asked)


@bp.route("/rounds/<int:round_id>/ervaring", methods=["POST"])
@login_required
def hand_over(round_id: int):
    """The kitchen-table lock once more, after the round is completed: only the questions are open,
    until the professional unlocks the tablet with their secret."""
    round_ = policy.load(current_user, "round.lead", Round, round_id)
    if round_.completed and HandOverForm().validate_on_submit():
        sessions.lock(round_.id)
    return redirect(url_for("rounds.board", round_id=round_.id))


@bp.route("/ervaring", methods=["POST"])
@policy.public
def give():
    """Store the answers of one form. It names no round and shows nothing of a household: the
    signed token is what lets it count, so it needs no policy decision (and makes no access-log
    row), and it still counts when the session ended while the resident was typing."""
    form = ExperienceForm()
    if form.is_submitted() and form.skip.data:
        return _done(stored=False)
    try:
        # The token first: a forged, old or used form gets its message and no form to try again.
        ticket = service.read_token(form.token.data)
    except InvalidInput as error:
        return render_template("experience/unusable.html", message=error.message), error.status
    if form.validate_on_submit():
        try:
            answers = {name: service.answer(getattr(form, name).data, name) for name in service.QUESTIONS}
            stored = service.give(ticket, answers, form.signal.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            return _done(stored)
    return render_template("experience/page.html", questions=Questions(form, service.group_size_of_team(ticket.team_id))), 422


def _done(stored: bool):
    """To the page that says what happened, so reloading it sends nothing again (and a resident
    does not meet 'this form was already sent' for pressing reload)."""
    return redirect(url_for("experience.done", bewaard=int(stored)), 303)


@bp.route("/ervaring/klaar")
@policy.public
def done():
    return render_template("experience/thanks.html", stored={"1": True, "0": False}.get(request.args.get("bewaard")))
