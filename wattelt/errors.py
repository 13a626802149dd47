"""Errors in the user's language: pages for people, JSON for the JSON door, and the errors services raise."""
from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from wattelt.extensions import db
from wattelt.ratelimit import wait_message
from wattelt.securitylog import refused


class InvalidInput(ValueError):
    """Input a service refuses; the message is shown to the user and nothing is written."""

    status = 422

    def __init__(self, message, field: str | None = None, **details):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.details = details


class MalformedRequest(InvalidInput):
    """A request no form or client of ours would send, such as a body that is not JSON."""

    status = 400


class Conflict(InvalidInput):
    """A change that no longer fits what is stored, such as a change to a completed round."""

    status = 409


MESSAGES = {
    400: (_l("Dit verzoek klopt niet"), _l("Er ging iets mis met wat je stuurde. Probeer het opnieuw vanaf de vorige pagina.")),
    401: (_l("Log eerst in"), _l("Log in om verder te gaan.")),
    403: (_l("Geen toegang"), _l("Je mag dit niet doen.")),
    404: (_l("Niet gevonden"), _l("Deze pagina bestaat niet, of je hebt er geen toegang toe.")),
    405: (_l("Dit kan zo niet"), _l("Deze pagina kan niet op deze manier worden gebruikt.")),
    409: (_l("Dit kan niet meer"), _l("Dit is intussen veranderd. Laad de pagina opnieuw.")),
    410: (_l("Deze link werkt niet meer"), _l("Vraag je contactpersoon om een nieuwe uitnodiging.")),
    413: (_l("Te veel tekst"), _l("Je stuurde te veel tekst in één keer. Maak het korter en probeer het opnieuw.")),
    422: (_l("Dit klopt nog niet"), _l("Controleer wat je invulde en probeer het opnieuw.")),
    429: (_l("Even wachten"), _l("Dit is te vaak geprobeerd. Probeer het later opnieuw.")),
    500: (_l("Er ging iets mis"), _l("Er ging bij ons iets mis. Je laatste wijziging is niet bewaard. Probeer het later opnieuw.")),
}
CSRF_MESSAGE = _l(
    "Het formulier was verlopen of niet compleet. Er is niets bewaard. Laad de pagina opnieuw en probeer het nog eens."
)


def wants_json() -> bool:
    """Callers of the JSON door get JSON errors; people get pages."""
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        refused("request without a valid CSRF token")
        # reason: a device replaying saved changes fetches a fresh token and tries once more.
        return render_error(400, CSRF_MESSAGE, reason="csrf")

    @app.errorhandler(InvalidInput)
    def invalid_input(error: InvalidInput):
        return render_error(error.status, error.message, field=error.field, **error.details)

    @app.errorhandler(429)
    def too_many_attempts(error):
        return render_error(429, wait_message())

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        app.logger.exception("Unexpected error")
        # Nothing half-written: whatever the failed request changed is undone.
        db.session.rollback()
        return render_error(500)


def render_error(code: int, message=None, **details):
    title, default_message = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    if wants_json():
        body = {"status": code, "message": str(message or default_message)}
        body.update({key: value for key, value in details.items() if value is not None})
        return jsonify(error=body), code
    return render_template("errors/error.html", code=code, title=title, message=message or default_message), code
