"""Our faster html_params must write exactly what WTForms' own writes: a difference would change
every form on every page."""
import pytest
from markupsafe import Markup

from wattelt.formtools import WTFORMS_HTML_PARAMS as wtforms_html_params, html_params


@pytest.mark.parametrize("attributes", [
    {},
    {"name": "text1", "id": "f", "class_": "text"},
    {"checked": True, "readonly": False, "name": "text1", "abc": "hello"},
    {"data_state": "placed", "aria_describedby": "a-help a-error", "for_": "x"},
    {"value": 'say "hi" & <b>bye</b>', "title": "l'été"},
    {"value": Markup('already "safe" <i>markup</i>'), "min": 0, "max": 100, "step": 1},
    {"value": None, "placeholder": 3.5},
])
def test_same_markup_as_wtforms(attributes):
    ours, theirs = html_params(**attributes), wtforms_html_params(**attributes)
    assert ours == theirs
    assert isinstance(ours, Markup)


def test_rendered_fields_use_it(app):
    from wtforms import widgets
    from wtforms.widgets import core

    assert core.html_params is html_params and widgets.html_params is html_params
    assert core.Input.html_params is html_params and core.Button.html_params is html_params
