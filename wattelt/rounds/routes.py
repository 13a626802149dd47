"""Rounds through HTML forms: start a conversation, the board, and completing it."""
from datetime import date

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from wattelt import instrument, policy
from wattelt.auth import sessions
from wattelt.auth.guard import signed_in_only
from wattelt.errors import InvalidInput
from wattelt.experience.routes import tablet_page
from wattelt.formtools import choices, render_form, show_error
from wattelt.households.service import board_for
from wattelt.models import Member, Round
from wattelt.names import PERSPECTIVE_NAMES, scale_words
from wattelt.rounds import service
from wattelt.rounds.board import script_data
from wattelt.rounds.forms import CompleteForm, LockForm, RoundStartForm, TogetherForm, board_form, chip_fields, entries

bp = signed_in_only(Blueprint("rounds", __name__))


@bp.route("/members/<int:member_id>/rounds/new", methods=["GET", "POST"])
def start(member_id: int):
    member = policy.load(current_user, "round.start", Member, member_id)
    # A professional leads a conversation at the table; a resident on their own fills in only their own chips.
    leads = policy.can(current_user, "round.lead", member)
    locale, today = str(get_locale()), date.today()
    # The board is chosen together among those the organisation offers, by a link per board (so it
    # works without script); the form carries the choice. The member's birth year suggests one.
    offered = service.instrument_choices(member)
    suggested = service.default_instrument(member, offered, today)
    form = RoundStartForm()
    asked = form.instrument.data if form.is_submitted() else request.args.get("bord")
    definition = next((d for d in offered if d.key == asked), suggested)
    if not form.is_submitted():
        form.instrument.data = definition.key
    form.domains.choices = choices((d.key, d.text("label", locale)) for d in definition.domains)
    if form.validate_on_submit():
        try:
            round_ = service.start_round(
                current_user, member, form.held_on.data, form.domains.data, form.own_domains.data, today=today,
                with_professional=leads and form.with_professional.data, with_naaste=leads and form.with_naaste.data,
                instrument_key=form.instrument.data or None,
            )
        except InvalidInput as error:
            show_error(form, error)
        else:
            return redirect(url_for("rounds.board", round_id=round_.id))
    return render_form(
        "rounds/start.html", form, member=member, leads=leads, questions={d.key: d.text("question", locale) for d in definition.domains},
        boards=[(d, d.key == definition.key, d.key == board_for(member.birth_year, today)) for d in offered],
    )


@bp.route("/rounds/<int:round_id>", methods=["GET", "POST"])
def board(round_id: int):
    round_ = policy.load(current_user, "round.view", Round, round_id, *service.WITH_POSITIONS)
    if round_.completed:
        return _closed(round_)
    locale = str(get_locale())
    views = service.board_topics(round_, locale)
    words = scale_words(instrument.of_round(round_), locale)
    rights = service.board_rights(current_user, round_)
    form = board_form(round_, views, rights)
    if form.validate_on_submit():
        try:
            service.save_board(round_, entries(form, views, rights), current_user)
            if form.finish.data:
                policy.require(current_user, "round.complete", round_)
                service.complete_round(round_)
        except service.UnplacedChips:
            # What was placed is kept; completing is asked once more, with the number of missing chips.
            return redirect(url_for("rounds.complete", round_id=round_.id))
        except InvalidInput as error:
            show_error(form, error)
        else:
            flash(_("Het gesprek is afgerond en bewaard.") if form.finish.data else _("Bewaard."), "success")
            return redirect(url_for("rounds.board", round_id=round_.id))
    return render_form(
        "rounds/board.html", form, round=round_, views=views, chip_fields=chip_fields, rights=rights,
        together_form=TogetherForm() if round_.prepared_by_resident and policy.can(current_user, "round.lead", round_) else None,
        lock_form=LockForm() if policy.can(current_user, "round.lead", round_) else None,
        perspective_names=PERSPECTIVE_NAMES, board_data=script_data(round_, views, rights, words), words=words,
    )


@bp.route("/rounds/<int:round_id>/samen", methods=["POST"])
def together(round_id: int):
    """Continue a round the resident prepared, together at the table."""
    round_ = policy.load(current_user, "round.lead", Round, round_id)
    if round_.completed:
        return _closed(round_)
    if TogetherForm().validate_on_submit():
        service.continue_together(round_, current_user)
        flash(_("Je legt nu samen verder. De fiches van %(name)s blijven liggen.", name=round_.member.name), "success")
    return redirect(url_for("rounds.board", round_id=round_.id))


@bp.route("/rounds/<int:round_id>/vergrendelen", methods=["POST"])
def lock(round_id: int):
    """The kitchen-table lock: until the professional unlocks it, this device shows only this board,
    and only the resident's chips on it."""
    round_ = policy.load(current_user, "round.lead", Round, round_id)
    if round_.completed:
        return _closed(round_)
    if LockForm().validate_on_submit():
        sessions.lock(round_.id)
        flash(_("De tablet is nu voor %(name)s. Alleen dit bord is open.", name=round_.member.name), "info")
    return redirect(url_for("rounds.board", round_id=round_.id))


@bp.route("/rounds/<int:round_id>/complete", methods=["GET", "POST"])
def complete(round_id: int):
    """Complete a round that still has chips off the board, after saying how many."""
    round_ = policy.load(current_user, "round.complete", Round, round_id)
    if round_.completed:
        return _closed(round_)
    form = CompleteForm()
    if form.validate_on_submit():
        service.complete_round(round_, allow_unplaced=True)
        flash(_("Het gesprek is afgerond en bewaard."), "success")
        return redirect(url_for("progress.result", round_id=round_.id))
    return render_form("rounds/complete.html", form, round=round_, unplaced=service.unplaced(round_))



def _closed(round_: Round):
    """A completed round is read-only: a change answers 409 with a message, a visit shows the result;
    on a tablet handed to the resident, the three questions about the help instead."""
    if request.method == "POST":
        raise service.RoundClosed()
    if sessions.locked_round() == round_.id:
        return tablet_page(round_)
    return redirect(url_for("progress.result", round_id=round_.id))
