"""How many queries a page makes, and that the number does not grow with the rows on it.

Templates never query: related rows load with their parents. A page that queries per row would
make more queries after more rows are added; these tests add rows and count again.
"""
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from tests import factories
from wattelt.extensions import db
from wattelt.models import Household, Member, User
from wattelt.plan.service import add_action, add_goal
from wattelt.models import ActionOwner


@pytest.fixture
def count_queries(app):
    """count_queries() is a context manager whose list fills with the SQL run inside it."""
    with app.app_context():
        engine = db.engine

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)

    return counting


def pages(world, open_round):
    return {
        "caseload": "/households/",
        "caseload search": "/households/?q=FAMILIE&page=1",
        "household": f"/households/{world.household}",
        "board": f"/rounds/{open_round}",
        "plan": f"/households/{world.household}/plan",
        "progress": f"/members/{world.marieke}/progress",
        "round result": f"/rounds/{world.first}/result",
        "exports": f"/members/{world.marieke}/exporteren",
        "csv": f"/members/{world.marieke}/gesprekken.csv",
        "fhir bundle": f"/members/{world.marieke}/fhir.json",
        "team figures": "/cijfers?start=2026-01&end=2026-12",
    }


# The budget per page, with the user's own row loaded first. Raise one only with a reason.
# The plan lists the household's helpers, who can be given an action, and its goal form asks which
# instruments each member's rounds used (one query for all members), to offer only those domains.
# Every page about a household writes one access-log row (one INSERT).
# The caseload counts the households it finds, for its page links. The exports page and the files
# load the member and the completed rounds with their topics and chips. Team figures of a team too
# small to show: the user, the teams, the cells, the experience answers (tests/test_figures.py
# counts the page with every figure shown). The progress page reads its rounds' positions as rows in
# one query (rounds.service.placed_in), not topics and chips in two; the board and the result load
# their round's topics with the chips joined (rounds.service.WITH_POSITIONS).
BUDGET = {"caseload": 4, "caseload search": 4, "household": 6, "board": 4, "plan": 8, "progress": 6, "round result": 5,
          "exports": 6, "csv": 6, "fhir bundle": 6, "team figures": 4}


def more_rows(app, world):
    """More of everything each page lists: households, members, rounds, topics, goals, actions."""
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        household = db.session.get(Household, world.household)
        marieke = db.session.get(Member, world.marieke)
        for i in range(3):
            factories.household(pro, f"Extra {i}", members=[("A", 1980), ("B", 2012)])
        factories.completed_round(pro, marieke, {"housing": (1, 2), "work": (3, 4), "family": (5, 6)})
        factories.completed_round(pro, db.session.get(Member, world.kevin), {"housing": (7, 8)})
        for i in range(3):
            goal = add_goal(household, marieke.id, "work", f"Extra doel {i}", 60)
            add_action(goal, "Extra actie", ActionOwner.RESIDENT, None, factories.TODAY)
            add_action(goal, "Nog een actie", ActionOwner.NETWORK, None, factories.TODAY)
        db.session.commit()


@pytest.fixture
def open_round(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        return factories.open_round(pro, db.session.get(Member, world.marieke), ["housing", "money", "work"], own=["Tuin"]).id


def test_each_page_stays_within_its_query_budget_and_does_not_query_per_row(exporter, world, app, open_round, count_queries):
    counted = {}
    for name, url in pages(world, open_round).items():
        with count_queries() as statements:
            assert exporter.get(url).status_code == 200, url
        counted[name] = len(statements)
    assert counted == BUDGET
    more_rows(app, world)
    for name, url in pages(world, open_round).items():
        with count_queries() as statements:
            assert exporter.get(url).status_code == 200, url
        assert len(statements) == counted[name], (name, statements)


def test_saving_the_board_does_not_query_per_chip(pro_a, world, app, open_round, count_queries):
    from tests.forms import page_form

    form = page_form(pro_a.get(f"/rounds/{open_round}"))
    with app.app_context():
        from wattelt.models import Round

        topics = [t.id for t in db.session.get(Round, open_round).topics]
    placed = {}
    for topic in topics:
        for perspective in ("resident", "professional"):
            placed[f"state_{topic}_{perspective}"] = "placed"
            placed[f"chip_{topic}_{perspective}"] = "60"
    with count_queries() as statements:
        assert form.submit(pro_a, button="save", **placed).status_code == 302
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # Loading the user, the round with its topics and chips: not one query per chip or topic.
    assert len(selects) <= 4, selects


@contextmanager
def sql_while_rendering(app):
    """The statements that run while a template renders, as (template, statement): none should."""
    from flask import before_render_template, template_rendered

    with app.app_context():
        engine = db.engine
    rendering, during = [], []
    started = lambda sender, template, context, **extra: rendering.append(template.name)  # noqa: E731
    finished = lambda sender, template, context, **extra: rendering.pop()  # noqa: E731

    def record(conn, cursor, statement, parameters, context, executemany):
        if rendering:
            during.append((rendering[-1], statement))

    before_render_template.connect(started, app)
    template_rendered.connect(finished, app)
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield during
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
        before_render_template.disconnect(started, app)
        template_rendered.disconnect(finished, app)


def test_templates_never_query(exporter, world, app, open_round):
    """Everything a template shows is loaded before it renders: no SQL runs while it renders."""
    with sql_while_rendering(app) as during:
        for url in pages(world, open_round).values():
            assert exporter.get(url).status_code == 200, url
    assert during == []
