"""Security headers on every response, safe redirects after a form, and ids the database can hold."""
import hashlib
from urllib.parse import urlsplit

from flask import Flask, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from wattelt import text
from wattelt.securitylog import refused

# No inline script or style anywhere, so the policy can stay this strict.
def _policy(style_src: str) -> str:
    return "; ".join([
        "default-src 'self'", "script-src 'self'", f"style-src {style_src}", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
        "frame-ancestors 'none'",
    ])


CONTENT_SECURITY_POLICY = _policy("'self'")
# plotly.js adds two fixed <style> elements (an empty one it fills through CSSOM, and its base
# rules); their hashes allow exactly those, and only on a page that draws charts (a page marks
# itself with allow_chart_styles()). Other pages allow no inline style at all, and their answer
# is 110 bytes shorter, which a repeat visit on a phone feels.
CHART_POLICY = _policy(
    "'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='"
)


def allow_chart_styles() -> str:
    """Called by the template that loads plotly.js: this answer's policy allows its two styles."""
    g.chart_styles = True
    return ""


HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class DatabaseId(IntegerConverter):
    """An <int:...> in a URL matches only ids an integer column can hold: a longer number is a plain
    404, not an error from PostgreSQL ("integer out of range")."""

    def __init__(self, map, **kwargs):
        super().__init__(map, min=1, max=2**31 - 1)


def sessionless(view):
    """Mark a view whose answer must never write the session cookie.

    The service worker fetches such addresses (its own script, the offline page) at any moment,
    also while a sign-in is on its way. Rendering a page lets Flask-Login rewrite the session it
    was sent; arriving after the sign-in's answer, that older session would sign the person out.
    """
    view.sessionless = True
    return view


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that a sessionless view never sends the cookie, and a
    cookie whose signature does not hold is noted (the visitor is simply not signed in)."""

    def open_session(self, app, request):
        session = super().open_session(app, request)
        if session is not None and not session and request.cookies.get(self.get_cookie_name(app)):
            refused("session cookie with a wrong signature")
        return session

    def save_session(self, app, session, response):
        view = app.view_functions.get(request.endpoint) if request.endpoint else None
        if not getattr(view, "sessionless", False):
            super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseId
    app.session_interface = SessionInterface()
    if app.config["PROXY_COUNT"]:
        # Behind a proxy that ends TLS: believe its headers about the scheme, host and client,
        # so the app knows it is served over HTTPS (secure redirects, HSTS).
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    app.add_template_global(allow_chart_styles)

    @app.after_request
    def add_headers(response):
        if g.get("chart_styles"):
            response.headers.setdefault("Content-Security-Policy", CHART_POLICY)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains")
        if response.mimetype in ("text/html", "application/json"):
            # Pages and JSON answers hold personal data: never in a shared cache or on the browser's disk.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def secret_digest(value: str) -> str:
    """What is stored instead of a token, a one-time code or a link: a lookup by digest, never the value."""
    return hashlib.sha256(value.encode()).hexdigest()


def safe_next(target: str | None, fallback: str) -> str:
    """Only follow a redirect target on this site, so a link cannot send people elsewhere."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    # No address of ours holds a control character, and a line break in the Location header is an error.
    if text.has_forbidden_characters(target):
        return fallback
    return target
