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

import sqlalchemy as sa

from wattelt import create_app
from tests.config import TestConfig
from wattelt.demo import DEMO_PASSWORD, create_demo_data
from wattelt.extensions import db
from wattelt.models import Household, Round


def main(repeat: int = 50) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestConfig(f"sqlite:///{Path(folder) / 'bench.sqlite'}", WTF_CSRF_ENABLED=False, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000"))
        with app.app_context():
            db.create_all(bind_key=None)
            create_demo_data(date.today())
            db.session.commit()
            jansen = db.session.scalar(sa.select(Household).where(Household.name == "Familie Jansen"))
            marieke = jansen.members[0]
            rounds = db.session.scalars(sa.select(Round).order_by(Round.id)).all()
            completed = next(r for r in rounds if r.member_id == marieke.id and r.completed)
            open_round = next(r for r in rounds if not r.completed)
            open_round_id, open_topic = open_round.id, open_round.topics[0].id
            pages = {
                "caseload": "/households/",
                "household": f"/households/{jansen.id}",
                "new round": f"/members/{marieke.id}/rounds/new",
                "board (open round)": f"/rounds/{open_round.id}",
                "round result (chart)": f"/rounds/{completed.id}/result",
                "plan": f"/households/{jansen.id}/plan",
                "progress (4 charts)": f"/members/{marieke.id}/progress",
            }
        client = app.test_client()
        client.post("/auth/login", data={"email": "demo@wattelt.example", "password": DEMO_PASSWORD})
        print(f"{'page':24} {'median ms':>10} {'p95 ms':>8} {'HTML bytes':>11} {'br bytes':>9}")
        for name, url in pages.items():
            times, size = [], 0
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                size = len(response.data)
            times.sort()
            compressed = len(client.get(url, headers={"Accept-Encoding": "br"}).data)
            print(f"{name:24} {statistics.median(times):10.1f} {times[int(len(times) * 0.95) - 1]:8.1f} {size:11,} {compressed:9,}")
        times = []
        for n in range(200):
            body = {"id": f"bench-{n:04d}", "topic": open_topic, "perspective": "resident", "state": "placed", "value": n % 101}
            start = time.perf_counter()
            response = client.post(f"/api/rounds/{open_round_id}/chips", json=body)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.get_data(as_text=True)
        times.sort()
        print(f"{'save a chip (JSON door)':24} {statistics.median(times):10.1f} {times[int(len(times) * 0.95) - 1]:8.1f} {len(response.data):11,}")
        address = url_of_plotly(client, pages["round result (chart)"])
        plain, compressed = client.get(address), client.get(address, headers={"Accept-Encoding": "br"})
        print(f"chart library (chart pages only): {len(plain.data):,} bytes, {len(compressed.data):,} with brotli")
        plain.close()


def url_of_plotly(client, page: str) -> str:
    import re

    return re.search(r'src="(/static/vendor/plotly/[^"]*)"', client.get(page).get_data(as_text=True)).group(1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
