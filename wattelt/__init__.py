"""Wat telt: a conversation instrument on life domains for the Dutch social domain."""
import os

from flask import Flask

from wattelt.config import Config, DemoConfig


def create_app(config: str | object | None = None) -> Flask:
    """Build the app. config: 'production' (default, from the environment), 'demo', or a config object."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    app.config.from_object(_config_object(config or os.environ.get("WATTELT_CONFIG", "production"), app))
    _require(app, "SECRET_KEY", "SECRET_KEY is not set: give the app a long random secret in the environment.")
    _require(app, "SQLALCHEMY_DATABASE_URI", "DATABASE_URL is not set: point it at the database, e.g. postgresql+psycopg://user@host/wattelt.")

    from wattelt import cli, errors, i18n, instrument, security
    from wattelt.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "..", "migrations"))
    csrf.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    instrument.init_app(app)
    security.init_app(app)
    errors.register(app)
    cli.register(app)

    from wattelt.auth.routes import bp as auth_bp
    from wattelt.board.routes import bp as board_bp
    from wattelt.households.routes import bp as households_bp
    from wattelt.main.routes import bp as main_bp
    from wattelt.plan.routes import bp as plan_bp
    from wattelt.progress.routes import bp as progress_bp

    for blueprint in (main_bp, auth_bp, households_bp, board_bp, plan_bp, progress_bp):
        app.register_blueprint(blueprint)
    return app


def _config_object(config, app: Flask):
    if config == "production":
        return Config()
    if config == "demo":
        return DemoConfig(app.instance_path)
    if isinstance(config, str):
        raise RuntimeError(f"unknown configuration {config!r}: use 'production' or 'demo'")
    return config


def _require(app: Flask, key: str, message: str) -> None:
    if not app.config.get(key):
        raise RuntimeError(message)
