"""Wat telt: a conversation instrument on life domains for the Dutch social domain."""
import os

from flask import Flask

from wattelt.config import BenchmarkConfig, Config, DemoConfig
from wattelt.paths import resource_dir


def create_app(config: str | object | None = None) -> Flask:
    """Build the app. config: 'production' (default, from the environment), 'demo', 'benchmark', or a config object."""
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
        instance_relative_config=True,
    )
    app.config.from_object(_config_object(config or os.environ.get("WATTELT_CONFIG", "production"), app))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(resource_dir("translations"))
    _require(app, "SECRET_KEY", "SECRET_KEY is not set: give the app a long random secret in the environment.")
    _require(app, "SQLALCHEMY_DATABASE_URI", "DATABASE_URL is not set: point it at the database, e.g. postgresql+psycopg://user@host/wattelt.")

    from wattelt import assets, cli, errors, formtools, i18n, instrument, logs, policy, replica, security, transaction
    from wattelt.auth import sessions
    from wattelt.extensions import compress, csrf, db, limiter, login_manager, migrate

    formtools.speed_up_wtforms()
    # First: its request hooks time the whole request and see the answer as it leaves.
    logs.init_app(app)
    db.init_app(app)
    replica.init_app(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")))
    csrf.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    formtools.init_app(app)
    login_manager.init_app(app)
    instrument.init_app(app)
    assets.init_app(app)
    security.init_app(app)
    sessions.init_app(app)
    policy.init_app(app)
    transaction.init_app(app)
    errors.register(app)
    cli.register(app)

    from wattelt.admin.routes import bp as admin_bp
    from wattelt.auth.routes import bp as auth_bp
    from wattelt.experience.routes import bp as experience_bp
    from wattelt.exports.routes import bp as exports_bp, public as fhir_bp
    from wattelt.figures.routes import bp as figures_bp
    from wattelt.households.routes import bp as households_bp
    from wattelt.instrument.routes import bp as instrument_bp
    from wattelt.main.routes import bp as main_bp
    from wattelt.plan.routes import bp as plan_bp
    from wattelt.progress.routes import bp as progress_bp
    from wattelt.pwa.routes import bp as pwa_bp
    from wattelt.residents.routes import bp as residents_bp
    from wattelt.rights.routes import bp as rights_bp
    from wattelt.rounds.api import bp as rounds_api_bp
    from wattelt.rounds.routes import bp as rounds_bp
    from wattelt.sharing.routes import bp as sharing_bp
    from wattelt.sharing.routes import entry as invitation_bp

    for blueprint in (
        main_bp, pwa_bp, auth_bp, households_bp, rounds_bp, rounds_api_bp, plan_bp, progress_bp,
        sharing_bp, invitation_bp, residents_bp, rights_bp, admin_bp, instrument_bp, exports_bp, fhir_bp, experience_bp,
        figures_bp,
    ):
        app.register_blueprint(blueprint)
    instrument.check_versions_in_use(app)
    return app


def _config_object(config, app: Flask):
    if config == "production":
        return Config()
    if config == "demo":
        return DemoConfig(app.instance_path)
    if config == "benchmark":
        return BenchmarkConfig(app.instance_path)
    if isinstance(config, str):
        raise RuntimeError(f"unknown configuration {config!r}: use 'production', 'demo' or 'benchmark'")
    return config


def _require(app: Flask, key: str, message: str) -> None:
    if not app.config.get(key):
        raise RuntimeError(message)
