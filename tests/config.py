"""Test settings live with the tests."""
from wattelt.config import Config


class TestConfig(Config):
    __test__ = False  # a config, not a pytest test class
    TESTING = True
    # Deliberately weak and fast: test passwords protect nothing.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # Most tests sign in with a password alone; tests/test_twofactor.py turns the second step on.
    TWO_FACTOR_REQUIRED = False

    def __init__(self, database_url: str = "sqlite://", **overrides):
        super().__init__()
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.SECRET_KEY = "test-secret-key"
        self.SESSION_COOKIE_SECURE = self.REMEMBER_COOKIE_SECURE = False
        self.INSTRUMENT_DIRECTORIES = []
        for key, value in overrides.items():
            setattr(self, key, value)
