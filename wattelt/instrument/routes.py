"""The administrator's page of instruments: every loaded version, and per organisation the
instruments its teams may choose from."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from wattelt import instrument, policy
from wattelt.auth.guard import signed_in_only
from wattelt.errors import InvalidInput
from wattelt.formtools import choices, render_form, show_error
from wattelt.instrument import service
from wattelt.instrument.forms import OfferForm
from wattelt.models import Organisation

bp = signed_in_only(Blueprint("instrument", __name__, url_prefix="/beheer/instrumenten"))


@bp.route("/")
def index():
    policy.require(current_user, "admin.manage", policy.INSTALLATION)
    return _page()


@bp.route("/organisaties/<int:organisation_id>", methods=["POST"])
def offer(organisation_id: int):
    organisation = policy.load(current_user, "admin.manage", Organisation, organisation_id)
    form = _offer_form(organisation, sent=True)
    if form.validate_on_submit():
        try:
            service.set_offered(current_user, organisation, form.instruments.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            flash(_("De keuze van gespreksborden voor %(name)s is bewaard.", name=organisation.name), "success")
            return redirect(url_for("instrument.index", _anchor=f"organisation-{organisation.id}"))
    return _page(failed=(organisation.id, form))


def _offer_form(organisation: Organisation, sent: bool = False) -> OfferForm:
    """An organisation's form as stored; sent: the one that was sent, with what was sent."""
    locale = str(get_locale())
    loaded = instrument.registry()
    stored = {"instruments": instrument.offered_keys(organisation)}
    form = OfferForm(prefix=f"org-{organisation.id}", data=stored) if sent else OfferForm(
        prefix=f"org-{organisation.id}", data=stored, formdata=None
    )
    form.instruments.choices = choices(
        (key, _offer_label(loaded.latest(key), locale)) for key in service.offer_choices()
    )
    return form


def _offer_label(definition, locale: str) -> str:
    title, short = definition.title(locale), definition.short_title(locale)
    return title if short == title else f"{title} ({short})"


def _page(failed=None):
    """failed: (organisation id, form) of an organisation's form that came back with errors."""
    locale = str(get_locale())
    used = service.rounds_per_version()
    organisations = service.organisations(current_user)
    forms = {o.id: _offer_form(o) for o in organisations}
    shown = failed[1] if failed is not None else None
    if failed is not None:
        forms[failed[0]] = shown
    languages = current_app.config["LANGUAGES"]
    versions = [
        {
            "definition": d, "name": d.title(locale), "short_name": d.short_title(locale), "domains": len(d.domains),
            "languages": _language_names(d.languages(), languages), "rounds": used.get((d.key, d.version), 0),
        }
        for d in instrument.registry().all()
    ]
    if shown is None:
        return render_template("instrument/admin.html", versions=versions, organisations=organisations, forms=forms)
    return render_form("instrument/admin.html", shown, versions=versions, organisations=organisations, forms=forms)


def _language_names(codes: list[str], languages: dict[str, str]) -> list[str]:
    """Each language by its own name, in the order of the app's list; others by their code."""
    order = list(languages)
    ranked = sorted(codes, key=lambda code: (order.index(code) if code in order else len(order), code))
    return [languages.get(code, code) for code in ranked]
