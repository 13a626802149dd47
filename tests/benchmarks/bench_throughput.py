"""Throughput benchmark: requests a second of the household page under gunicorn, as a share of a
bare Flask "hello" app under the same gunicorn settings in the same run, and one worker's memory.

Run: .venv/bin/python -m tests.benchmarks.bench_throughput [DATABASE_URL] [--seconds 10] [--workers 2]
(the database also from WATTELT_BENCH_DATABASE_URL; a synthetic city, see tests/benchmarks/city.py).
Both apps run with wattelt/gunicorn_conf.py on a loopback port, driven by `wrk` (apt-get install -y
wrk) with 2 threads and 32 connections; the household page with the session cookie of the city's
professional. The load generator shares the cores with the server, for both apps alike.
Target (issue 10): the household page at least 0.25 of hello. A third row, the smallest page a
signed-in person can ask, shows how much of hello any page that checks a session can reach.
"""
import argparse
import html
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

from tests.benchmarks.city import database_url, machine, sample
from tests.config import TestConfig
from wattelt import create_app
from wattelt.synthetic import BENCH_EMAIL, BENCH_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
FLOOR = "/toegankelijkheid"
# Flask-Login's strong session protection ties a session to the browser's User-Agent: signing in,
# the check and wrk all send this one.
USER_AGENT = "wattelt-bench"
# wrk counts redirects as success; a page that sent us to sign in would be measured as a fast page.
# Each wrk thread counts the answers that are not 200; done() adds them up.
COUNT_NOT_200 = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not200 = 0 end
function response(status, headers, body) if status ~= 200 then not200 = not200 + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("not200") end
  io.write(string.format("not200: %d\\n", total))
end
"""


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", nargs="?")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    url = database_url([args.url] if args.url else [])
    app = create_app(TestConfig(url))
    with app.app_context():
        city = sample()
    page = f"/households/{city.household}"

    print(f"{date.today()}, {machine()}, {url.split(':', 1)[0]}, {city.households:,} households, "
          f"gunicorn -w {args.workers}, wrk -t2 -c{args.connections} -d{args.seconds}s")
    results = {}
    with gunicorn("tests.benchmarks.hello:app", url, args.workers) as server:
        results["hello"] = (wrk(server.base + "/", args), worker_memory(server))
    with gunicorn("wsgi:app", url, args.workers) as server:
        cookie = sign_in(server.base)
        check = urllib.request.Request(server.base + page, headers={"Cookie": cookie, "User-Agent": USER_AGENT})
        try:
            urllib.request.build_opener(_NoRedirect).open(check)
        except urllib.error.HTTPError as error:
            sys.exit(f"the household page answered {error.code}: the sign-in did not hold")
        rate = wrk(server.base + page, args, cookie)
        results["household page"] = (rate, worker_memory(server))
        # The floor of any page with household data: the accessibility statement, signed in, pays only
        # for the session's look-up and a small page, no policy, no access-log row, no database write.
        results["signed-in floor"] = (wrk(server.base + FLOOR, args, cookie), worker_memory(server))
    hello = results["hello"][0]
    print(f"{'app':16} {'requests/s':>11} {'share of hello':>15} {'worker RSS MB':>14} {'PSS MB':>8}")
    for name, (rate, memory) in results.items():
        rss, pss = memory
        print(f"{name:16} {rate:11,.0f} {rate / hello:15.3f} {rss:>14} {pss:>8}")


class gunicorn:
    """A gunicorn on a free loopback port with our settings; stopped (and its workers) on exit."""

    def __init__(self, target: str, url: str, workers: int):
        self.target, self.url, self.workers = target, url, workers

    def __enter__(self) -> "gunicorn":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        environ = {
            **os.environ, "WATTELT_CONFIG": "benchmark", "DATABASE_URL": self.url, "SECRET_KEY": "bench-" + "x" * 32,
            "WATTELT_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(self.workers),
        }
        command = [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:wattelt.gunicorn_conf", "--log-level", "warning", self.target]
        self.process = subprocess.Popen(command, cwd=ROOT, env=environ)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # answered (a redirect to sign in, or 404): it is up
            except OSError:
                if self.process.poll() is not None:
                    sys.exit("gunicorn stopped at start-up")
                time.sleep(0.1)
        else:
            sys.exit("gunicorn did not answer within 30 s")
        self.base = base
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def sign_in(base: str) -> str:
    """Sign in through the form as a browser does; the Cookie header that carries the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    form = opener.open(base + "/auth/login").read().decode()
    token = html.unescape(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1))
    body = urllib.parse.urlencode({"csrf_token": token, "email": BENCH_EMAIL, "password": BENCH_PASSWORD}).encode()
    opener.open(base + "/auth/login", data=body)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wrk(address: str, args, cookie: str | None = None) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(COUNT_NOT_200)
        script.flush()
        command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "-s", script.name, "-H", f"User-Agent: {USER_AGENT}"]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run(command + [address], capture_output=True, text=True, check=True).stdout
    not_200 = int(re.search(r"not200: (\d+)", output).group(1))
    if not_200:
        sys.exit(f"{address}: {not_200} answers were not 200\n{output}")
    # Requests slower than wrk's 2 s timeout are reported apart: say so.
    errors = re.search(r"Socket errors:.*", output)
    if errors:
        print(f"  {address}: {errors.group(0)}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def worker_memory(server: gunicorn) -> tuple[str, str]:
    """RSS and PSS (shared pages divided over the processes that share them) of one worker, in MB."""
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    worker = children[0]
    rss = next(int(line.split()[1]) for line in open(f"/proc/{worker}/status") if line.startswith("VmRSS:"))
    pss = next(int(line.split()[1]) for line in open(f"/proc/{worker}/smaps_rollup") if line.startswith("Pss:"))
    return f"{rss / 1024:.0f}", f"{pss / 1024:.0f}"


if __name__ == "__main__":
    main()
