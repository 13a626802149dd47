from datetime import date

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from wattelt import policy, transaction
from wattelt.auth.guard import signed_in_only
from wattelt.errors import InvalidInput
from wattelt.formtools import choices, render_form, show_error
from wattelt.models import Action, ActionOwner, Goal, GoalStatus, Household
from wattelt.names import ACTION_OWNER_NAMES, GOAL_STATUS_NAMES
from wattelt.plan import service
from wattelt.plan.forms import ActionForm, ActionNoteForm, GoalForm, GoalStatusForm, note_form
from wattelt.sharing import service as sharing

bp = signed_in_only(Blueprint("plan", __name__))


@bp.route("/households/<int:household_id>/plan", methods=["GET", "POST"])
def plan(household_id: int):
    household = policy.load(current_user, "plan.view", Household, household_id)
    # Asked before the form is read: who may only look at the plan gets no say on what a goal needs.
    if request.method == "POST":
        policy.require(current_user, "plan.edit", household)
    form = _goal_form(household)
    if form.validate_on_submit():
        try:
            service.add_goal(household, form.member.data, form.domain.data, form.text.data, form.hoped_for.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            flash(_("Het doel staat in het plan."), "success")
            return redirect(url_for("plan.plan", household_id=household.id))
    return _plan_page(household, form)


@bp.route("/goals/<int:goal_id>/status", methods=["POST"])
def goal_status(goal_id: int):
    goal = policy.load(current_user, "goal.edit", Goal, goal_id)
    form = _status_form(goal)
    if form.validate_on_submit():
        service.set_goal_status(goal, GoalStatus(form.status.data), seen=_version(form.version.data))
        flash(_("De stand van het doel is bewaard."), "success")
        return _back_to(goal)
    return _plan_page(goal.household, _goal_form(goal.household), failed=(goal.id, form))


@bp.route("/goals/<int:goal_id>/actions", methods=["POST"])
def add_action(goal_id: int):
    goal = policy.load(current_user, "goal.edit", Goal, goal_id)
    helpers = sharing.helpers(goal.household)
    form = _action_form(goal, helpers)
    if form.validate_on_submit():
        try:
            assignee = _helper(helpers, form.assignee.data)
            service.add_action(goal, form.what.data, ActionOwner(form.who.data), form.by_when.data, date.today(), assignee)
        except InvalidInput as error:
            show_error(form, error)
        else:
            flash(_("De actie is toegevoegd."), "success")
            return _back_to(goal)
    return _plan_page(goal.household, _goal_form(goal.household), failed=(goal.id, form))


@bp.route("/actions/<int:action_id>/done", methods=["POST"])
def action_done(action_id: int):
    """A single button that marks an action done or not done (CSRF is checked for every POST)."""
    action = policy.load(current_user, "action.done", Action, action_id)
    service.set_action_done(action, request.form.get("done") == "1", seen=_version(request.form.get("version")))
    return _back_to(action.goal, action)


@bp.route("/actions/<int:action_id>/note", methods=["POST"])
def action_note(action_id: int):
    """A short word from whoever does the action ("called on Tuesday")."""
    action = policy.load(current_user, "action.done", Action, action_id)
    form = ActionNoteForm(prefix=f"note-{action.id}")
    if form.validate_on_submit():
        service.set_action_note(action, form.note.data, seen=_version(form.version.data))
        flash(_("De notitie is bewaard."), "success")
    else:
        transaction.discard_changes()
        flash(" ".join(str(e) for e in form.note.errors) or _("De notitie is niet bewaard. Probeer het opnieuw."), "info")
    return _back_to(action.goal, action)


def _back_to(goal, action=None):
    """Back to the goal in the plan; someone who sees only their own actions goes back to their page."""
    if not policy.can(current_user, "plan.view", goal.household):
        return redirect(url_for("residents.home", _anchor=f"action-{action.id}" if action else None))
    return redirect(url_for("plan.plan", household_id=goal.household_id, _anchor=f"goal-{goal.id}"))


def _version(sent) -> int:
    """The version a page was made with; a form without a readable one counts as outdated. Sent
    without the field, a form keeps the number the server filled in: no page showed it, so outdated too."""
    return int(sent) if isinstance(sent, str) and sent.isascii() and sent.isdigit() and len(sent) < 10 else 0


def _helper(helpers, user_id: int | None):
    if not user_id:
        return None
    found = next((h for h in helpers if h.id == user_id), None)
    if found is None:
        raise InvalidInput(_("Kies iemand die het huishouden heeft uitgenodigd om te helpen."), field="assignee")
    return found


def _goal_form(household) -> GoalForm:
    """The domains are grouped by member, each group listing only that member's domains (a script
    shows only the chosen member's group); the service checks the pair as well."""
    form = GoalForm()
    form.member.choices = choices((m.id, m.name) for m in household.members)
    domains = service.domain_choices(current_user, household, str(get_locale()), date.today())
    groups = _group_names(household.members)
    form.domain.choices = [
        SelectChoice(key, label, optgroup=groups[m.id]) for m in household.members for key, label in domains[m.id]
    ]
    return form


def _group_names(members) -> dict[int, str]:
    """A group label per member; two members with one name get a number, so the groups stay apart."""
    names: dict[int, str] = {}
    for member in members:
        name, n = member.name, 1
        while name in names.values():
            n += 1
            name = f"{member.name} ({n})"
        names[member.id] = name
    return names


# Each goal's forms carry the goal in their field names, so every id on the page is unique, each
# label points at its own goal's field, and a form sent for one goal never fills another's.
def _status_form(goal) -> GoalStatusForm:
    return GoalStatusForm(prefix=f"goal-{goal.id}", data={"status": goal.status.value, "version": goal.version})


def _action_form(goal, helpers) -> ActionForm:
    form = ActionForm(prefix=f"action-{goal.id}")
    form.assignee.choices = [(0, _("Niemand van de helpers"))] + [(h.id, h.name) for h in helpers]
    return form


def _plan_page(household, goal_form, failed=None):
    """The plan page. failed: (goal id, form) of a goal's form that was sent with errors."""
    locale = str(get_locale())
    goals = service.goals(current_user, household)
    helpers = sharing.helpers(household) if policy.can(current_user, "plan.edit", household) else []
    status_forms = {g.id: _status_form(g) for g in goals}
    action_forms = {g.id: _action_form(g, helpers) for g in goals}
    note_forms = {a.id: note_form(a) for g in goals for a in g.actions}
    shown = goal_form
    if failed is not None:
        goal_id, shown = failed
        (status_forms if isinstance(shown, GoalStatusForm) else action_forms)[goal_id] = shown
    return render_form(
        "plan/plan.html", shown, household=household, goal_form=goal_form, goals=goals,
        domain_labels={g.id: service.goal_label(g, locale) for g in goals},
        status_names=GOAL_STATUS_NAMES, owner_names=ACTION_OWNER_NAMES,
        status_forms=status_forms, action_forms=action_forms, note_forms=note_forms,
    )
