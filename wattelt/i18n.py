"""Language choice: Dutch is the source language. A signed-in person's choice is kept with their
account, so it follows them to another device; before signing in it is kept in a cookie; with no
choice made, the browser's language decides."""
from functools import cache

from babel import support
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_babel import Domain, get_locale
from markupsafe import Markup
from flask_login import current_user
from wtforms.i18n import messages_path

from wattelt.extensions import babel

LANGUAGE_COOKIE = "wattelt_language"
RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RIGHT_TO_LEFT else "ltr"


def fallback_chain(locale: str) -> tuple[str, ...]:
    """The languages to take an instrument text from when it is missing in this one."""
    if not has_app_context():
        return ("en", "nl")
    config = current_app.config
    return config["INSTRUMENT_FALLBACK"].get(locale, config["INSTRUMENT_FALLBACK_DEFAULT"])


def offered_languages() -> dict[str, str]:
    """The languages this person may choose from (code: name in that language): for someone invited
    by a household, those their organisation offers residents; for everyone else all of them."""
    languages = current_app.config["LANGUAGES"]
    user = current_user
    if not (user and user.is_authenticated and user.invited):
        return languages
    if "offered_languages" not in g:
        g.offered_languages = languages
        chosen = _organisation_languages(user)
        if chosen:
            g.offered_languages = {code: name for code, name in languages.items() if code in chosen.split(",")}
    return g.offered_languages


def _organisation_languages(user) -> str | None:
    import sqlalchemy as sa

    from wattelt.extensions import db
    from wattelt.models import Grant, Household, Organisation, Team

    # One query: the setting of the organisation of the household that invited this person.
    return db.session.scalar(
        sa.select(Organisation.resident_languages).join(Team, Team.organisation_id == Organisation.id)
        .join(Household, Household.team_id == Team.id).join(Grant, Grant.household_id == Household.id)
        .where(Grant.user_id == user.id).order_by(Grant.created_at).limit(1)
    )


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = offered_languages()
    user = current_user
    # A resident at a locked kitchen tablet chooses for the device, not for the professional's account.
    if user and user.is_authenticated and user.language in languages and not g.get("kitchen_lock"):
        return user.language
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or current_app.config["BABEL_DEFAULT_LOCALE"]


class RequestDomain(Domain):
    """Flask-Babel's domain, with the catalogue kept for the rest of the request once found.

    Flask-Babel finds it anew for every text: the request's locale, its name as a string and a
    cache look-up, about 15 µs, where the look-up in the catalogue itself takes half a µs; a page
    translates a hundred texts or more. The catalogue is kept with the locale it belongs to, so a
    locale forced for a while (flask_babel.force_locale) or refreshed gets its own."""

    def get_translations(self):
        app_globals = g._get_current_object() if has_app_context() else None
        context = getattr(app_globals, "_flask_babel", None)
        kept = getattr(context, "wattelt_translations", None)
        if kept is not None and kept[0] is getattr(context, "babel_locale", None):
            return kept[1]
        translations = super().get_translations()
        context = getattr(app_globals, "_flask_babel", None)
        if context is not None:
            context.wattelt_translations = (context.babel_locale, translations)
        return translations


@cache
def _wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class WTFormsTexts:
    """WTForms' own texts (a field's default label, "Not a valid choice.") in the page's language,
    from one catalogue per language for the life of the process. Flask-WTF reads and parses the
    catalogue file again in every request that builds a form (0.7 of the board's 55.9 million
    instructions, counted with callgrind);
    it takes the one it finds on the request (flask_wtf.i18n), where init_app puts this."""

    def ugettext(self, string: str) -> str:
        return _wtforms_catalogue(str(get_locale())).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalogue(str(get_locale())).ungettext(singular, plural, n)


WTFORMS_TEXTS = WTFormsTexts()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance = RequestDomain(domain=app.extensions["babel"].default_domain)
    _install_template_gettext(app)

    @app.before_request
    def wtforms_texts():
        request.wtforms_translations = WTFORMS_TEXTS

    @app.context_processor
    def locale_context():
        locale = str(get_locale())
        return {"current_locale": locale, "text_direction": text_direction(locale), "offered_languages": offered_languages()}


def _install_template_gettext(app: Flask) -> None:
    """Templates' `_` and `ngettext`, as Jinja's newstyle gettext does them (the text is markup,
    the variables are escaped into it, `num` is the count), without the three passes through
    Jinja's context that its own wrapper and Flask-Babel's lambdas add to every text. Templates
    use the one domain (no `Domain.as_default`), so they ask it directly."""
    domain = babel.domain_instance

    def gettext(string: str, **variables) -> Markup:
        return Markup(domain.get_translations().ugettext(string)) % variables

    def ngettext(singular: str, plural: str, num: int, **variables) -> Markup:
        variables.setdefault("num", num)
        return Markup(domain.get_translations().ungettext(singular, plural, num)) % variables

    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
