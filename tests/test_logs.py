"""The operator's log: one JSON line per request and per event, and nothing in it that leads to a
person (BIO/AVG: who looked at whose data is in the access log, in the database)."""
import io
import json
import logging

import pytest

from tests import factories
from tests.config import TestConfig
from tests.conftest import database_url, login
from tests.forms import page_form
from wattelt import create_app, logs
from wattelt.extensions import db

REQUEST_FIELDS = {"time", "level", "logger", "message", "request_id", "method", "rule", "endpoint", "status", "duration_ms", "size"}
# What a round of requests below sends or shows: none of it may reach the log.
PERSONAL = ["Familie Vermeulen", "Vermeulen", "Zeynep", "a@example.org", "Marieke", "Kevin", "203.0.113.77", "zoekterm"]


@pytest.fixture
def log_lines():
    """What the app's loggers write, as the handler of production writes it: formatted at once,
    inside the request."""
    stream, names = io.StringIO(), ("wattelt", "flask-limiter")
    handler = logs.handler(stream)
    for name in names:
        logging.getLogger(name).addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for name in names:
        logging.getLogger(name).removeHandler(handler)


def test_a_round_of_requests_logs_json_lines_without_personal_data(app, client, world, log_lines, monkeypatch):
    client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    # Wrong secrets until the account's limit answers: the limit's key is the e-mail address.
    for _ in range(3):
        page_form(client.get("/auth/login"), action="/auth/login").submit(client, email="a@example.org", password="fout")
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "10 per minute"
    login(client, "a@example.org")
    created = page_form(client.get("/households/new")).submit(client, **{
        "name": "Familie Vermeulen", "members-0-name": "Zeynep", "members-0-birth_year": "1979",
    })
    detail = created.headers["Location"]
    page = client.get(detail + "?naam=zoekterm")
    assert "Zeynep" in page.get_data(as_text=True)
    client.get(f"/households/{world.household}")

    # An error whose message quotes personal data, as a database error quotes the row it refused.
    def broken(*args):
        try:
            raise ValueError("Zeynep Vermeulen, a@example.org")
        except ValueError as error:
            raise RuntimeError("Familie Vermeulen") from error

    monkeypatch.setattr("wattelt.households.service.caseload", broken)
    assert client.get("/households/").status_code == 500

    found = log_lines()
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in found)
    for word in PERSONAL:
        assert word not in text, word
    assert detail.split("?")[0] not in text  # the address with its id: only the rule is logged

    requests = [line for line in found if line["logger"] == "wattelt.request"]
    assert len(requests) >= 8
    for line in requests:
        assert REQUEST_FIELDS <= set(line), line
        assert "user" not in json.dumps(line).lower()
    rules = {line["rule"] for line in requests}
    assert "/households/<int:household_id>" in rules
    assert {line["status"] for line in requests} >= {200, 302, 429, 500}

    error = next(line for line in found if line["level"] == "ERROR")
    assert error["rule"] == "/households/" and error["endpoint"] == "households.index"
    assert [link["type"] for link in error["exception"]["chain"]] == ["builtins.RuntimeError", "builtins.ValueError"]
    assert any("broken" in frame for frame in error["exception"]["chain"][0]["traceback"])
    # The error and the request it broke share the request id, so an operator finds one from the other.
    assert error["request_id"] == requests[-1]["request_id"]


def test_every_answer_names_its_request_id_as_the_log_does(client, log_lines, caplog):
    first, second = client.get("/auth/login"), client.get("/auth/login")
    # Under tests the records also reach pytest's caplog.
    assert [r.fields["rule"] for r in caplog.records if r.name == "wattelt.request"] == ["/auth/login", "/auth/login"]
    ids = [line["request_id"] for line in log_lines() if line["logger"] == "wattelt.request"]
    assert ids == [first.headers["X-Request-Id"], second.headers["X-Request-Id"]]
    assert ids[0] != ids[1] and len(ids[0]) == 16


@pytest.mark.parametrize("proxies, given, kept", [(1, "c0ffee00-1234-4abc", True), (0, "c0ffee00-1234-4abc", False), (1, "not a plain id; with spaces", False)])
def test_a_request_id_from_the_proxy_is_kept_only_behind_a_proxy_and_when_plain(proxies, given, kept):
    app = create_app(TestConfig(database_url(), PROXY_COUNT=proxies))
    answer = app.test_client().get("/auth/login", headers={"X-Request-Id": given})
    assert (answer.headers["X-Request-Id"] == given) == kept


def test_outside_tests_the_app_writes_its_own_json_lines_once(capsys):
    """In production the lines go to standard error through one handler of ours (not also through
    gunicorn's root handler in another format)."""
    try:
        app = create_app(TestConfig(database_url(), TESTING=False))
        create_app(TestConfig(database_url(), TESTING=False))  # a second app adds no second handler
        app.test_client().get("/healthz")
        written = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
        assert [line["rule"] for line in written] == ["/healthz"]
        assert logging.getLogger("wattelt").propagate is False
    finally:
        logs.configure(testing=True)
        with app.app_context():
            db.engine.dispose()


def test_gunicorn_lines_are_json_too():
    from logging.config import dictConfig

    from gunicorn.glogging import CONFIG_DEFAULTS

    stream = io.StringIO()
    config = {**CONFIG_DEFAULTS, **logs.GUNICORN_LOGCONFIG, "disable_existing_loggers": False}
    names = ("gunicorn.error", "gunicorn.access", "alembic")
    before = [(logging.getLogger(n).handlers[:], logging.getLogger(n).level, logging.getLogger(n).propagate) for n in names]
    root = logging.root.handlers[:], logging.root.level
    try:
        dictConfig(config)
        logging.getLogger("gunicorn.error").handlers[0].setStream(stream)
        logging.getLogger("gunicorn.error").info("Booting worker with pid: %s", 42)
        assert json.loads(stream.getvalue())["message"] == "Booting worker with pid: 42"
        # Its access line would carry the client's address and the query string: it goes nowhere.
        access = logging.getLogger("gunicorn.access")
        assert not access.isEnabledFor(logging.INFO) and not access.handlers and not access.propagate
    finally:
        for name, (handlers, level, propagate) in zip(names, before):
            logger = logging.getLogger(name)
            logger.handlers[:], logger.propagate = handlers, propagate
            logger.setLevel(level)
        logging.root.handlers[:] = root[0]
        logging.root.setLevel(root[1])
