"""Backups of the whole database, and putting one back.

SQLite: SQLite's own online backup, a consistent copy while the app goes on writing. PostgreSQL:
`pg_dump --format=custom` and `pg_restore --clean --if-exists` in one transaction, run when the
client programs are installed, else told as commands to run by hand.

A backup is only put back when it is a Wat telt database at a revision this release knows, and
only when asked with --yes; the append-only logs keep their triggers (they travel in the backup
and are checked afterwards). Every refusal is a BackupError with a message for the operator.
"""
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from wattelt.models.types import APPEND_ONLY_TABLES, append_only_triggers
from wattelt.paths import resource_dir

SQLITE_HEADER = b"SQLite format 3\x00"
PG_ARCHIVE_HEADER = b"PGDMP"
# The client's major version must be at least the server's; Debian names its package after it.
PG_CLIENT_HINT = "install the PostgreSQL client programs of the server's version (Debian: postgresql-client-15)"


class BackupError(Exception):
    """A refusal or failure, said to the operator in one message; nothing was changed."""


@dataclass
class Backup:
    path: Path
    kind: str  # "sqlite" or "postgresql"
    revision: str
    at_head: bool


def create(url: sa.URL, target: Path) -> Backup:
    """Write a backup of the database at url to target, a new file: first beside it under a
    temporary name, then renamed, so a half-made backup never carries the real name."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already. Choose a new name (for example with today's date); a backup is never overwritten.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_copy(_sqlite_source(url), partial)
        else:
            _pg(url, target, "pg_dump", "--format=custom", f"--file={partial}")
        made = inspect(partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    made.path = target
    return made


def inspect(path: Path) -> Backup:
    """What the file at path is, if it is a Wat telt backup; else a BackupError that says what it is not."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    with path.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header == SQLITE_HEADER:
        kind, revision = "sqlite", _sqlite_revision(path)
    elif header.startswith(PG_ARCHIVE_HEADER):
        kind, revision = "postgresql", _pg_revision(path)
    else:
        raise BackupError(f"{path} is not a backup of Wat telt: it is neither an SQLite database nor a pg_dump archive (--format=custom).")
    if revision is None:
        raise BackupError(f"{path} is a database, but not one of Wat telt: it has no alembic_version table with a revision.")
    scripts = ScriptDirectory(str(resource_dir("migrations")))
    known = {script.revision for script in scripts.walk_revisions()}
    if revision not in known:
        raise BackupError(
            f"{path} is at database revision {revision!r}, which this release does not know: it was made by a newer "
            "release of Wat telt. Put it back with that release."
        )
    return Backup(path, kind, revision, revision == scripts.get_current_head())


def restore(url: sa.URL, path: Path, confirmed: bool) -> Backup:
    """Replace everything in the database at url by the backup at path, in one step: when it
    fails, the database is as it was."""
    backup = inspect(path)
    kind = url.get_backend_name()
    if backup.kind != kind:
        raise BackupError(f"{path} is a backup of an {backup.kind} database; this app uses {kind}. Put it back into a database of its kind.")
    if not confirmed:
        made = datetime.fromtimestamp(Path(path).stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        raise BackupError(
            f"This replaces everything in the database {_name(url)} by the backup {path} (revision {backup.revision}, "
            f"file from {made}). Stop the app processes first, then run the command again with --yes."
        )
    if kind == "sqlite":
        _sqlite_copy(backup.path, _sqlite_source(url))
    else:
        _pg(url, backup.path, "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
            "--exit-on-error", str(backup.path), database_option="--dbname")
    if backup.at_head:
        _check_append_only(url)
    return backup


def pg_commands(url: sa.URL, path: Path | str) -> list[str]:
    """The commands to make and put back a backup by hand, as the README gives them."""
    conninfo = _conninfo(url)
    return [
        f"pg_dump --format=custom --file={path} '{conninfo}'",
        f"pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --dbname='{conninfo}' {path}",
    ]


def _name(url: sa.URL) -> str:
    return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)


# SQLite

def _sqlite_source(url: sa.URL) -> Path:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise BackupError("The database is in memory (or a URI this command does not read): there is no file to copy or to replace.")
    path = Path(database)
    if not path.is_file():
        raise BackupError(f"The database file {path} does not exist.")
    return path


def _sqlite_copy(source: Path, destination: Path) -> None:
    """SQLite's online backup: consistent even while other connections write; the destination is
    written in one step (pages=-1), so a failure leaves it as it was."""
    try:
        reading = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            writing = sqlite3.connect(destination)
            try:
                reading.backup(writing)
            finally:
                writing.close()
        finally:
            reading.close()
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source} to {destination}: {error}.") from None


def _sqlite_revision(path: Path) -> str | None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is a damaged SQLite database (PRAGMA quick_check fails).")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if "no such table" in str(error):
            return None
        raise BackupError(f"{path} cannot be read as an SQLite database: {error}.") from None
    return row[0] if row else None


# PostgreSQL

def _conninfo(url: sa.URL) -> str:
    """A libpq address for the client programs, without the password (that goes in PGPASSWORD, so
    it does not show in the process list)."""
    plain = sa.URL.create("postgresql", username=url.username, host=url.host, port=url.port, database=url.database, query=url.query)
    return plain.render_as_string(hide_password=False)


def _pg(url: sa.URL, path: Path, program: str, *args: str, database_option: str | None = None) -> str:
    binary = shutil.which(program)
    if binary is None:
        password = " (with the password in PGPASSWORD or ~/.pgpass)" if url.password else ""
        raise BackupError(
            f"{program} is not installed on this machine: {PG_CLIENT_HINT}, or run by hand{password}:\n  "
            + "\n  ".join(pg_commands(url, path))
        )
    conninfo = _conninfo(url)
    command = [binary, *args, f"{database_option}={conninfo}" if database_option else conninfo]
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode:
        said = result.stderr.strip().splitlines()[-3:] or ["(no message)"]
        raise BackupError(f"{program} failed; nothing was changed. It said:\n  " + "\n  ".join(said))
    return result.stdout


def _pg_revision(path: Path) -> str | None:
    """The alembic_version row inside a pg_dump archive, read without touching any database."""
    binary = shutil.which("pg_restore")
    if binary is None:
        raise BackupError(f"{path} is a pg_dump archive; reading it needs pg_restore: {PG_CLIENT_HINT}.")
    listed = subprocess.run([binary, "--list", str(path)], capture_output=True, text=True)
    if listed.returncode:
        raise BackupError(f"{path} is a damaged pg_dump archive: {listed.stderr.strip()}")
    if " alembic_version " not in listed.stdout:
        return None
    data = subprocess.run([binary, "--data-only", "--table=alembic_version", "--file=-", str(path)], capture_output=True, text=True)
    lines = data.stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("COPY ") and "alembic_version" in line), None)
    if start is None or start + 1 >= len(lines) or lines[start + 1] == "\\.":
        return None
    return lines[start + 1].strip()


# After a restore

def _check_append_only(url: sa.URL) -> None:
    """The logs refuse changes in the restored database as they did before."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                found = set(connection.scalars(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))
            else:
                found = set(connection.scalars(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    finally:
        engine.dispose()
    missing = sorted(name for table in APPEND_ONLY_TABLES for name in append_only_triggers(table, engine.dialect.name) if name not in found)
    if missing:
        raise BackupError(
            "The backup is back, but the logs' append-only triggers are missing: " + ", ".join(missing)
            + ". Run `flask db upgrade`, and do not let people in before they are there."
        )
