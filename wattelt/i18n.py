"""Language choice: Dutch is the source language; the user's choice is kept in a cookie."""
from flask import Flask, current_app, has_request_context, request

from wattelt.extensions import babel

LANGUAGE_COOKIE = "wattelt_language"
RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RIGHT_TO_LEFT else "ltr"


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
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
        return {"current_locale": locale, "text_direction": text_direction(locale)}
