"""Configuration classes. Production reads everything from the environment."""
import os
import secrets
from pathlib import Path


class Config:
    """Production settings: nothing secret has a default, so a forgotten variable stops start-up."""

    DEMO = False
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    # A conversation at the kitchen table can take more than an hour before the form is sent.
    WTF_CSRF_TIME_LIMIT = 4 * 3600
    MAX_CONTENT_LENGTH = 256 * 1024
    PASSWORD_HASH_METHOD = "scrypt"
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_TRANSLATION_DIRECTORIES = "../translations"
    LANGUAGES = {"nl": "Nederlands", "en": "English"}
    LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600

    def __init__(self):
        # Read the environment when the app is made, not when this module is imported.
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", self.SQLALCHEMY_DATABASE_URI)
        self.SECRET_KEY = os.environ.get("SECRET_KEY", self.SECRET_KEY)


class DemoConfig(Config):
    """Local demo: embedded SQLite in the instance folder, demo accounts allowed, plain http."""

    DEMO = True
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False

    def __init__(self, instance_path: str):
        super().__init__()
        instance = Path(instance_path)
        instance.mkdir(parents=True, exist_ok=True)
        if not os.environ.get("DATABASE_URL"):
            self.SQLALCHEMY_DATABASE_URI = f"sqlite:///{instance / 'wattelt-demo.sqlite'}"
        if not os.environ.get("SECRET_KEY"):
            self.SECRET_KEY = _demo_secret(instance / "demo-secret-key")


class TestConfig(Config):
    __test__ = False  # a config, not a pytest test class
    TESTING = True
    SECRET_KEY = "test-secret-key"
    # Deliberately weak and fast: test passwords protect nothing.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False

    def __init__(self, database_url: str = "sqlite://", **overrides):
        super().__init__()
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.SECRET_KEY = "test-secret-key"
        for key, value in overrides.items():
            setattr(self, key, value)


def _demo_secret(path: Path) -> str:
    """A random key kept beside the demo database, so demo sessions survive a restart."""
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _instrument_directories() -> list[str]:
    """Extra folders with instrument files, so an administrator can load a version without a release."""
    return [p for p in os.environ.get("WATTELT_INSTRUMENT_DIRS", "").split(os.pathsep) if p]


Config.INSTRUMENT_DIRECTORIES = _instrument_directories()
