"""Configuration classes. Everything that comes from the environment is read when the app is made,
never when this module is imported, so one process can build apps with different settings."""
import os
import secrets
from pathlib import Path


class Config:
    """Production settings: nothing secret has a default, so a forgotten variable stops start-up."""

    DEMO = False
    # Benchmarks only: allows `flask synthetic-city`, which fills the database with made-up people.
    BENCHMARK = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    # A conversation at the kitchen table can take more than an hour before the form is sent.
    WTF_CSRF_TIME_LIMIT = 4 * 3600
    MAX_CONTENT_LENGTH = 256 * 1024
    PASSWORD_HASH_METHOD = "scrypt"
    BABEL_DEFAULT_LOCALE = "nl"
    # Times are stored in UTC and shown in Dutch time (CET/CEST): an access log or an invitation
    # that said 19:44 UTC when it was 20:44 at the kitchen table read as an hour off.
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    # Each language by its own name. The README says which catalogues no native speaker reviewed yet.
    LANGUAGES = {"nl": "Nederlands", "en": "English", "ar": "العربية", "tr": "Türkçe", "pl": "Polski", "uk": "Українська"}
    # Instrument texts missing in a language are taken from the next language in its chain.
    INSTRUMENT_FALLBACK = {"nl": (), "en": ("nl",)}
    INSTRUMENT_FALLBACK_DEFAULT = ("en", "nl")
    LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
    # Versioned static addresses may be kept by browsers and the service worker this long.
    STATIC_MAX_AGE = 365 * 24 * 3600
    # How long a set-password link for a new or reset staff account works.
    PASSWORD_LINK_DAYS = 3
    # Where people report an accessibility problem (shown on /toegankelijkheid when set).
    ACCESSIBILITY_CONTACT = ""
    SECURITY_CONTACT = ""
    PROXY_COUNT = 0
    # The base of the canonical FHIR addresses of the exports, e.g. https://wattelt.gemeente.example/fhir
    # (empty: this app's own address, where the Questionnaire is served at /fhir/Questionnaire/...).
    EXPORT_FHIR_BASE = ""
    # Browsers remember for a year to come only over HTTPS (sent only on HTTPS answers).
    HSTS_SECONDS = 365 * 24 * 3600
    # Wrong secrets in a row before an account waits, and for how long.
    LOGIN_ATTEMPTS = 5
    LOGIN_WAIT_MINUTES = 15
    # A session ends after this many minutes without a request (staff without an organisation, such
    # as administrators; others follow their organisation's setting; invited people on their own
    # phone get longer), and in any case this many hours after signing in.
    SESSION_IDLE_MINUTES = 15
    SESSION_IDLE_MINUTES_INVITED = 60
    SESSION_MAX_HOURS = 12
    # Staff (professionals, team leads, administrators) sign in with a code from an authenticator
    # app as well (BIO: privileged access needs two factors). Only the demo may skip it.
    TWO_FACTOR_REQUIRED = True
    # How long the second step may take after the password.
    TWO_FACTOR_MINUTES = 5
    # Taking all data along or erasing it asks the password again, valid this long.
    CONFIRM_MINUTES = 5
    # How long the form with the three questions after a round can be sent (as long as its CSRF
    # token lasts); after that the resident opens the round again for a fresh one.
    EXPERIENCE_FORM_MINUTES = 4 * 60
    # Attempts at a secret: per address (a shared office or a proxy holds many people) and per
    # account name, on top of the account's own wait after LOGIN_ATTEMPTS wrong secrets.
    LOGIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
    INVITATION_LIMIT_PER_ADDRESS = "10 per 15 minutes"
    RATELIMIT_KEY_PREFIX = "wattelt"
    # Said for every app: Flask-Limiter otherwise keeps whatever the last app in the process chose.
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # Redis out of reach: each process counts in memory until it is back, instead of answering
    # every sign-in with an error (Flask-Limiter logs a warning and checks again now and then).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Pages and JSON answers: every browser we serve reads brotli or gzip.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br"]
    # Brotli at 5 rather than Flask-Compress's 4: a board of 43 KB comes to 5.4 instead of 5.8 KB
    # for about 0.1 ms more; 9 and up cost milliseconds a page.
    COMPRESS_BR_LEVEL = 5
    # A replica further behind than this is passed over: the team figures then read the primary.
    REPLICA_MAX_LAG_SECONDS = 300

    def __init__(self):
        environ = os.environ
        self.SQLALCHEMY_DATABASE_URI = environ.get("DATABASE_URL", "")
        # A PostgreSQL streaming replica for the team figures' aggregates (wattelt/replica.py).
        replica_url = environ.get("DATABASE_REPLICA_URL", "")
        self.SQLALCHEMY_BINDS = {"replica": replica_url} if replica_url else {}
        self.SECRET_KEY = environ.get("SECRET_KEY", "")
        self.ACCESSIBILITY_CONTACT = environ.get("WATTELT_ACCESSIBILITY_CONTACT", "")
        # Where to report a vulnerability (security.txt), e.g. mailto:security@gemeente.example.
        self.SECURITY_CONTACT = environ.get("WATTELT_SECURITY_CONTACT", "")
        self.EXPORT_FHIR_BASE = environ.get("WATTELT_FHIR_BASE", "")
        # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none, trust no such header).
        self.PROXY_COUNT = int(environ.get("WATTELT_PROXY_COUNT", "0") or 0)
        self.RATELIMIT_STORAGE_URI = environ.get("REDIS_URL") or "memory://"
        self.SESSION_COOKIE_SECURE = environ.get("SESSION_COOKIE_SECURE", "1") == "1"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        # Extra folders with instrument files, so an administrator can load a version without a release.
        self.INSTRUMENT_DIRECTORIES = [p for p in environ.get("WATTELT_INSTRUMENT_DIRS", "").split(os.pathsep) if p]


class _LocalConfig(Config):
    """On one's own machine: plain http, no second sign-in step, and without DATABASE_URL or
    SECRET_KEY a SQLite file and a random key kept in the instance folder."""

    TWO_FACTOR_REQUIRED = False
    NAME = ""

    def __init__(self, instance_path: str):
        super().__init__()
        self.SESSION_COOKIE_SECURE = self.REMEMBER_COOKIE_SECURE = False
        instance = Path(instance_path)
        instance.mkdir(parents=True, exist_ok=True)
        if not self.SQLALCHEMY_DATABASE_URI:
            self.SQLALCHEMY_DATABASE_URI = f"sqlite:///{instance / f'wattelt-{self.NAME}.sqlite'}"
        if not self.SECRET_KEY:
            self.SECRET_KEY = _demo_secret(instance / f"{self.NAME}-secret-key")


class DemoConfig(_LocalConfig):
    """Local demo: embedded SQLite in the instance folder, demo accounts allowed, plain http."""

    DEMO = True
    NAME = "demo"


class BenchmarkConfig(_LocalConfig):
    """Benchmarks on a synthetic city (`flask synthetic-city`): DATABASE_URL or a SQLite file in the
    instance folder, plain http on loopback, and sign-in with a password alone, so a load generator
    can use a session cookie. Never for real people: it has no demo accounts and no second step."""

    BENCHMARK = True
    NAME = "benchmark"


def _demo_secret(path: Path) -> str:
    """A random key kept beside the demo database, so demo sessions survive a restart."""
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
