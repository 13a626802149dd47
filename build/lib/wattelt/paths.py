"""Where the app's own files live: inside the installed package, or beside it in a checkout.

setup.cfg maps the top-level templates/, static/, translations/ and migrations/ into the wheel as
wattelt/templates and so on, so a normal install carries them; a checkout (editable install)
keeps them at the top level, as the project's layout asks.
"""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"the folder '{name}' is missing: it belongs in {PACKAGE} (installed) or {PACKAGE.parent} (checkout)")
