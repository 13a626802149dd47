"""Render the PNG app icons from their SVG sources: .venv/bin/python tests/tools/render_icons.py (needs Debian's chromium)."""
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parents[2] / "static" / "icons"
SIZES = {"icon.svg": [("icon-192.png", 192), ("icon-512.png", 512)], "maskable.svg": [("maskable-512.png", 512)]}

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox", "--disable-gpu"])
    for source, outputs in SIZES.items():
        svg = (HERE / source).read_text()
        for name, size in outputs:
            page = browser.new_page(viewport={"width": size, "height": size})
            sized = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_content(f'<body style="margin:0">{sized}</body>')
            page.screenshot(path=str(HERE / name), omit_background=True)
            page.close()
    browser.close()
