from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wattelt import policy, ratelimit
from wattelt.auth import sessions
from wattelt.auth.forms import LoginForm, UnlockForm
from wattelt.auth.service import AccountWaits, authenticate, confirm
from wattelt.formtools import render_form
from wattelt.security import safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/login", methods=["GET", "POST"])
@ratelimit.login_by_address
@ratelimit.login_by_account
@policy.public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except AccountWaits as waits:
            form.form_errors.append(str(waits.message))
        else:
            if user is not None:
                sessions.begin(user)
                return redirect(safe_next(request.args.get("next"), url_for("main.index")))
            form.form_errors.append(_("Deze naam en dit geheim horen niet bij elkaar."))
    return render_form("auth/login.html", form)


@bp.route("/logout", methods=["POST"])
@login_required
@policy.public
def logout():
    sessions.end()
    flash(_("Je bent uitgelogd."), "info")
    return _signed_out()


@bp.route("/ontgrendelen", methods=["GET", "POST"])
@login_required
@ratelimit.login_by_address
@policy.public
def unlock():
    """The professional takes the tablet back from the resident: their own secret opens it."""
    board = sessions.locked_round()
    if board is None:
        return redirect(url_for("main.index"))
    form = UnlockForm()
    if form.validate_on_submit():
        try:
            if confirm(current_user, form.password.data):
                sessions.unlock()
                flash(_("De tablet is weer van jou."), "success")
                return redirect(url_for("rounds.board", round_id=board))
            form.password.errors.append(_("Dit is niet het goede wachtwoord."))
        except AccountWaits as waits:
            form.form_errors.append(str(waits.message))
    return render_form("auth/unlock.html", form, board=board)


@bp.route("/overal-uitloggen", methods=["POST"])
@login_required
@policy.public
def logout_everywhere():
    """For a lost phone or a shared computer: every session of this person ends, this one too."""
    sessions.end_all(current_user)
    sessions.end()
    flash(_("Je bent op alle apparaten uitgelogd."), "info")
    return _signed_out()


def _signed_out():
    response = redirect(url_for("auth.login"))
    # Nothing of this person stays on the device, also when the page ran no script: saves not yet
    # sent, and the service worker's cache with it.
    response.headers["Clear-Site-Data"] = '"storage"'
    return response
