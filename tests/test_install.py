"""A normal install carries everything the app serves, and the production recipe in the README works.

The wheel is built and installed into a fresh virtual environment; from an empty folder the
database is brought up to date, the first administrator is made and gunicorn serves the app.
"""
import configparser
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pyotp
import pytest
from setuptools import find_packages

from tests.conftest import database_url
from tests.test_migrations import POSTGRES_SERVER, drop_postgres, postgres_or_skip

ROOT = Path(__file__).parent.parent
MAPPED = {"wattelt.templates", "wattelt.static", "wattelt.translations", "wattelt.migrations"}


def test_setup_cfg_lists_every_package():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    assert listed - MAPPED == set(find_packages(str(ROOT), include=["wattelt", "wattelt.*"]))
    assert MAPPED <= listed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def production_database(tmp_path):
    """The kind of database this test run uses: a fresh PostgreSQL database, or an SQLite file."""
    if database_url().startswith("postgresql"):
        name = postgres_or_skip()
        yield f"{POSTGRES_SERVER}/{name}"
        drop_postgres(name)
    else:
        yield f"sqlite:///{tmp_path / 'production.sqlite'}"


@pytest.mark.install
def test_wheel_installs_and_serves_from_an_empty_folder(tmp_path, production_database):
    wheels, venv, empty, source = tmp_path / "wheels", tmp_path / "venv", tmp_path / "empty", tmp_path / "source"
    empty.mkdir()
    # Built from a copy: building in place would leave a build/ folder in the checkout.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "node_modules", "instance", "screenshots", "*.egg-info", "__pycache__"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)])
    wheel = next(wheels.glob("wattelt-*.whl"))
    _run([sys.executable, "-m", "venv", str(venv)])
    _run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)])
    env = {
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "HOME": str(tmp_path),
        "DATABASE_URL": production_database, "SECRET_KEY": uuid.uuid4().hex, "SESSION_COOKIE_SECURE": "0",
    }
    flask = str(venv / "bin" / "flask")
    _run([flask, "--app", "wattelt", "db", "upgrade"], cwd=empty, env=env)
    _run([flask, "--app", "wattelt", "teams", "create", "Buurtteam Noord", "--organisation", "Gemeente"], cwd=empty, env=env)
    created = _run(
        [flask, "--app", "wattelt", "users", "create", "pro@example.org", "--name", "Sanne", "--role", "professional",
         "--team", "Buurtteam Noord", "--password-stdin"],
        cwd=empty, env=env, input="a long enough passphrase\n",
    )
    assert "Created professional pro@example.org" in created.stdout
    port = _free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1", "wattelt:create_app()"],
        cwd=empty, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        login = _wait_for(f"{base}/auth/login", server)
        assert "Inloggen" in login
        css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]+)"', login).group(1)
        with urllib.request.urlopen(base + css) as response:
            assert response.status == 200 and b"--resident" in response.read()
            assert "max-age=31536000" in response.headers["Cache-Control"]
            assert not re.search(r"\d", response.headers.get("Server", "")), "no server version is given away"
        # Sign in with the account made by `flask users create`, and see the (empty) caseload.
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = opener.open(f"{base}/auth/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urlencode({"csrf_token": token, "email": "pro@example.org", "password": "a long enough passphrase"}).encode()
        # Production asks staff for a second factor: set up the authenticator app, as at a first sign-in.
        enrol = opener.open(f"{base}/auth/login", data=body).read().decode()
        assert "Inloggen in twee stappen instellen" in enrol
        secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', enrol).group(1)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', enrol).group(1)
        codes = opener.open(f"{base}/auth/instellen", data=urlencode({"csrf_token": token, "code": pyotp.TOTP(secret).now()}).encode())
        assert "Je herstelcodes" in codes.read().decode()
        caseload = opener.open(f"{base}/households/").read().decode()
        assert "Huishoudens" in caseload and "Er zijn nog geen huishoudens in je team." in caseload
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Traceback" not in output, output


def _wait_for(url: str, server: subprocess.Popen) -> str:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url) as response:
                return response.read().decode()
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"gunicorn stopped: {server.communicate()[0]}")
            time.sleep(0.1)
    pytest.fail("gunicorn did not answer within 10 s")
