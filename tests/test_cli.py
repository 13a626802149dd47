"""Demo data: only in the demo configuration, and as DESIGN.md describes it."""
import sqlalchemy as sa

from wattelt import create_app
from wattelt.config import DemoConfig


def test_demo_data_is_refused_outside_the_demo_configuration(runner):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code != 0
    assert "only created in the demo configuration" in result.output


def test_demo_seed_builds_the_documented_caseload(app, runner):
    app.config["DEMO"] = True
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    from wattelt.access import visible_households
    from wattelt.board.service import rounds_of
    from wattelt.extensions import db
    from wattelt.households.service import caseload
    from wattelt.models import User

    with app.app_context():
        users = {u.email: u for u in db.session.scalars(sa.select(User))}
        assert {"demo@wattelt.example", "teamlead@wattelt.example", "admin@wattelt.example", "other@wattelt.example"} <= set(users)
        assert all(u.check_password("wattelt-demo") for u in users.values())
        demo_households = caseload(users["demo@wattelt.example"])
        first = demo_households[0] if demo_households[0].name == "Familie Jansen" else next(h for h in demo_households if h.name == "Familie Jansen")
        assert len(first.members) >= 2
        assert len(rounds_of(first.members[0], completed_only=True)) == 2
        other_ids = set(db.session.scalars(visible_households(users["other@wattelt.example"]).with_only_columns(sa.text("household.id"))))
        assert other_ids and not other_ids & {h.id for h in demo_households}
    # A second run adds nothing.
    assert "already has users" in runner.invoke(args=["demo", "seed"]).output


def test_production_config_refuses_to_start_without_secrets(monkeypatch):
    import pytest

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")
    assert DemoConfig.DEMO is True
