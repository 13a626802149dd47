"""Page benchmark: server time and size of the main pages with the demo caseload.

Run: .venv/bin/python -m tests.benchmarks.bench_pages [requests per page]
Uses the Flask test client on a temporary SQLite file (no network), so it measures our own code:
routing, access checks, queries, chart building and templates. Not a timed test on purpose.
"""
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from wattelt import create_app
from tests.config import TestConfig
from wattelt.demo import DEMO_PASSWORD, create_demo_data
from wattelt.extensions import db


def main(repeat: int = 50) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestConfig(f"sqlite:///{Path(folder) / 'bench.sqlite'}", WTF_CSRF_ENABLED=False, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000"))
        with app.app_context():
            db.create_all()
            create_demo_data(date.today())
        client = app.test_client()
        client.post("/auth/login", data={"email": "demo@wattelt.example", "password": DEMO_PASSWORD})
        pages = {
            "caseload": "/households/",
            "household": "/households/1",
            "new round": "/members/1/rounds/new",
            "board (open round)": "/rounds/4",
            "round result (chart)": "/rounds/1",
            "plan": "/households/1/plan",
            "progress (4 charts)": "/members/1/progress",
        }
        print(f"{'page':24} {'median ms':>10} {'p95 ms':>8} {'HTML bytes':>11}")
        for name, url in pages.items():
            times, size = [], 0
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                size = len(response.data)
            times.sort()
            print(f"{name:24} {statistics.median(times):10.1f} {times[int(len(times) * 0.95) - 1]:8.1f} {size:11,}")
        plotly = client.get("/vendor/plotly.min.js")
        print(f"plotly.min.js (charts pages only): {len(plotly.data):,} bytes")
        plotly.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
