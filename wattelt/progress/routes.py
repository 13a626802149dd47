from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from wattelt import access
from wattelt.auth.guard import signed_in_only
from wattelt.models import Perspective
from wattelt.progress.service import PERSPECTIVE_NAMES, member_progress

bp = signed_in_only(Blueprint("progress", __name__))


@bp.route("/members/<int:member_id>/progress")
def member(member_id: int):
    member = access.member_or_404(current_user, member_id)
    picked = [int(v) for v in request.args.getlist("rounds") if v.isdigit()]
    perspective = next((p for p in Perspective if p.value == request.args.get("perspective")), Perspective.RESIDENT)
    progress = member_progress(member, str(get_locale()), picked, perspective, request.args.get("domain"))
    return render_template(
        "progress/member.html", member=member, progress=progress, perspective_names=PERSPECTIVE_NAMES,
        perspectives=list(Perspective),
    )
