"""City benchmark that a busy machine cannot disturb: instructions per request of each page.

Run: .venv/bin/python -m tests.benchmarks.bench_instructions [--url DATABASE_URL] [--repeat N] [PAGE ...]
(the same city as bench_city; needs valgrind, which Debian's package `valgrind` installs). Each page
is asked in its own process under valgrind's callgrind, which counts the instructions the server's
own process runs (Python, SQLAlchemy, Jinja, psycopg; not PostgreSQL's). Counting is switched on
only after warm-up and off after N requests, so the count is the requests alone: the same code gives
the same count to a few parts in a thousand, whatever else the machine does, while wall and CPU times
on a shared 2-core machine moved by half within an hour. So compare two versions of the code with
this, and take bench_city for what a person waits. Not a timed test on purpose.
"""
import argparse
import gc
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.city import city_pages, database_url, machine, sample, signed_in
from tests.config import TestConfig
from wattelt import create_app

WARM_UP = 5


def measure(url: str, page: str, repeat: int) -> float:
    """Millions of instructions a request, from a child process that callgrind runs."""
    with tempfile.TemporaryDirectory() as folder:
        out, go = Path(folder) / "callgrind.out", Path(folder) / "go"
        child = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
             sys.executable, "-m", "tests.benchmarks.bench_instructions", "--url", url, "--child", page, "--repeat", str(repeat),
             "--go", str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        assert child.stdout.readline().strip() == "ready", f"{page}: the child did not start"
        subprocess.run(["callgrind_control", "--instr=on", str(child.pid)], check=True, capture_output=True)
        go.write_text("go")
        assert child.stdout.readline().strip() == "done", f"{page}: the child did not finish"
        subprocess.run(["callgrind_control", "--instr=off", str(child.pid)], check=True, capture_output=True)
        child.wait()
        total = re.search(r"^totals: (\d+)", out.read_text(), re.MULTILINE)
        return int(total.group(1)) / repeat / 1e6


def child(url: str, page: str, repeat: int, go: Path) -> None:
    """Warm up, say so, wait until counting is on (polling: a process blocked in a read would not
    see callgrind_control's request), ask the page N times, say so, wait to be counted off."""
    app = create_app(TestConfig(url, WTF_CSRF_ENABLED=False))
    with app.app_context():
        city = sample()
    name, address, email = next(p for p in city_pages(app, city) if p[0].split(" (")[0] == page)
    client = signed_in(app, email)
    for _ in range(WARM_UP):
        assert client.get(address).status_code == 200, (name, address)
    gc.collect()
    gc.freeze()
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.05)
    for _ in range(repeat):
        # As a synchronous gunicorn worker (wattelt/gunicorn_conf.py): the collections run after
        # each answer, and are counted with it.
        gc.disable()
        client.get(address)
        gc.enable()
        list()
    print("done", flush=True)
    time.sleep(2)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="caseload, household, board, round result, progress, team figures")
    parser.add_argument("--url")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--child")
    parser.add_argument("--go", type=Path)
    args = parser.parse_args(argv)
    url = database_url([args.url] if args.url else [])
    if args.child:
        return child(url, args.child, args.repeat, args.go)
    if not shutil.which("valgrind"):
        sys.exit("This benchmark needs valgrind: apt-get install -y valgrind")
    app = create_app(TestConfig(url, WTF_CSRF_ENABLED=False))
    with app.app_context():
        city = sample()
    names = [name.split(" (")[0] for name, address, _email in city_pages(app, city) if address]
    print(f"{machine()}, {args.repeat} requests a page after {WARM_UP}, counted by callgrind")
    print(f"{'page':22} {'M instructions':>15}")
    for name in args.pages or names:
        print(f"{name:22} {measure(url, name, args.repeat):15.2f}", flush=True)


if __name__ == "__main__":
    main()
