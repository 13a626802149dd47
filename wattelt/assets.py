"""Static files at addresses that carry a hash of their content.

A browser (and later the service worker) may keep a file at such an address for a year: a new
release changes the address. An address without the current hash is answered with a short life.
url_for adds the hash by itself, for the static folder and for endpoints that serve one file.
"""
import hashlib
from pathlib import Path

from flask import Blueprint, Flask, current_app, request
from werkzeug.security import safe_join

EXTENSION_KEY = "wattelt.assets"


class FileVersions:
    def __init__(self, reload: bool):
        self._reload = reload
        self._digests: dict[Path, str] = {}
        self.endpoints: dict[str, Path] = {}

    def of(self, path: Path) -> str:
        if self._reload or path not in self._digests:
            self._digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        return self._digests[path]


def version_of(path: Path) -> str:
    return current_app.extensions[EXTENSION_KEY].of(path)


def max_age_for(path: Path | None) -> int | None:
    """A year for the current versioned address; otherwise let the browser check again each time.

    Only a file that exists is hashed, and only when the address carries a version at all.
    """
    asked = request.args.get("v")
    if asked is None or path is None or not path.is_file():
        return None
    return current_app.config["STATIC_MAX_AGE"] if asked == version_of(path) else None


def serves_file(blueprint: Blueprint, endpoint: str, path: Path) -> None:
    """Declare that blueprint.endpoint serves this one file, so its addresses carry the file's hash."""
    blueprint.record_once(lambda state: state.app.extensions[EXTENSION_KEY].endpoints.update({f"{blueprint.name}.{endpoint}": path}))


def _static_file(app: Flask, filename: str) -> Path | None:
    """The file in the static folder, or None for a name that would lead outside it."""
    joined = safe_join(app.static_folder, filename)
    return Path(joined) if joined is not None else None


def init_app(app: Flask) -> None:
    versions = app.extensions[EXTENSION_KEY] = FileVersions(reload=app.debug)

    @app.url_defaults
    def add_version(endpoint, values):
        if "v" in values:
            return
        path = _static_file(app, values.get("filename", "")) if endpoint == "static" else versions.endpoints.get(endpoint)
        if path is not None and path.is_file():
            values["v"] = versions.of(path)

    app.get_send_file_max_age = lambda filename: max_age_for(_static_file(app, filename))
