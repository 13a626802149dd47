"""Closing a household and retention: support ends, nothing more is added, the data is kept for the
organisation's retention period, and `flask retention purge` erases it after that."""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from tests import factories
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.models import AdminEvent, Grant, GrantKind, Household, Invitation, Member, Round, Team, User
from wattelt.rights.service import add_months


def close(client, household_id):
    form = page_form(client.get(f"/households/{household_id}"), action=f"/households/{household_id}/afsluiten")
    return form.submit(client)


def test_closing_keeps_the_data_says_until_when_and_stops_new_work(app, pro_a, world):
    response = close(pro_a, world.household)
    assert response.status_code == 302
    page = pro_a.get(f"/households/{world.household}").get_data(as_text=True)
    assert "De begeleiding is afgesloten op" in page and "daarna gewist" in page
    assert "Nieuw gesprek" not in page and "Lid toevoegen" not in page
    assert pro_a.get(f"/rounds/{world.second}/result").status_code == 200, "looking back stays possible"
    assert pro_a.get(f"/members/{world.marieke}/rounds/new").status_code == 403
    assert pro_a.post(f"/households/{world.household}/plan", data={}).status_code == 403
    with app.app_context():
        household = db.session.get(Household, world.household)
        assert household.closed_at is not None
        assert db.session.get(Invitation, world.invitation).revoked_at is not None, "an unused link stops working"


def test_reopening_allows_new_work_again(app, pro_a, world):
    close(pro_a, world.household)
    form = page_form(pro_a.get(f"/households/{world.household}"), action=f"/households/{world.household}/heropenen")
    assert form.submit(pro_a).status_code == 302
    assert "Nieuw gesprek" in pro_a.get(f"/households/{world.household}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Household, world.household).closed_at is None


def test_add_months_keeps_the_calendar():
    moment = datetime(2025, 1, 31, 12, tzinfo=timezone.utc)
    assert add_months(moment, 1) == datetime(2025, 2, 28, 12, tzinfo=timezone.utc)
    assert add_months(moment, 13) == datetime(2026, 2, 28, 12, tzinfo=timezone.utc)
    assert add_months(moment, -2) == datetime(2024, 11, 30, 12, tzinfo=timezone.utc)
    assert add_months(moment, 24) == datetime(2027, 1, 31, 12, tzinfo=timezone.utc)


def closed_ago(app, household_id, **delta):
    with app.app_context():
        db.session.get(Household, household_id).closed_at = datetime.now(timezone.utc) - timedelta(**delta)
        db.session.commit()


def test_purge_erases_households_closed_longer_than_the_retention_period(app, runner, world):
    with app.app_context():
        team_a = db.session.get(Team, world.team_a)
        team_a.organisation.retention_months = 6
        db.session.commit()
    closed_ago(app, world.household, days=190)       # team A keeps 6 months: due
    closed_ago(app, world.other_household, days=190)  # team B keeps the default 24 months: not yet
    dry = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert dry.exit_code == 0 and "Would erase 1 closed household." in dry.output
    assert f"household {world.household} " in dry.output and "Familie" not in dry.output, "no names in logs"
    with app.app_context():
        assert db.session.get(Household, world.household) is not None, "a dry run erases nothing"

    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0 and "Erased 1 closed household." in result.output
    with app.app_context():
        assert db.session.get(Household, world.household) is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member).where(Member.household_id == world.household)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Round).where(Round.member_id == world.marieke)) == 0
        assert db.session.get(Household, world.other_household) is not None
        event = db.session.scalar(sa.select(AdminEvent))
        assert (event.user_id, event.action, event.object_id, event.details["retention_months"]) == (None, "household.purged", world.household, 6)
    again = runner.invoke(args=["retention", "purge"])
    assert "Erased 0 closed households." in again.output


def test_a_household_still_open_or_closed_recently_is_kept(app, runner, world):
    closed_ago(app, world.household, days=30)
    assert "Erased 0 closed households." in runner.invoke(args=["retention", "purge"]).output
    with app.app_context():
        assert db.session.get(Household, world.household) is not None
        assert db.session.get(Household, world.other_household) is not None


def test_nobody_new_comes_into_a_closed_household_but_access_can_still_be_withdrawn(app, pro_a, world):
    close(pro_a, world.household)
    page = pro_a.get(f"/households/{world.household}/delen").get_data(as_text=True)
    assert "Iemand laten helpen" not in page and "Toegang afnemen" in page
    assert pro_a.post(f"/households/{world.household}/delen", data={"label": "Nieuw", "kind": "helper_plan"}).status_code == 403
    assert pro_a.post(f"/households/{world.household}/delen/leden", data={"members_share": "y"}).status_code == 403
    with app.app_context():
        household = db.session.get(Household, world.household)
        assert household.members_share is False
        # A link made before closing and somehow still open: it does not let anyone in either.
        invitation, token = factories.invitation(db.session.get(User, world.pro_a), household, GrantKind.HELPER_PLAN, label="Later")
    assert app.test_client().get(f"/uitnodiging/{token}").status_code == 410
    withdraw = page_form(pro_a.get(f"/households/{world.household}/delen"), action=f"/toegang/{world.grant}/intrekken")
    assert withdraw.submit(pro_a).status_code == 302
    with app.app_context():
        assert db.session.get(Grant, world.grant).revoked_at is not None
