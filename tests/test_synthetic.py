"""The synthetic city for benchmarks: exactly the counts asked for, rows that keep the models'
rules, an account that can sign in, and a refusal outside a benchmark or demo configuration."""
import sqlalchemy as sa

from tests.conftest import login
from wattelt.extensions import db
from wattelt.models import Chip, ChipEvent, Experience, Goal, Household, Member, Round, Topic, User
from wattelt.synthetic import BENCH_EMAIL, BENCH_PASSWORD


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_synthetic_city_is_refused_in_the_production_configuration(app, runner):
    result = runner.invoke(args=["synthetic-city", "--households", "30"])
    assert result.exit_code != 0
    assert "only made in the benchmark or demo configuration" in result.output
    with app.app_context():
        assert count(Household) == 0 and count(User) == 0


def test_the_synthetic_city_has_the_requested_counts_and_keeps_the_rules(app, runner, client):
    app.config["BENCHMARK"] = True
    result = runner.invoke(args=["synthetic-city", "--households", "30", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "30 of 30 households" in result.output
    with app.app_context():
        assert (count(Household), count(Member), count(Round)) == (30, 75, 180)
        # Six to eight domains a round, sometimes an own domain; a chip per perspective at most.
        per_round = db.session.execute(sa.select(sa.func.count()).select_from(Topic).group_by(Topic.round_id)).scalars().all()
        assert len(per_round) == 180 and min(per_round) >= 6 and max(per_round) <= 9
        assert count(Chip) > 180 * 6 and count(ChipEvent) == count(Chip)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Chip).where(Chip.value.is_(None))) > 0
        assert count(Goal) > 0 and count(Experience) > 0
        members_per_household = db.session.execute(sa.select(sa.func.count()).select_from(Member).group_by(Member.household_id)).scalars().all()
        assert min(members_per_household) >= 1 and max(members_per_household) <= 8
        completed = db.session.scalar(sa.select(sa.func.count()).select_from(Round).where(Round.completed_at.is_not(None)))
        assert completed > 150
        first = db.session.scalar(sa.select(Household).order_by(Household.id))
        first_name = first.name
    # The benchmark's professional signs in and sees the caseload of their team.
    login(client, BENCH_EMAIL, BENCH_PASSWORD)
    page = client.get("/households/")
    assert page.status_code == 200 and first_name in page.get_data(as_text=True)
    assert client.get(f"/households/{first.id}").status_code == 200
    # A second city in the same database is refused, with nothing added.
    again = runner.invoke(args=["synthetic-city", "--households", "5"])
    assert again.exit_code != 0 and "already has a synthetic city" in again.output
    with app.app_context():
        assert count(Household) == 30


def test_members_and_rounds_can_be_asked_for_exactly(app, runner):
    app.config["DEMO"] = True
    result = runner.invoke(args=["synthetic-city", "--households", "12", "--members", "40", "--rounds", "25"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert (count(Household), count(Member), count(Round)) == (12, 40, 25)
    wrong = runner.invoke(args=["synthetic-city", "--households", "2", "--members", "30"])
    assert wrong.exit_code != 0 and "--members must be between" in wrong.output


def test_every_reference_in_the_synthetic_city_points_at_a_row(app, runner):
    """On PostgreSQL the city goes in with the per-row key checks off; every key must still hold."""
    app.config["BENCHMARK"] = True
    assert runner.invoke(args=["synthetic-city", "--households", "20"]).exit_code == 0
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for key in table.foreign_keys:
                column, target = key.parent, key.column
                orphans = sa.select(sa.func.count()).select_from(table).where(
                    column.is_not(None), ~sa.exists().where(target == column)
                )
                assert db.session.scalar(orphans) == 0, f"{table.name}.{column.name}"
