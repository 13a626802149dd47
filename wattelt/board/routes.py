from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from wattelt import access
from wattelt.auth.guard import signed_in_only
from wattelt.board import service
from wattelt.board.forms import RoundStartForm, board_form, chip_fields, entries
from wattelt.errors import InvalidInput
from wattelt.formtools import choices, render_form, show_error
from wattelt.progress.service import PERSPECTIVE_NAMES, round_chart, round_name

bp = signed_in_only(Blueprint("board", __name__))


@bp.route("/members/<int:member_id>/rounds/new", methods=["GET", "POST"])
def start(member_id: int):
    member = access.member_or_404(current_user, member_id)
    definition = service.current_instrument(member)
    locale = str(get_locale())
    form = RoundStartForm()
    form.domains.choices = choices((d.key, d.text("label", locale)) for d in definition.domains)
    if form.validate_on_submit():
        try:
            round_ = service.start_round(
                current_user, member, form.held_on.data, form.domains.data, form.own_domains.data,
                with_professional=form.with_professional.data, with_naaste=form.with_naaste.data,
            )
        except InvalidInput as error:
            show_error(form, error)
        else:
            return redirect(url_for("board.round_page", round_id=round_.id))
    return render_form(
        "board/start.html", form, member=member, questions={d.key: d.text("question", locale) for d in definition.domains}
    )


@bp.route("/rounds/<int:round_id>", methods=["GET", "POST"])
def round_page(round_id: int):
    round_ = access.round_or_404(current_user, round_id)
    locale = str(get_locale())
    if round_.completed:
        return _result_page(round_, locale)
    views = service.board_topics(round_, locale)
    form = board_form(round_, views)
    if form.validate_on_submit():
        try:
            service.save_board(round_, entries(form, round_, views))
        except InvalidInput as error:
            show_error(form, error)
        else:
            if form.finish.data:
                service.complete_round(round_)
                flash(_("Het gesprek is afgerond en bewaard."), "success")
            else:
                flash(_("Bewaard."), "success")
            return redirect(url_for("board.round_page", round_id=round_.id))
    return render_form(
        "board/board.html", form, round=round_, views=views, chip_fields=chip_fields,
        perspective_names=PERSPECTIVE_NAMES,
    )


def _result_page(round_, locale):
    rounds = service.rounds_of(round_.member)
    name = round_name(rounds.index(round_), round_)
    return render_template(
        "board/result.html", round=round_, chart=round_chart(round_, name, locale),
        views=service.board_topics(round_, locale),
    )
