from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wattelt import policy, ratelimit
from wattelt.admin import service as admin
from wattelt.auth import sessions, twofactor
from wattelt.auth.forms import CodeForm, ConfirmForm, LoginForm, NewPasswordForm, UnlockForm
from wattelt.auth.service import AccountWaits, attempt, authenticate, confirm
from wattelt.errors import InvalidInput
from wattelt.formtools import render_form, show_error
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
                destination = safe_next(request.args.get("next"), url_for("main.index"))
                if twofactor.applies(user):
                    twofactor.begin(user, destination)
                    return redirect(url_for("auth.second_step" if user.totp_secret else "auth.enrol"))
                sessions.begin(user)
                return redirect(destination)
            form.form_errors.append(_("Deze naam en dit geheim horen niet bij elkaar."))
    return render_form("auth/login.html", form)


@bp.route("/logout", methods=["POST"])
@login_required
@policy.public
def logout():
    sessions.end()
    flash(_("Je bent uitgelogd."), "info")
    return _signed_out()


@bp.route("/code", methods=["GET", "POST"])
@ratelimit.login_by_address
@policy.public
def second_step():
    """After the password: the code from the authenticator app (or a recovery code)."""
    user = twofactor.pending_user()
    if user is None or user.totp_secret is None:
        return _start_again()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            if twofactor.verify(user, form.code.data):
                destination = twofactor.next_url()
                sessions.begin(user)
                return redirect(safe_next(destination, url_for("main.index")))
            form.code.errors.append(_("Deze code klopt niet, of is al gebruikt. Kijk of de tijd op je telefoon goed staat."))
        except AccountWaits as waits:
            form.form_errors.append(str(waits.message))
    return render_form("auth/code.html", form)


@bp.route("/instellen", methods=["GET", "POST"])
@ratelimit.login_by_address
@policy.public
def enrol():
    """The first sign-in of staff without a second factor: set up the authenticator app."""
    user = twofactor.pending_user()
    if user is None or user.totp_secret is not None:
        return _start_again()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = twofactor.enrol(user, form.code.data)
        except AccountWaits as waits:
            form.form_errors.append(str(waits.message))
        else:
            if codes is not None:
                destination = twofactor.next_url()
                sessions.begin(user)
                response = make_response(render_template("auth/recovery_codes.html", codes=codes, destination=safe_next(destination, url_for("main.index"))))
                response.headers["Cache-Control"] = "no-store"
                return response
            form.code.errors.append(_("Deze code klopt niet. Kijk of de tijd op je telefoon goed staat en probeer de nieuwste code."))
    secret = twofactor.enrolment_secret(user)
    return render_form("auth/enrol.html", form, qr=twofactor.qr_code(user, secret), secret=secret)


def _start_again():
    flash(_("Log opnieuw in: de tweede stap duurde te lang of is niet begonnen."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/bevestigen", methods=["GET", "POST"])
@login_required
@ratelimit.again_by_account
@policy.public
def confirm_password():
    """Sign in again (password, and the app's code for staff who have one) before data leaves the
    app (a resident's own file, a professional's exports) or is erased."""
    form = ConfirmForm.for_user(current_user)
    if form.validate_on_submit():
        asks_code = "code" in form
        try:
            # One attempt for both, so a right password cannot reset the count of wrong codes.
            if attempt(current_user, lambda: current_user.check_password(form.password.data) and (
                    not asks_code or twofactor.code_matches(current_user, form.code.data))):
                sessions.mark_confirmed()
                flash(_("Bevestigd. Kies nu nog een keer wat je wilde doen."), "success")
                return redirect(safe_next(request.args.get("next"), url_for("main.index")))
            wrong = _("Het wachtwoord of de code klopt niet.") if asks_code else _("Dit is niet het goede wachtwoord.")
            form.password.errors.append(wrong)
        except AccountWaits as waits:
            form.form_errors.append(str(waits.message))
    return render_form("auth/confirm.html", form)


@bp.route("/ontgrendelen", methods=["GET", "POST"])
@login_required
@ratelimit.again_by_account
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


@bp.route("/wachtwoord/<link>", methods=["GET", "POST"])
@ratelimit.invitation_by_address
@ratelimit.invitation_by_link
@policy.public
def set_password(link: str):
    """A new or reset staff account sets its own password with the one-time link from the administrator."""
    link = admin.usable_link(link)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            admin.use_link(link, form.password.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            # A shared computer may still be signed in as someone else: that session ends here.
            sessions.end()
            flash(_("Je wachtwoord is bewaard. Log nu in."), "success")
            return redirect(url_for("auth.login"))
    response = make_response(render_form("auth/set_password.html", form, person=link.user))
    response.headers["Cache-Control"] = "no-store"
    return response


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
