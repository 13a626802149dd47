"""Commands: the first users and teams in production, and demo data only in the demo configuration."""
import pytest
import sqlalchemy as sa


from wattelt import create_app
from wattelt.config import Config, DemoConfig
from wattelt.extensions import db
from wattelt.models import Household, Role, Team, User


def test_demo_data_is_refused_outside_the_demo_configuration(runner, app):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code != 0
    assert "only created in the demo configuration" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_demo_seed_builds_the_documented_caseload(app, runner):
    app.config["DEMO"] = True
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    from wattelt.households.service import caseload
    from wattelt.rounds.service import rounds_of

    with app.test_request_context():
        users = {u.email: u for u in db.session.scalars(sa.select(User))}
        assert {"demo@wattelt.example", "teamlead@wattelt.example", "admin@wattelt.example", "other@wattelt.example"} <= set(users)
        assert all(u.check_password("wattelt-demo") for u in users.values())
        demo = users["demo@wattelt.example"]
        jansen = next(h for h in caseload(demo, "Jansen").households if h.name == "Familie Jansen")
        assert len(jansen.members) >= 2
        assert len(rounds_of(demo, jansen.members[0], completed_only=True)) == 2
        others = {h.id for h in caseload(users["other@wattelt.example"]).households}
        assert others and not others & {h.id for h in caseload(demo).households}
    # A second run adds nothing.
    assert "already has users" in runner.invoke(args=["demo", "seed"]).output


def test_users_create_asks_the_password_twice_and_makes_a_professional(app, runner):
    assert runner.invoke(args=["teams", "create", "Buurtteam Noord", "--organisation", "Gemeente Utrecht"]).exit_code == 0
    result = runner.invoke(
        args=["users", "create", "Sanne@Example.org", "--name", "Sanne", "--role", "professional", "--team", "Buurtteam Noord"],
        input="een lang wachtwoord\neen lang wachtwoord\n",
    )
    assert result.exit_code == 0, result.output
    assert "een lang wachtwoord" not in result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "sanne@example.org"))
        assert user.role == Role.PROFESSIONAL and user.team.name == "Buurtteam Noord"
        assert user.check_password("een lang wachtwoord")
    listed = runner.invoke(args=["users", "list"]).output
    assert "sanne@example.org\tprofessional\tBuurtteam Noord\tactive" in listed


def test_the_first_administrator_from_standard_input(app, runner):
    result = runner.invoke(
        args=["users", "create", "beheer@example.org", "--name", "Beheer", "--role", "admin", "--password-stdin"],
        input="nog een lang wachtwoord\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == "beheer@example.org")).role == Role.ADMIN


@pytest.mark.parametrize("args, password, message", [
    (["--role", "professional"], "een lang wachtwoord", "hoort bij een team"),
    (["--role", "admin", "--team", "1"], "een lang wachtwoord", "hoort niet bij een team"),
    (["--role", "admin"], "kort", "minstens 12 tekens"),
    (["--role", "professional", "--team", "Nergens"], "een lang wachtwoord", "Geen team gevonden"),
])
def test_users_create_refuses_with_a_clear_message_and_writes_nothing(app, runner, args, password, message):
    runner.invoke(args=["teams", "create", "Team", "--organisation", "Gemeente"])
    result = runner.invoke(args=["users", "create", "x@example.org", "--name", "X", *args, "--password-stdin"], input=password + "\n")
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == "x@example.org")) is None


def test_the_same_address_twice_is_refused(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["users", "create", "a@example.org", "--name", "A", "--role", "admin", "--password-stdin"], input="een lang wachtwoord\n")
    assert result.exit_code == 1 and "al een account" in result.output


def test_set_password_and_deactivate(app, runner):
    runner.invoke(args=["users", "create", "a@example.org", "--name", "A", "--role", "admin", "--password-stdin"], input="een lang wachtwoord\n")
    assert runner.invoke(args=["users", "set-password", "a@example.org", "--password-stdin"], input="een ander wachtwoord\n").exit_code == 0
    last = runner.invoke(args=["users", "deactivate", "a@example.org"])
    assert last.exit_code == 1 and "laatste beheerder" in last.output, "the app keeps someone who can run it"
    runner.invoke(args=["users", "create", "b@example.org", "--name", "B", "--role", "admin", "--password-stdin"], input="een lang wachtwoord\n")
    assert runner.invoke(args=["users", "deactivate", "a@example.org"]).exit_code == 0
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "a@example.org"))
        assert user.check_password("een ander wachtwoord") and not user.active
    assert runner.invoke(args=["users", "deactivate", "nobody@example.org"]).exit_code == 1


def test_teams_list_and_a_duplicate_team(app, runner):
    runner.invoke(args=["teams", "create", "Noord", "--organisation", "Gemeente"])
    duplicate = runner.invoke(args=["teams", "create", "Noord", "--organisation", "Gemeente"])
    assert duplicate.exit_code == 1 and "al een team" in duplicate.output
    assert "Noord\tGemeente" in runner.invoke(args=["teams", "list"]).output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Team)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Household)) == 0


def test_production_config_refuses_to_start_without_secrets(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")
    assert DemoConfig.DEMO is True


def test_configuration_is_read_when_the_app_is_made(monkeypatch, tmp_path):
    monkeypatch.setenv("WATTELT_INSTRUMENT_DIRS", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "0")
    config = Config()
    assert config.INSTRUMENT_DIRECTORIES == [str(tmp_path / "elsewhere")]
    assert config.SESSION_COOKIE_SECURE is False
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    assert Config().SESSION_COOKIE_SECURE is True


def test_old_write_receipts_are_purged(app, runner):
    from datetime import datetime, timedelta, timezone

    from wattelt.models import WriteReceipt

    runner.invoke(args=["users", "create", "a@example.org", "--name", "A", "--role", "admin", "--password-stdin"], input="een lang wachtwoord\n")
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        now = datetime.now(timezone.utc)
        for key, age in [("oud-00001", 31), ("nieuw-0001", 29)]:
            db.session.add(WriteReceipt(user_id=user.id, key=key, fingerprint="x", status=200, body="{}", created_at=now - timedelta(days=age)))
        db.session.commit()
    result = runner.invoke(args=["retention", "purge-receipts", "--days", "30"])
    assert result.exit_code == 0 and "Removed 1 write receipts" in result.output
    with app.app_context():
        assert db.session.scalars(sa.select(WriteReceipt.key)).all() == ["nieuw-0001"]
