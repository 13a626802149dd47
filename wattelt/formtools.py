"""Shared form handling: service errors shown on the form, and the right status for a bad form."""
from flask import render_template, request
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from wattelt.errors import InvalidInput


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
