"""Browser benchmark of the kitchen-table board and the phone (not a timed test on purpose).

Run: .venv/bin/python -m tests.benchmarks.bench_browser   (needs Debian's chromium)

Serves the demo caseload with gunicorn on loopback and measures, in headless Chromium:
- bytes over the wire (compressed, headers included) for the first and the repeat visit of the
  round page on a phone, the tablet board and the progress page;
- the taps to complete a round of 8 domains with two perspectives, done by the script and counted;
- the save round-trip through the JSON door, p50/p95 over 200 saves;
- the time until the first chart is drawn on a throttled phone (4x slower CPU, 1.6 Mbit/s, 150 ms).
"""
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True, "locale": "nl-NL"}
TABLET = {"viewport": {"width": 1024, "height": 768}, "locale": "nl-NL"}
EIGHT = ["Wonen", "Geld", "Werk en dagbesteding", "Lichamelijke gezondheid", "Hoe ik me voel", "Gezin en relaties",
         "Mensen om me heen", "Vrije tijd"]


def serve(folder: Path):
    port = _free_port()
    env = {**os.environ, "SECRET_KEY": uuid.uuid4().hex, "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
           "SESSION_COOKIE_SECURE": "0", "PYTHONPATH": str(ROOT),
           # Production settings but for the second sign-in step, which a measuring browser cannot take.
           "WATTELT_CONFIG": "benchmark"}
    subprocess.run([sys.executable, "-c", _SEED], env=env, check=True, cwd=ROOT)
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}", "--workers", "2",
                               "--threads", "4", "wattelt:create_app()"], env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/auth/login").close()
            return server, base, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


