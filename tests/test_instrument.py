"""Instruments as data: the shipped files, validation with clear messages, and versions."""
from pathlib import Path

import pytest

from tests import factories
from tests.conftest import _teardown, make_app
from wattelt.config import Config
from wattelt.instrument.loader import DATA_DIR, InstrumentError, load_directories, load_file

VALID = '''
key = "adult"
version = 2
[name]
nl = "Volwassenen"
en = "Adults"
[[domains]]
key = "housing"
icon = "home"
[domains.label]
nl = "Thuis en buurt"
en = "Home and neighbourhood"
[domains.question]
nl = "Hoe gaat het thuis?"
en = "How are things at home?"
[domains.description]
nl = "Je huis en je buurt."
en = "Your home and your area."
'''


def test_shipped_instruments_have_14_domains_in_every_supported_language():
    registry = load_directories([DATA_DIR])
    assert registry.keys() == ["adult", "youth"]
    for key in ("adult", "youth"):
        instrument = registry.latest(key)
        assert len(instrument.domains) == 14
        assert set(instrument.name) >= set(Config.LANGUAGES)
        for domain in instrument.domains:
            for texts in (domain.label, domain.question, domain.description):
                assert all(texts.get(language) for language in Config.LANGUAGES), (key, domain.key, sorted(texts))
    assert [d.key for d in registry.latest("adult").domains] == [d.key for d in registry.latest("youth").domains]


def test_a_missing_text_falls_back_along_the_configured_chain(tmp_path: Path):
    """VALID has Dutch and English only: Arabic falls back to English by default, or as configured."""
    (tmp_path / "adult-v2.toml").write_text(VALID, encoding="utf-8")
    domain = load_file(tmp_path / "adult-v2.toml").domains[0]
    app = make_app()
    try:
        with app.app_context():
            assert domain.text("label", "ar") == "Home and neighbourhood"
            assert domain.text("label", "nl") == "Thuis en buurt"
            app.config["INSTRUMENT_FALLBACK"] = {**app.config["INSTRUMENT_FALLBACK"], "ar": ("nl",)}
            assert domain.text("label", "ar") == "Thuis en buurt"
    finally:
        _teardown(app)


@pytest.mark.parametrize(
    "broken, problem",
    [
        (VALID.replace('en = "Home and neighbourhood"\n', ""), "'housing.label' has no text for language 'en'"),
        (VALID.replace('key = "housing"', 'key = "Housing!"'), "'key' must be lowercase"),
        (VALID.replace("version = 2", "version = 0"), "'version' must be a whole number"),
        (VALID + VALID[VALID.index("[[domains]]"):], "key 'housing' is used twice"),
        ("key = ", "cannot read the file"),
    ],
)
def test_broken_file_names_the_file_and_the_problem(tmp_path: Path, broken, problem):
    path = tmp_path / "adult-v2.toml"
    path.write_text(broken)
    with pytest.raises(InstrumentError) as error:
        load_file(path)
    assert str(path) in str(error.value)
    assert problem in str(error.value)


def test_broken_file_stops_start_up(tmp_path: Path):
    (tmp_path / "broken.toml").write_text(VALID.replace("[name]", "[nam]"))
    with pytest.raises(InstrumentError, match="broken.toml"):
        make_app(INSTRUMENT_DIRECTORIES=[str(tmp_path)])


def test_same_version_twice_is_refused(tmp_path: Path):
    (tmp_path / "copy.toml").write_text(VALID.replace("version = 2", "version = 1"))
    with pytest.raises(InstrumentError, match="also defined in"):
        load_directories([DATA_DIR, tmp_path])


def test_new_version_is_used_for_new_rounds_and_old_rounds_keep_theirs(tmp_path: Path):
    (tmp_path / "adult-v2.toml").write_text(VALID)
    app = make_app(INSTRUMENT_DIRECTORIES=[str(tmp_path)])
    from wattelt import instrument
    from wattelt.extensions import db
    from wattelt.instrument.service import instrument_row
    from wattelt.progress.service import domain_labels

    with app.test_request_context():
        pro = factories.user(factories.team("T"), "t@example.org")
        member = factories.household(pro).members[0]
        # A round held with version 1 before version 2 was loaded:
        v1 = instrument.registry().get("adult", 1)
        old = factories.open_round(pro, member, ["housing"])
        old.instrument = instrument_row(v1)
        old.topics[0].domain = next(d for d in old.instrument.domains if d.key == "housing")
        db.session.commit()
        new = factories.open_round(pro, member, ["housing"])
        assert (new.instrument.version, old.instrument.version) == (2, 1)
        assert instrument.of_round(old).version == 1
        assert domain_labels([old], "nl") == [("housing", "Wonen")]
        assert domain_labels([new], "nl") == [("housing", "Thuis en buurt")]
    _teardown(app)
    database = tmp_path / "versions.sqlite"
    file_app = make_app(f"sqlite:///{database}", INSTRUMENT_DIRECTORIES=[str(tmp_path)])
    with file_app.app_context():
        pro = factories.user(factories.team("T"), "t@example.org")
        factories.open_round(pro, factories.household(pro).members[0], ["housing"])
        db.engine.dispose()
    # Without the file of a version that rounds use, the app refuses to start and names the file.
    with pytest.raises(InstrumentError, match="adult-v2.toml"):
        from tests.config import TestConfig
        from wattelt import create_app

        create_app(TestConfig(f"sqlite:///{database}"))
