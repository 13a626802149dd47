"""Flask commands: demo data and a local demo server."""
from datetime import date

import click
from flask import Flask, current_app
from flask_migrate import upgrade


def register(app: Flask) -> None:
    @app.cli.group()
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
    from wattelt.extensions import db

    if not current_app.config.get("DEMO"):
        raise click.ClickException("Demo data is only created in the demo configuration (create_app('demo')).")
    if demo_data.has_data():
        click.echo("The database already has users; no demo data added.")
        return
    demo_data.create_demo_data(date.today())
    click.echo("Demo data created.")
