"""Rounds through the JSON door: the same operations as the board form, one change at a time.

Every write carries a client-made id ("id") and may carry the device's time of the change ("at");
see jsondoor.py. Errors are JSON with a message in the user's language.
"""
from flask import Blueprint, jsonify
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wattelt import policy
from wattelt.auth.guard import signed_in_only
from wattelt.errors import InvalidInput
from wattelt.jsondoor import Body, idempotent
from wattelt.models import ChipState, Perspective, Round
from wattelt.rounds import service

bp = signed_in_only(Blueprint("rounds_api", __name__, url_prefix="/api"))


@bp.get("/rounds/<int:round_id>")
def show(round_id: int):
    round_ = policy.load(current_user, "round.view", Round, round_id)
    rights = service.board_rights(current_user, round_)
    return jsonify(
        id=round_.id,
        completed=round_.completed,
        perspectives=[p.value for p in rights.perspectives],
        topics=[service.topic_state(t, rights.perspectives, rights.notes) for t in round_.topics],
        unplaced=service.unplaced(round_),
    )


@bp.post("/rounds/<int:round_id>/chips")
def place_chip(round_id: int):
    """{"id", "topic", "perspective", "state": "placed" | "not_now" | "not_placed", "value" (placed only), "at"}"""
    # Whether they may place any chip here is asked before the body is read, so who may only look
    # is refused as such and not told what a chip needs; the perspective narrows it afterwards.
    round_ = policy.load(current_user, "chip.place", Round, round_id)
    body = Body.from_request()
    perspective = body.choice("perspective", Perspective)
    # Asked before a repeat is answered from its receipt, so a right taken away counts at once.
    policy.require(current_user, "chip.place", round_, perspective=perspective)

    def operation():
        state = body.choice("state", ChipState)
        value = body.integer("value") if state is ChipState.PLACED else None
        change = service.ChipChange(body.integer("topic"), perspective, state, value)
        return _outcome(service.place_chip(round_, change, current_user, body.moment("at")), round_), 200

    return idempotent(current_user, body, operation, round_.id)


@bp.post("/rounds/<int:round_id>/flags")
def set_flag(round_id: int):
    """{"id", "topic", "wants_to_talk": true | false, "at"}"""
    round_ = policy.load(current_user, "round.edit", Round, round_id)
    body = Body.from_request()
    return idempotent(current_user, body, lambda: (_outcome(service.set_flag(
        round_, body.integer("topic"), body.boolean("wants_to_talk"), body.moment("at")
    ), round_), 200), round_.id)


@bp.post("/rounds/<int:round_id>/notes")
def set_notes(round_id: int):
    """{"id", "topic", "note_well", "note_better", "at"}: a note left out stays as it is; null empties it."""
    round_ = policy.load(current_user, "round.edit", Round, round_id)
    body = Body.from_request()

    def operation():
        notes = {which: body.text(f"note_{which}") for which in ("well", "better") if body.has(f"note_{which}")}
        if not notes:
            raise InvalidInput(_l("Stuur 'note_well', 'note_better' of allebei."), field="note_well")
        return _outcome(service.set_notes(round_, body.integer("topic"), notes, body.moment("at")), round_), 200

    return idempotent(current_user, body, operation, round_.id)


@bp.post("/rounds/<int:round_id>/complete")
def complete(round_id: int):
    """{"id", "allow_unplaced": false}: answers 409 with the number of unplaced chips unless allowed."""
    round_ = policy.load(current_user, "round.complete", Round, round_id)
    body = Body.from_request()

    def operation():
        service.complete_round(round_, allow_unplaced=body.boolean("allow_unplaced", default=False))
        return {"id": round_.id, "completed": True}, 200

    return idempotent(current_user, body, operation, round_.id)


def _outcome(outcome: service.Outcome, round_: Round) -> dict:
    """What became of a change, with the domain as this person may see it."""
    rights = service.board_rights(current_user, round_)
    topic = service.topic_state(outcome.topic, rights.perspectives, rights.notes)
    return {"applied": outcome.applied, "topic": topic, "unplaced": service.unplaced(round_)}