_SEED = """
from datetime import date
from flask_migrate import upgrade
from wattelt import create_app
from wattelt.demo import create_demo_data
from wattelt.extensions import db
app = create_app()
with app.app_context():
    upgrade()
    create_demo_data(date.today())
    db.session.commit()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(page, base):
    page.goto(f"{base}/auth/login")
    page.get_by_label("E-mailadres").fill("demo@wattelt.example")
    page.get_by_label("Wachtwoord").fill("wattelt-demo")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Huishoudens").wait_for()


class Wire:
    """A TCP proxy in front of the server that counts the bytes it sends to the browser: what a
    page costs over the wire, headers included, also when the service worker does the fetching."""

    def __init__(self, target_port: int):
        self.bytes = 0
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(target_port,), daemon=True).start()

    def _accept(self, target_port):
        while True:
            client, _ = self.listener.accept()
            upstream = socket.create_connection(("127.0.0.1", target_port))
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, source, sink, counted):
        try:
            while data := source.recv(65536):
                if counted:
                    with self.lock:
                        self.bytes += len(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def visit(self, page, url, ready=None):
        page.wait_for_timeout(500)
        self.bytes = 0
        page.goto(url, wait_until="networkidle")
        if ready:
            page.wait_for_selector(ready)
        page.wait_for_timeout(500)
        return self.bytes


def bytes_per_visit(browser, wire, base, board_url, progress_url):
    """First visit: nothing on the device yet (no service worker, no HTTP cache), so the page and
    everything it loads. Repeat visit: a device that has been here, with its service worker."""
    results = {}
    for name, options, url, ready in [
        ("round page, phone", PHONE, board_url, ".board.is-enhanced"),
        ("tablet board", TABLET, board_url, ".board.is-enhanced"),
        ("progress page, phone", PHONE, progress_url, "#overlay-chart .main-svg"),
    ]:
        signing = browser.new_context(service_workers="block", **options)
        sign_in(signing.new_page(), base)
        signed_in = signing.storage_state()
        signing.close()
        # A fresh context with only the session cookie: nothing of the site is cached yet.
        cold = browser.new_context(service_workers="block", storage_state=signed_in, **options)
        first = wire.visit(cold.new_page(), url, ready)
        cold.close()
        warm = browser.new_context(**options)
        page = warm.new_page()
        sign_in(page, base)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wire.visit(page, url, ready)
        repeat = wire.visit(page, url, ready)
        warm.close()
        results[name] = (first, repeat)
    return results


def taps_for_eight_domains(browser, base):
    """Complete a round of 8 domains with resident and professional, counting every tap."""
    context = browser.new_context(**TABLET)
    page = context.new_page()
    sign_in(page, base)
    page.get_by_role("link", name="Meneer Bakker").click()
    taps = 0
    page.get_by_role("link", name="Nieuw gesprek").first.click()
    taps += 2  # the household, then "Nieuw gesprek"
    for label in EIGHT:
        page.get_by_label(label, exact=True).check()
        taps += 1
    page.get_by_role("button", name="Begin het gesprek").click()
    taps += 1
    for perspective in ("Bewoner", "Professional"):
        if perspective != "Bewoner":
            page.get_by_role("radio", name=perspective).check()
            taps += 1
        for row in range(8):
            box = page.locator(".track").nth(row).bounding_box()
            page.mouse.click(box["x"] + box["width"] * (0.3 + row * 0.08), box["y"] + box["height"] / 2)
            taps += 1
    page.get_by_role("button", name="Gesprek afronden").click()
    taps += 1
    page.wait_for_selector("#round-chart .main-svg")
    assert "afgerond" in page.content()
    context.close()
    return taps


def save_round_trip(base, round_id, topic_id, count=200):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/auth/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    opener.open(f"{base}/auth/login", data=urllib.parse.urlencode(
        {"csrf_token": token, "email": "demo@wattelt.example", "password": "wattelt-demo"}).encode()).read()
    import json

    token = json.loads(opener.open(f"{base}/api/csrf-token").read())["token"]
    times = []
    for n in range(count):
        body = json.dumps({"id": uuid.uuid4().hex, "topic": topic_id, "perspective": "resident", "state": "placed", "value": n % 101})
        request = urllib.request.Request(f"{base}/api/rounds/{round_id}/chips", data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/json", "X-CSRFToken": token})
        start = time.perf_counter()
        opener.open(request).read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def first_chart_on_a_throttled_phone(browser, base, progress_url):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, base)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8,
    })
    # Without the service worker: a first visit, everything from the (slow) network.
    page.evaluate("navigator.serviceWorker.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister())))")
    page.evaluate("caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n))))")
    start = time.perf_counter()
    page.goto(progress_url, wait_until="commit")
    page.wait_for_selector("#overlay-chart .main-svg", timeout=120_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def main():
    with tempfile.TemporaryDirectory() as folder:
        server, direct, port = serve(Path(folder))
        wire = Wire(port)
        base = f"http://127.0.0.1:{wire.port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
                context = browser.new_context(**TABLET)
                page = context.new_page()
                sign_in(page, base)
                page.get_by_role("link", name="Meneer Bakker").click()
                board_url = base + page.get_by_role("link", name=re.compile("Gesprek 1")).get_attribute("href")
                page.goto(base + "/households/")
                page.get_by_role("link", name="Familie Jansen").click()
                progress_url = base + page.get_by_role("link", name="Voortgang").first.get_attribute("href")
                context.close()
                round_id = int(board_url.rstrip("/").split("/")[-1])
                visits = bytes_per_visit(browser, wire, base, board_url, progress_url)
                taps = taps_for_eight_domains(browser, base)
                chart = first_chart_on_a_throttled_phone(browser, base, progress_url)
                browser.close()
            with urllib.request.urlopen(f"{base}/auth/login"):
                pass
            topic = _first_topic(Path(folder), round_id)
            p50, p95 = save_round_trip(direct, round_id, topic)
        finally:
            server.terminate()
    print(f"{'visit':24} {'first KB':>9} {'repeat KB':>10}")
    for name, (first, repeat) in visits.items():
        print(f"{name:24} {first / 1000:9.2f} {repeat / 1000:10.2f}")
    print(f"taps for a round of 8 domains, 2 perspectives: {taps}")
    print(f"save round-trip over 200 saves: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"first chart on a throttled phone: {chart:.1f} s")


def _first_topic(folder: Path, round_id: int) -> int:
    import sqlite3

    with sqlite3.connect(folder / "bench.sqlite") as connection:
        return connection.execute("SELECT id FROM topic WHERE round_id = ? ORDER BY position", (round_id,)).fetchone()[0]


if __name__ == "__main__":
    main()
