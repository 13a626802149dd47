"""The installable app: its manifest, the service worker and the page shown offline. Nothing personal."""
import hashlib

from flask import Blueprint, jsonify, make_response, render_template, request, url_for
from flask_babel import get_locale, gettext as _

from wattelt import policy
from wattelt.i18n import text_direction
from wattelt.security import sessionless

bp = Blueprint("pwa", __name__)
# The data-free app shell the service worker keeps on the device, so pages can start offline. The
# chart library is not in it: charts are only on pages with personal data, which are never kept
# offline, so its 360 KB are fetched (and then kept) the first time a chart is shown, not at install.
SHELL = [
    "vendor/utrecht/components.css", "css/app.css", "js/queue.js", "js/app.js", "js/board.js", "js/charts.js",
    "icons/domains.svg", "icons/icon.svg", "icons/icon-192.png", "icons/icon-512.png", "icons/maskable-512.png",
]
THEME_COLOUR = "#00577a"


@bp.route("/manifest.webmanifest")
@policy.public
@sessionless
def manifest():
    locale = str(get_locale())
    icon = lambda name, sizes, kind, purpose: {  # noqa: E731
        "src": url_for("static", filename=f"icons/{name}"), "sizes": sizes, "type": kind, "purpose": purpose,
    }
    response = jsonify(
        name=_("Wat telt"), short_name=_("Wat telt"),
        description=_("Samen kijken naar wat er telt in je leven."),
        lang=locale, dir=text_direction(locale), start_url="/", scope="/", display="standalone",
        background_color="#ffffff", theme_color=THEME_COLOUR,
        icons=[
            icon("icon-192.png", "192x192", "image/png", "any"),
            icon("icon-512.png", "512x512", "image/png", "any"),
            icon("maskable-512.png", "512x512", "image/png", "maskable"),
            icon("icon.svg", "any", "image/svg+xml", "any"),
        ],
    )
    return _checked_each_time(response, "application/manifest+json")


@bp.route("/sw.js")
@policy.public
@sessionless
def service_worker():
    """The service worker, at the root so its scope is the whole app. Its cache name changes with
    every file of the shell, so an update replaces the old cache."""
    shell = [url_for("static", filename=name) for name in SHELL] + [url_for("pwa.offline")]
    version = hashlib.sha256(" ".join(shell).encode()).hexdigest()[:16]
    response = make_response(render_template("pwa/sw.js", shell=shell, version=version, offline=url_for("pwa.offline")))
    return _checked_each_time(response, "text/javascript")


@bp.route("/offline")
@policy.public
@sessionless
def offline():
    """Shown by the service worker when a page cannot be fetched. It holds nothing of anyone."""
    return _checked_each_time(make_response(render_template("pwa/offline.html")))


def _checked_each_time(response, mimetype: str | None = None):
    """These change with a release or a language, and hold nothing personal: a browser may keep
    them but asks again each time (no-cache, where pages with personal data are no-store). With an
    ETag, asking again costs only headers while nothing changed: a browser checks the service
    worker at every visit of a page, and sending it whole made a fifth of a repeat visit."""
    if mimetype:
        response.mimetype = mimetype
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)
