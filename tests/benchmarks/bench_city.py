"""City benchmark: server time, queries and size of the main pages in a synthetic city.

Run: .venv/bin/python -m tests.benchmarks.bench_city [DATABASE_URL] [--repeat N] [--no-freeze]
(the database also from WATTELT_BENCH_DATABASE_URL; make the city with `flask synthetic-city`, see
tests/benchmarks/city.py). The Flask test client in this process, so it measures our own code and
the database, not the network; each page is asked a few times first (warm-up), then N times.
Like gunicorn with wattelt/gunicorn_conf.py, the loaded app is frozen out of garbage collection
(gc.freeze) before measuring, and a request is answered with collection paused, the collections
that fell due running after it, outside the time measured (a synchronous worker does the same after
sending its answer); --no-freeze shows the pages without either. Not a timed test on purpose.

Targets (issue 10, 100,000 households on PostgreSQL): p95 under 20 ms a page, under 200 ms for the
team figures, and queries per page that do not grow with the city.
"""
import argparse
import gc
import statistics
import time
from datetime import date

import sqlalchemy as sa

from tests.benchmarks.city import city_pages, database_url, machine, sample, signed_in
from tests.config import TestConfig
from wattelt import create_app
from wattelt.extensions import db
from wattelt.synthetic import BENCH_EMAIL, BENCH_LEAD_EMAIL

WARM_UP = 5


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", nargs="?")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--no-freeze", action="store_true")
    args = parser.parse_args(argv)
    url = database_url([args.url] if args.url else [])
    app = create_app(TestConfig(url, WTF_CSRF_ENABLED=False))
    with app.app_context():
        city = sample()
        engine = db.engine
    pages = city_pages(app, city)
    clients = {email: signed_in(app, email) for email in (BENCH_EMAIL, BENCH_LEAD_EMAIL)}

    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    print(f"{date.today()}, {machine()}, {engine.dialect.name}, {city.households:,} households "
          f"(caseload {city.team_households:,}), {args.repeat} requests a page after {WARM_UP}"
          f"{'' if args.no_freeze else ', app frozen out of garbage collection, collections after each answer'}")
    print(f"{'page':22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'HTML KB':>8}")
    answered = {}
    for name, url, email in pages:
        for _ in range(WARM_UP if url else 0):
            answered[name] = clients[email].get(url).status_code
    if not args.no_freeze:
        # As gunicorn_conf does after loading the app: what is loaded by now stays out of collections.
        gc.collect()
        gc.freeze()
    for name, url, email in pages:
        if url is None:
            print(f"{name:22} {'skipped: not in this version':>36}")
            continue
        if answered[name] != 200:
            # For example the team figures answer 422 when the city has too few rounds for any figure.
            print(f"{name:22} {f'skipped: answered {answered[name]}':>36}")
            continue
        client = clients[email]
        statements.clear()
        response = client.get(url)
        queries, size = len(statements), len(response.data)
        times = []
        for _ in range(args.repeat):
            if not args.no_freeze:
                gc.disable()
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            gc.enable()
            list()  # where the collections that fell due run, as in gunicorn_conf.post_request
            assert response.status_code == 200, (name, url, response.status_code)
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"{name:22} {statistics.median(times):8.1f} {p95:8.1f} {queries:8} {size / 1024:8.1f}")


if __name__ == "__main__":
    main()
