"""Team figures: /cijfers (the page) and /cijfers.csv (exactly its tables, as a file).

Aggregates only, never a household: neither writes an access-log row (that log is for looks at a
household's data). A choice is a GET form, so a page of figures is a link that can be shared.
"""
import re
import unicodedata
from datetime import date

from flask import Blueprint, Response, render_template, request
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from wattelt import policy, spreadsheet
from wattelt.auth.guard import signed_in_only
from wattelt.figures import service
from wattelt.figures.forms import FiguresForm

bp = signed_in_only(Blueprint("figures", __name__))


def _chosen():
    """The form and, when the choice is right, the figures; every team in it asked of the policy."""
    found = service.groups(current_user)
    if not found:
        policy.require(current_user, "figures.view", None)  # no team whose figures this person may see: 403
    form = FiguresForm(request.args)
    choice = form.choose(found, service.default_group(current_user, found), date.today())
    if choice is None:
        return form, None
    for team in choice.group.teams:
        policy.require(current_user, "figures.view", team)
    return form, service.team_figures(choice.group, choice.first, choice.last, choice.perspective, str(get_locale()))


@bp.route("/cijfers")
def index():
    form, figures = _chosen()
    return _page(form, figures)


@bp.route("/cijfers.csv")
def download():
    form, figures = _chosen()
    if figures is None:
        return _page(form, None)
    name = "-".join([_("teamcijfers"), _slug(figures.group.label), f"{figures.first.year}-k{figures.first.number}",
                     f"{figures.last.year}-k{figures.last.number}", _slug(str(service.PERSPECTIVES[figures.perspective]))])
    return Response(spreadsheet.write(service.as_csv_rows(figures)), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}.csv"', "Cache-Control": "no-store",
    })


def _page(form, figures):
    return render_template("figures/index.html", form=form, figures=figures, too_few=str(service.TOO_FEW)), 200 if figures else 422


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "team"
