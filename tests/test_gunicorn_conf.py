"""The gunicorn settings: addresses and workers from the environment, and the app frozen out of
garbage collection before the workers are forked, with its templates compiled and no database
connection left to inherit."""
import gc
import importlib
import weakref
from types import SimpleNamespace

import pytest

from wattelt import gunicorn_conf


@pytest.fixture
def conf(monkeypatch):
    def load(**environ):
        for name in ("PORT", "WATTELT_BIND", "WEB_CONCURRENCY"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(gunicorn_conf)

    yield load
    gc.enable()


def test_the_address_and_workers_come_from_the_environment(conf):
    assert conf(PORT="9000").bind == "0.0.0.0:9000"
    assert conf(WATTELT_BIND="unix:/run/wattelt.sock", PORT="9000").bind == "unix:/run/wattelt.sock"
    assert conf(WEB_CONCURRENCY="3").workers == 3
    default = conf()
    assert default.bind == "0.0.0.0:8000" and 1 <= default.workers <= 8
    assert default.preload_app and default.max_requests_jitter and default.control_socket_disable


def test_the_loaded_app_is_compiled_frozen_and_its_connections_closed_before_the_fork(conf, app):
    from wattelt.extensions import db

    settings = conf()
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        db.session.remove()
        pool = db.engine.pool
    server = SimpleNamespace(cfg=SimpleNamespace(preload_app=True), app=SimpleNamespace(wsgi=lambda: app))
    gc.unfreeze()
    settings.when_ready(server)
    try:
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        # Every template compiled in the master: no worker compiles one again at its first page.
        assert set(app.jinja_env.list_templates()) <= {name for _, name in app.jinja_env.cache.keys()}
        with app.app_context():
            # A disposed engine starts a new pool: no connection of the master's is left for a worker.
            assert db.engine.pool is not pool
        gc.disable()
        settings.post_fork(server, None)
        assert gc.isenabled()
    finally:
        gc.unfreeze()


class _Cycle:
    def __init__(self):
        self.me = self


def test_a_synchronous_worker_collects_after_its_answer_not_during_it(conf):
    from gunicorn.workers.gthread import ThreadWorker
    from gunicorn.workers.sync import SyncWorker

    settings, sync = conf(), SyncWorker.__new__(SyncWorker)
    gc.enable()
    settings.pre_request(sync, None)
    assert not gc.isenabled(), "no collection while the request is answered"
    garbage = _Cycle()
    gone = weakref.ref(garbage)
    del garbage
    for _ in range(gc.get_threshold()[0] * 2):
        _Cycle()  # a request's cyclic garbage: more than enough for a collection to fall due
    assert gone() is not None and gc.get_count()[0] > gc.get_threshold()[0]
    settings.post_request(sync, None, None, None)
    assert gc.isenabled() and gone() is None, "collected once the answer is sent"
    # A threaded worker keeps collecting: another of its threads may be inside a request.
    settings.pre_request(ThreadWorker.__new__(ThreadWorker), None)
    assert gc.isenabled()
