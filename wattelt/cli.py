"""Flask commands: users and teams for production, backups, demo data and a local demo server, a
synthetic city for benchmarks.

Each command is one transaction: it commits when it succeeds and leaves nothing behind when it fails.
"""
import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.models import Role


def register(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(teams)
    app.cli.add_command(demo)
    app.cli.add_command(translate)
    app.cli.add_command(retention)
    app.cli.add_command(backup)
    app.cli.add_command(synthetic_city)


def _done(work):
    """Run work in one transaction; a refusal is printed as a clear error (exit code 1)."""
    try:
        result = work()
    except InvalidInput as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    return result


def _password(from_stdin: bool) -> str:
    """Asked twice without echo, or one line from standard input; never an argument (it would land in shell history)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group(cls=AppGroup)
def users():
    """Accounts of professionals, team leads and administrators."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Name shown in the app.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--team", "team_ref", help="Team name or number (not for an administrator).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email, name, role, team_ref, password_stdin):
    """Create an account; the password is asked, never given as an argument."""
    from wattelt.admin import service

    team = _done(lambda: service.find_team(team_ref)) if team_ref else None
    password = _password(password_stdin)
    user = _done(lambda: service.create_user(email, name, Role(role), team, password))
    click.echo(f"Created {user.role.value} {user.email}" + (f" in team {team.name}" if team else ""))


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password(email, password_stdin):
    """Give an account a new password."""
    from wattelt.admin import service

    from wattelt.admin import audit

    user = _done(lambda: service.find_user(email))
    password = _password(password_stdin)
    _done(lambda: (service.set_password(user, password), audit.record(None, "user.password_set", user)))
    click.echo(f"New password set for {user.email}")


@users.command("deactivate")
@click.argument("email")
def deactivate(email):
    """Stop an account from signing in; it keeps its history."""
    from wattelt.admin import service

    _done(lambda: service.set_active(service.find_user(email), False))
    click.echo(f"Deactivated {email}")


@users.command("sign-out")
@click.argument("email")
def sign_out(email):
    """End every session of an account at once, on every device (a lost phone, a stolen laptop)."""
    from wattelt.admin import audit, service
    from wattelt.auth import sessions

    def sign_out_everywhere():
        user = service.find_user(email)
        audit.record(None, "user.signed_out", user)
        return sessions.end_all(user)

    ended = _done(sign_out_everywhere)
    click.echo(f"Signed out {email} everywhere ({ended} open sessions ended)")


@users.command("reset-two-factor")
@click.argument("email")
def reset_two_factor(email):
    """A lost phone and lost recovery codes: the next sign-in sets up the app again."""
    from wattelt.admin import service

    _done(lambda: service.reset_two_factor(service.find_user(email)))
    click.echo(f"Two-step sign-in of {email} is reset; it is set up again at the next sign-in")


@users.command("list")
def list_users():
    """Every account with its role, team and whether it can sign in."""
    from wattelt.admin import service

    for user in service.users():
        team = user.team.name if user.team else "-"
        click.echo(f"{user.email}\t{user.role.value}\t{team}\t{'active' if user.active else 'deactivated'}")


@click.group(cls=AppGroup)
def teams():
    """Teams in which professionals work."""


@teams.command("create")
@click.argument("name")
@click.option("--organisation", required=True, help="Organisation name; made on first use.")
def create_team(name, organisation):
    from wattelt.admin import service

    team = _done(lambda: service.create_team(organisation, name))
    click.echo(f"Created team {team.id}: {team.name} ({organisation})")


@teams.command("list")
def list_teams():
    from wattelt.admin import service

    for team in service.teams():
        click.echo(f"{team.id}\t{team.name}\t{team.organisation.name}")


@click.group(cls=AppGroup)
def demo():
    """Demo data for a local demo (only in the demo configuration)."""


@demo.command("seed")
def seed():
    """Create the demo accounts and caseload, if the database has no users yet."""
    _seed()


@demo.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def run(host: str, port: int):
    """Bring the database up to date, add demo data on first start, and serve the app."""
    from werkzeug.serving import run_simple

    upgrade()
    _seed()
    click.echo(f"Wat telt runs at http://{host}:{port}  (demo@wattelt.example / wattelt-demo)")
    run_simple(host, port, current_app._get_current_object(), threaded=True)


def _seed() -> None:
    from wattelt import demo as demo_data

    if not current_app.config.get("DEMO"):
        raise click.ClickException("Demo data is only created in the demo configuration (create_app('demo')).")
    if demo_data.has_data():
        click.echo("The database already has users; no demo data added.")
        return
    _done(lambda: demo_data.create_demo_data(date.today()))
    click.echo("Demo data created.")


@click.command("synthetic-city")
@click.option("--households", default=1000, show_default=True, help="Households to make.")
@click.option("--members", type=int, help="Members in all (default 2.5 a household).")
@click.option("--rounds", type=int, help="Rounds in all (default 6 a household).")
@click.option("--seed", default=1, show_default=True, help="The same seed gives the same city.")
@with_appcontext
def synthetic_city(households: int, members: int | None, rounds: int | None, seed: int):
    """Fill the database with a made-up city for benchmarks (benchmark or demo configuration only)."""
    import time

    from wattelt import synthetic

    # Made-up people must never be mixed into a real municipality's data.
    if not (current_app.config.get("BENCHMARK") or current_app.config.get("DEMO")):
        raise click.ClickException(
            "The synthetic city is only made in the benchmark or demo configuration (WATTELT_CONFIG=benchmark)."
        )
    try:
        size = synthetic.CitySize.of(households, members, rounds)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    started = time.perf_counter()
    try:
        counts = synthetic.build_city(size, seed, date.today(), progress=click.echo)
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Synthetic city made in {time.perf_counter() - started:.0f} s:")
    for kind, count in counts.items():
        click.echo(f"  {kind:14} {count:>12,}")
    click.echo(f"Sign in as {synthetic.BENCH_EMAIL} (professional) or {synthetic.BENCH_LEAD_EMAIL} (team lead), password {synthetic.BENCH_PASSWORD}")


@click.group(cls=AppGroup)
def retention():
    """Removing what is no longer needed (run daily, for example from cron)."""


@retention.command("purge-receipts")
@click.option("--days", default=30, show_default=True, help="Keep the receipts of this many days.")
def purge_receipts(days: int):
    """Forget the stored answers to JSON writes older than --days (they only serve replays)."""
    from datetime import datetime, timedelta, timezone

    from wattelt.jsondoor import purge_receipts as purge

    removed = _done(lambda: purge(datetime.now(timezone.utc) - timedelta(days=days)))
    click.echo(f"Removed {removed} write receipts older than {days} days.")


@retention.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list what would be erased.")
def purge_closed(dry_run: bool):
    """Erase households closed longer ago than their organisation's retention period."""
    from datetime import datetime, timezone

    from wattelt.rights import service

    now = datetime.now(timezone.utc)
    if dry_run:
        due = service.due_for_erasure(now)
        db.session.rollback()
    else:
        due = _done(lambda: service.purge(now))
    verb = "Would erase" if dry_run else "Erased"
    click.echo(f"{verb} {len(due)} closed household{'' if len(due) == 1 else 's'}.")
    # Numbers and dates only: household names are personal data and stay out of logs.
    for item in due:
        click.echo(f"  household {item.household_id} ({item.organisation}): closed on {item.closed_on}, kept {item.retention_months} months")


@click.group(cls=AppGroup)
def backup():
    """A copy of the whole database, and putting one back (run daily, for example from cron)."""


@backup.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create_backup(path: Path):
    """Write a backup to PATH, a new file (SQLite: online backup; PostgreSQL: pg_dump --format=custom)."""
    from wattelt import backup as backups

    made = _backup_step(lambda: backups.create(db.engine.url, path))
    click.echo(f"Backup written to {made.path} ({made.kind}, database revision {made.revision}, {made.path.stat().st_size:,} bytes).")


@backup.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Really replace everything in the database by the backup.")
def restore_backup(path: Path, yes: bool):
    """Replace everything in the database by the backup at PATH; refused without --yes."""
    from wattelt import backup as backups

    # Connections of this process must not hold on to what is about to be replaced.
    db.session.remove()
    db.engine.dispose()
    put_back = _backup_step(lambda: backups.restore(db.engine.url, path, confirmed=yes))
    click.echo(f"The database is back as in {put_back.path} (revision {put_back.revision}).")
    if not put_back.at_head:
        click.echo("It was made by an earlier release: run `flask db upgrade` before starting the app.")


def _backup_step(work):
    from wattelt.backup import BackupError

    try:
        return work()
    except BackupError as error:
        raise click.ClickException(str(error)) from None


@click.group(cls=AppGroup)
def translate():
    """Translation catalogues (run from a checkout: the strings are read from the source)."""


# The markers our code uses for translatable text, in one place.
EXTRACT = ["-F", "babel.cfg", "-k", "_l", "-k", "lazy_ngettext:1,2", "--ignore-dirs=.venv node_modules tests"]


def _pybabel(*args: str) -> None:
    import subprocess

    from wattelt.paths import PACKAGE

    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=PACKAGE.parent)
    if result.returncode:
        raise click.ClickException(f"pybabel {args[0]} failed")


@translate.command("update")
def translate_update():
    """Collect every marked string and add new ones to every catalogue."""
    _pybabel("extract", *EXTRACT, "-o", "translations/messages.pot", ".")
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations")


@translate.command("compile")
def translate_compile():
    """Compile the catalogues the app reads."""
    _pybabel("compile", "-d", "translations")


@translate.command("init")
@click.argument("language")
def translate_init(language):
    """Start a catalogue for a new language, such as 'ar'."""
    _pybabel("extract", *EXTRACT, "-o", "translations/messages.pot", ".")
    _pybabel("init", "-i", "translations/messages.pot", "-d", "translations", "-l", language)
