"""Language choice: Dutch is the source language. A signed-in person's choice is kept with their
account, so it follows them to another device; before signing in it is kept in a cookie; with no
choice made, the browser's language decides."""
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_login import current_user

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


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def locale_context():
        from flask_babel import get_locale

        locale = str(get_locale())
        return {"current_locale": locale, "text_direction": text_direction(locale), "offered_languages": offered_languages()}
