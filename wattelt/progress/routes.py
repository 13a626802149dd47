"""Progress pages: one completed round's result, and a member's rounds compared."""
import re

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from wattelt import policy
from wattelt.auth.guard import signed_in_only
from wattelt.experience.routes import hand_over_form, questions
from wattelt.models import Member, Perspective, Round
from wattelt.names import PERSPECTIVE_NAMES
from wattelt.progress.service import member_progress, round_result
from wattelt.rounds.service import WITH_POSITIONS

bp = signed_in_only(Blueprint("progress", __name__))
ROUND_ID = re.compile(r"^[0-9]{1,12}$")


@bp.route("/rounds/<int:round_id>/result")
def result(round_id: int):
    round_ = policy.load(current_user, "round.view", Round, round_id, *WITH_POSITIONS)
    if not round_.completed:
        return redirect(url_for("rounds.board", round_id=round_.id))
    return render_template(
        "progress/round.html", round=round_, result=round_result(current_user, round_, str(get_locale())),
        questions=questions(current_user, round_), hand_over=hand_over_form(current_user, round_),
    )


@bp.route("/members/<int:member_id>/progress")
def member(member_id: int):
    member = policy.load(current_user, "progress.view", Member, member_id)
    # Only plain digits: a '²' passes str.isdigit() but is no round id.
    picked = [int(v) for v in request.args.getlist("rounds") if ROUND_ID.match(v)]
    perspective = next((p for p in Perspective if p.value == request.args.get("perspective")), Perspective.RESIDENT)
    progress = member_progress(current_user, member, str(get_locale()), picked, perspective, request.args.get("domain"))
    return render_template(
        "progress/member.html", member=member, progress=progress, perspective_names=PERSPECTIVE_NAMES,
        perspectives=list(Perspective),
    )
