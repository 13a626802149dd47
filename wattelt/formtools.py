"""Shared form handling: validators for typed text, lists that say when they refuse entries,
service errors shown on the form, and the right status for a form that comes back."""
from datetime import date

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import FieldList, SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import NumberRange, ValidationError
from wtforms.widgets import CheckboxInput
from wtforms.widgets import core as widget_core

from wattelt import text
from wattelt.errors import InvalidInput


WTFORMS_HTML_PARAMS = widget_core.html_params  # kept for the test that holds ours to it


def html_params(**attributes) -> Markup:
    """WTForms' html_params, giving the same markup a few times faster. WTForms builds every
    attribute with Markup.format (a string formatter that escapes each part); a board of 24 chips
    writes about 150 inputs and labels, and that took a third of the page's time."""
    params = []
    for key, value in sorted(attributes.items()):
        key = widget_core.clean_key(key)
        if value is True:
            params.append(str(escape(key)))
        elif value is not False:
            # A value that is already Markup is not escaped again, but its quotes must not end the attribute.
            params.append(f'{escape(key)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))


def speed_up_wtforms() -> None:
    """Put html_params where WTForms' widgets and labels look it up (the module, the package, and
    the widgets that keep it as a class attribute). tests/test_forms_html.py holds it to WTForms' own."""
    widget_core.html_params = widgets.html_params = html_params
    for widget in vars(widget_core).values():
        if isinstance(widget, type) and "html_params" in vars(widget):
            widget.html_params = staticmethod(html_params)


# The NL Design System component class of each kind of control; text boxes for the rest.
CONTROL_CLASSES = {
    "SelectField": "utrecht-select utrecht-select--html-select",
    "TextAreaField": "utrecht-textarea utrecht-textarea--html-textarea",
    "BooleanField": "utrecht-checkbox utrecht-checkbox--html-input",
    "IntegerRangeField": "scale-input",
}
TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"


def control(field, extra: dict | None = None, kind: str | None = None) -> Markup:
    """A form control with its component class, pointing at its help text and errors (the shared
    form macros call this for every field). In Python rather than a Jinja macro, since a board
    draws dozens of controls and building these attributes in Jinja cost more than the control."""
    described = ([f"{field.id}-help"] if field.description else []) + ([f"{field.id}-error"] if field.errors else [])
    attributes = {"class": CONTROL_CLASSES.get(kind or field.type, TEXTBOX_CLASS), **(extra or {})}
    if described:
        attributes["aria-describedby"] = " ".join(described)
    if field.errors:
        attributes["aria-invalid"] = "true"
    return field(**attributes)


def init_app(app) -> None:
    app.add_template_global(control)


FORM_BROKEN = _l("Dit formulier klopt niet. Laad de pagina opnieuw en probeer het nog eens.")


class PlainText:
    """Refuse control characters and direction overrides, with a message on the field."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field):
        if field.data and text.has_forbidden_characters(field.data, self.multiline):
            raise ValidationError(text.FORBIDDEN_MESSAGE)


class YearUpToNow(NumberRange):
    """A year from `first` up to the current year, the latter computed when the form is checked."""

    def __init__(self, first: int, message):
        super().__init__(min=first, message=message)

    def __call__(self, form, field):
        self.max = date.today().year
        super().__call__(form, field)


class CheckboxListField(SelectMultipleField):
    """A list of check boxes (the template lays them out): easier to tap than a multiple select."""

    option_widget = CheckboxInput()


class ListField(FieldList):
    """A FieldList that says so when it gets more entries than it takes, instead of dropping them,
    and that takes only plain digits as entry numbers (a '²' would otherwise end in a 500)."""

    def __init__(self, *args, too_many=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_many = too_many
        self.refused = None

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.refused = None
        if formdata:
            prefix = self.name + self._separator
            keys = {k[len(prefix):].split(self._field_separator, 1)[0] for k in formdata if k.startswith(prefix)}
            if any(not _plain_number(k) for k in keys):
                self.refused = FORM_BROKEN
            elif self.max_entries and len(keys) > self.max_entries:
                self.refused = self.too_many
        super().process(formdata, data, extra_filters)

    def _extract_indices(self, prefix, formdata):
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                index = key[offset:].split(self._field_separator, 1)[0]
                if _plain_number(index):
                    yield int(index)

    def validate(self, form, extra_validators=()):
        valid = super().validate(form, extra_validators)
        if self.refused:
            self.errors.append(self.refused)
            return False
        return valid


def _plain_number(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 4


def show_error(form: FlaskForm, error: InvalidInput) -> None:
    """Put a service's message on the field it concerns, or on the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def render_form(template: str, form: FlaskForm, **context):
    """Render a page with a form; a sent form that comes back with errors answers 422."""
    status = 422 if request.method == "POST" and (form.errors or form.form_errors) else 200
    return render_template(template, form=form, **context), status


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]
