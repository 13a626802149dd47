"""The domain pictograms: one SVG sprite with a symbol for every icon the instruments name."""
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).parent.parent
SPRITE = ROOT / "static" / "icons" / "domains.svg"
SVG = "{http://www.w3.org/2000/svg}"


def symbols() -> dict[str, ET.Element]:
    root = ET.parse(SPRITE).getroot()
    assert root.tag == f"{SVG}svg"
    assert all(child.tag == f"{SVG}symbol" for child in root), "the sprite holds only <symbol> elements"
    return {symbol.get("id"): symbol for symbol in root}


def instrument_icons() -> set[str]:
    icons = set()
    for path in sorted((ROOT / "wattelt" / "instrument" / "data").glob("*.toml")):
        with path.open("rb") as f:
            instrument = tomllib.load(f)
        for domain in instrument["domains"]:
            icons.add(domain["icon"])
    return icons


def test_every_icon_an_instrument_names_has_a_symbol_plus_one_for_own_domains():
    icons = instrument_icons()
    assert icons, "the instruments name icons"
    missing = (icons | {"own"}) - set(symbols())
    assert not missing, f"no symbol for {sorted(missing)}"


def test_every_symbol_is_drawn_on_the_same_24_grid():
    for name, symbol in symbols().items():
        assert symbol.get("viewBox") == "0 0 24 24", name


def test_the_sprite_has_no_styles_scripts_outside_links_or_event_handlers():
    text = SPRITE.read_text(encoding="utf-8")
    assert "style" not in text.lower()
    assert "<script" not in text.lower()
    assert not re.search(r"href\s*=\s*[\"']?\s*http", text, re.IGNORECASE)
    assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE)


def test_the_sprite_stays_small():
    assert SPRITE.stat().st_size < 8000
