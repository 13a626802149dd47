"""Structured logs: one JSON line per request and per event, with nothing that leads to a person.

A line says when, how the request was answered and where in the code (the URL rule, such as
`/households/<int:household_id>`, never the address with its ids or query string). It never holds
a name, an e-mail address, an IP address, a user id, a form value or a body: who looked at whose
data is the access log's job (in the database, shown to residents), not the operator's log's.
Errors carry their exception types and the frames of the traceback, but not the exceptions'
messages: those can quote data (a database error names the values of the row it refused).
"""
import json
import logging
import re
import secrets
import sys
import time
import traceback
from datetime import datetime, timezone

from flask import Flask, g, has_request_context, request

request_log = logging.getLogger("wattelt.request")
# Flask-Limiter says at INFO level whose limit ran out: the key is an e-mail address or an IP address.
QUIET = {"flask-limiter": logging.WARNING}
# A request id that a proxy in front of us made (nginx: $request_id), so its log and ours line up.
GIVEN_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
REQUEST_ID_HEADER = "X-Request-Id"


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context() and "request_id" in g:
            line["request_id"] = g.request_id
            if record.name != request_log.name:
                line.update(where())
        line.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[1] is not None:
            line["exception"] = describe(record.exc_info[1])
        return json.dumps(line, ensure_ascii=False, default=str)


def where() -> dict:
    """Where in the app a request is: the method, the rule and the endpoint; never the address."""
    return {
        "method": request.method,
        "rule": request.url_rule.rule if request.url_rule else None,
        "endpoint": request.endpoint,
    }


def describe(error: BaseException) -> dict:
    """The exception's type and the frames it passed, for every exception in its chain, oldest frame first."""
    chain, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append({
            "type": f"{type(error).__module__}.{type(error).__qualname__}",
            # Where, not what: file, line and function (a source line can hold a literal too).
            "traceback": [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(error.__traceback__)],
        })
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return {"type": chain[0]["type"], "chain": chain}


def handler(stream=None) -> logging.Handler:
    """A handler that writes JSON lines (to standard error unless told otherwise)."""
    made = logging.StreamHandler(stream or sys.stderr)
    made.setFormatter(JsonFormatter())
    made.wattelt_json = True
    return made


def configure(testing: bool) -> None:
    """The app's loggers write JSON to standard error, once per process. Under tests they add no
    handler and pass their records on, so pytest's caplog sees them."""
    for name, level in {"wattelt": logging.INFO, **QUIET}.items():
        logger = logging.getLogger(name)
        logger.setLevel(level)
        ours = [h for h in logger.handlers if getattr(h, "wattelt_json", False)]
        if testing:
            for made in ours:
                logger.removeHandler(made)
            logger.propagate = True
        elif not ours:
            logger.addHandler(handler())
            # Not again through gunicorn's or another root handler, in another format.
            logger.propagate = False


def init_app(app: Flask) -> None:
    """Called first in create_app: its after_request then runs last, and sees the final size of an
    answer (after compression) and every header."""
    configure(app.testing)
    # Flask gives its logger a plain-text handler of its own when no handler is configured above it.
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)
    trust_given_id = bool(app.config.get("PROXY_COUNT"))

    @app.before_request
    def start():
        g.request_started = time.perf_counter()
        given = request.headers.get(REQUEST_ID_HEADER, "") if trust_given_id else ""
        g.request_id = given if GIVEN_ID.fullmatch(given) else secrets.token_hex(8)

    @app.after_request
    def log_request(response):
        if "request_id" not in g:  # a request that stopped before its first hook
            return response
        response.headers[REQUEST_ID_HEADER] = g.request_id
        request_log.info("request", extra={"fields": {
            **where(),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
            "size": response.content_length,
        }})
        return response


def _json_stream(stream: str) -> dict:
    return {"class": "logging.StreamHandler", "formatter": "json", "stream": stream}


# gunicorn's own lines (start, workers, timeouts) as JSON too: `logconfig_dict = GUNICORN_LOGCONFIG`
# in the gunicorn configuration. Its access log is silenced (a logconfig_dict turns it on, whatever
# `accesslog` says): it writes client addresses and whole addresses with their query strings, and the
# app's own request line says the rest. Alembic's notes at every start are not news.
GUNICORN_LOGCONFIG = {
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False, "qualname": "gunicorn.error"},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False, "qualname": "gunicorn.access"},
        "alembic": {"level": "WARNING"},
    },
    "handlers": {"console": _json_stream("ext://sys.stdout"), "error_console": _json_stream("ext://sys.stderr")},
    "formatters": {"json": {"()": "wattelt.logs.JsonFormatter"}},
}
