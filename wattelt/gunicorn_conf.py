"""Gunicorn settings for Wat telt: `gunicorn -c python:wattelt.gunicorn_conf wsgi:app`.

Read by gunicorn only (it imports this module before it loads the app); settings given on the
command line win over these. The environment decides what differs per machine.
"""
import gc
import multiprocessing
import os

from gunicorn.workers.sync import SyncWorker

# WATTELT_BIND (for example "127.0.0.1:8000" or "unix:/run/wattelt.sock"), or every address on PORT.
bind = os.environ.get("WATTELT_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# Synchronous workers: each page is a short piece of CPU work and a few queries. Two per core and one
# more keeps the cores busy while a worker waits on the database; capped, since each worker holds its
# own connections and memory. WEB_CONCURRENCY (the usual name on platforms) overrides.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))

# Load the app once in the master, before the workers are forked: the workers share its memory
# (copy-on-write) and a broken configuration stops start-up instead of every worker in a loop.
preload_app = True

# A page takes milliseconds; a worker silent this long is stuck and is replaced.
timeout = 30
graceful_timeout = 30
# Behind a load balancer that keeps connections open.
keepalive = 5
# A worker is replaced after this many requests (at a random point up to the jitter later, so the
# workers do not restart together): whatever memory a worker gathers is given back.
max_requests = 5000
max_requests_jitter = 500

# Gunicorn 25+ opens a control socket (in $XDG_RUNTIME_DIR or ~/.gunicorn) through which anyone with
# the account can change the number of workers or stop the server; two instances on one machine
# would share its path. We manage processes through the service manager instead.
control_socket_disable = True

# No version in the Server header (gunicorn sends only "gunicorn").
# Addresses behind a proxy: the app itself trusts X-Forwarded-* only for WATTELT_PROXY_COUNT proxies
# (werkzeug's ProxyFix); gunicorn's own forwarded_allow_ips keeps its default (127.0.0.1, ::1).

# Logs: gunicorn's own lines as JSON, like the app's. Its access log stays silent: it writes client
# addresses and query strings, and the app logs every request itself (wattelt/logs.py).
from wattelt.logs import GUNICORN_LOGCONFIG as logconfig_dict  # noqa: E402
accesslog = None

# Garbage collection. A full collection walks every object the app holds (templates, the SQLAlchemy
# mappers, the instruments, the plotly figures' schemas): about 100 ms here, and it lands on some
# unlucky request, which set the pages' p95 (measured: with collection paused, the caseload's p95
# fell from 151 to 49 ms). So: no collection while the app loads in the master; then the loaded
# objects move to the permanent generation (gc.freeze), which collections never walk and which the
# workers therefore never write to, so the memory stays shared. What a request makes is collected
# after its answer is sent (pre_request, post_request): a young collection in the middle of a board
# cost up to 4 ms, 0.8 ms a request on average; after the answer, with the request's objects already
# freed, 0.3 ms, on no one's wait.
gc.disable()


def when_ready(server):
    """In the master, after the app is loaded and before the first worker is forked."""
    if server.cfg.preload_app:
        # Start-up checked the database (instrument versions in use); no worker may inherit that
        # connection, since two processes on one socket mix up their answers.
        app = server.app.wsgi()
        _dispose_engines(app)
        _compile_templates(app)
    gc.freeze()
    gc.enable()


def pre_fork(server, worker):
    """A worker replaced later (max_requests) starts from the master as it is then: freeze again."""
    gc.freeze()


def post_fork(server, worker):
    # The default thresholds stay: once the app is frozen, a collection walks only what requests made.
    gc.enable()


def pre_request(worker, req):
    """A synchronous worker answers one request at a time: no collection while it does. (Threaded
    workers keep collecting as usual: another thread could be in the middle of its request.)"""
    if isinstance(worker, SyncWorker):
        gc.disable()


def post_request(worker, req, environ, resp):
    """After the answer is sent: the collections that fell due during the request run now, not in
    the next request. Python collects when a container is made and enough were made since the last
    collection, so the list made here is that moment; which generations are due stays Python's choice."""
    if isinstance(worker, SyncWorker):
        gc.enable()
        list()


def _compile_templates(app):
    """Compile every template once in the master. Otherwise each worker compiles each template at its
    first use (about 0.6 s for all of them; the first household page took 200 ms instead of 20), and
    again after every restart at max_requests. Compiled here, they are shared and frozen with the
    rest; a template that does not compile stops start-up instead of a page."""
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)


def _dispose_engines(app):
    from wattelt.extensions import db

    if "sqlalchemy" not in app.extensions:  # an app without a database, such as the benchmark's hello
        return
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()
