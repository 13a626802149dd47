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


# Short names, scale words, named steps and same_as (issue 9): every new field is validated, with
# a message that names the file.

EXAMPLES = Path(__file__).parent / "instruments"
OTHER = '''
key = "other"
version = 1
[name]
nl = "Ander bord"
en = "Other board"
[short_name]
nl = "AB"
en = "OB"
[scale]
low = { nl = "slecht", en = "bad" }
high = { nl = "goed", en = "good" }
[[domains]]
key = "body"
icon = "heart"
same_as = "adult.physical_health"
label = { nl = "Lichaam", en = "Body" }
question = { nl = "Hoe gaat het met je lichaam?", en = "How is your body?" }
description = { nl = "Je lichaam.", en = "Your body." }
[[domains]]
key = "rest"
icon = "sun"
label = { nl = "Rust", en = "Rest" }
question = { nl = "Rust je genoeg?", en = "Do you rest enough?" }
description = { nl = "Slapen en uitrusten.", en = "Sleeping and resting." }
'''
STEPS = '''
[[scale.steps]]
at = 0
label = { nl = "een", en = "one" }
[[scale.steps]]
at = 50
label = { nl = "twee", en = "two" }
[[scale.steps]]
at = 100
label = { nl = "drie", en = "three" }
'''
SCALE = '[scale]\nlow = { nl = "slecht", en = "bad" }\nhigh = { nl = "goed", en = "good" }\n'
WITH_STEPS = OTHER.replace(SCALE, "[scale]\n" + STEPS)


def test_the_example_instruments_load_with_their_words_steps_and_links():
    registry = load_directories([DATA_DIR, EXAMPLES])
    assert registry.keys() == ["adult", "health_talk", "youth", "zrm"]
    zrm, talk = registry.latest("zrm"), registry.latest("health_talk")
    assert (len(zrm.domains), len(talk.domains)) == (13, 6)
    assert (zrm.short_name["nl"], talk.short_name["nl"]) == ("ZRM", "Gezondheid")
    assert [(s.at, s.label["nl"]) for s in zrm.scale.steps] == [
        (0, "Acute zorgen"), (25, "Lukt niet zelf"), (50, "Lukt een deel zelf"), (75, "Lukt genoeg zelf"), (100, "Lukt helemaal zelf"),
    ]
    # With steps and no ends of its own, the ends are the first and last step.
    assert (zrm.scale.low["nl"], zrm.scale.high["en"]) == ("Acute zorgen", "Manages fully alone")
    assert (talk.scale.low["nl"], talk.scale.high["nl"], talk.scale.steps) == ("gaat helemaal niet goed", "gaat heel goed", ())
    # The defaults keep the app's own words (no [scale]) and share their keys; same_as lines up
    # with a default domain by its key; a domain without it stays its instrument's own.
    assert registry.latest("adult").scale is None
    assert registry.comparison_key(registry.latest("youth"), "housing") == "housing"
    assert registry.comparison_key(zrm, "physical_health") == "physical_health"
    assert registry.comparison_key(zrm, "finances") == "money"
    assert registry.comparison_key(zrm, "justice") == "zrm.justice"
    assert registry.comparison_key(talk, "body") == "physical_health"
    assert registry.comparison_key(talk, "quality_of_life") == "health_talk.quality_of_life"
    assert zrm.languages() == talk.languages() == ["en", "nl"]
    assert registry.latest("adult").languages() == sorted(Config.LANGUAGES)
    # Every key in a default file is what the tests and the README say it is.
    assert [i.key for i in registry.all()] == ["adult", "youth", "health_talk", "zrm"]


def test_the_example_instruments_are_not_loaded_by_default(app):
    from wattelt import instrument

    with app.app_context():
        assert instrument.registry().keys() == ["adult", "youth"]


def _load(tmp_path: Path, text: str, name: str = "other-v1.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, load_directories([DATA_DIR, tmp_path])


@pytest.mark.parametrize(
    "broken, problem",
    [
        (OTHER.replace('nl = "AB"\n', ""), "'short_name' has no text for language 'nl'"),
        (OTHER.replace('en = "OB"', 'en = "' + "O" * 25 + '"'), "'short_name.en' must be text of at most 24 characters"),
        (OTHER.replace(SCALE, "").replace("version = 1\n", 'version = 1\nscale = "slecht tot goed"\n'), "'scale' must be a table"),
        (OTHER.replace('high = { nl = "goed", en = "good" }\n', ""), "[scale] needs words for both ends"),
        (OTHER.replace('low = { nl = "slecht", en = "bad" }', 'low = { nl = "slecht" }'), "'scale.low' has no text for language 'en'"),
        (OTHER.replace('"slecht"', '"' + "s" * 41 + '"'), "'scale.low.nl' must be text of at most 40 characters"),
        (OTHER.replace(SCALE, '[scale]\nlow = { nl = "a", en = "a" }\nhigh = { nl = "b", en = "b" }\nmiddle = { nl = "c", en = "c" }\n'), "[scale] has unknown field(s) 'middle'"),
        (OTHER.replace(SCALE, "[scale]\n" + STEPS.split("[[scale.steps]]\nat = 50")[0]), "[[scale.steps]] must be 2 to 11 tables"),
        (WITH_STEPS.replace("at = 50", 'at = "half"'), "scale step 2: 'at' must be a whole number from 0 to 100"),
        (WITH_STEPS.replace("at = 50", "at = true"), "scale step 2: 'at' must be a whole number from 0 to 100"),
        (WITH_STEPS.replace("at = 100", "at = 101"), "scale step 3: 'at' must be a whole number from 0 to 100"),
        (WITH_STEPS.replace("at = 50", "at = 0"), "scale step 2: 'at' must be higher than the step before it (0)"),
        (WITH_STEPS.replace("at = 0\n", "at = 10\n"), "the first scale step must be at 0 and the last at 100"),
        (WITH_STEPS.replace("at = 100", "at = 90"), "the first scale step must be at 0 and the last at 100"),
        (WITH_STEPS.replace('{ nl = "twee", en = "two" }', '{ en = "two" }'), "'scale.steps.2.label' has no text for language 'nl'"),
        (WITH_STEPS.replace("at = 50\n", "at = 50\nword = 2\n"), "scale step 2 has unknown field(s) 'word'"),
        (OTHER.replace("same_as =", "same-as ="), "domain 1 (body) has unknown field(s) 'same-as'"),
        (OTHER.replace("[short_name]", "[shortname]"), "the file has unknown field(s) 'shortname'"),
        (OTHER.replace('"adult.physical_health"', '"physical_health"'), "'same_as' must be written as '<instrument key>.<domain key>'"),
        (OTHER.replace('"adult.physical_health"', '"Adult.Health"'), "'same_as' must be written as '<instrument key>.<domain key>'"),
        (OTHER.replace('"adult.physical_health"', "3"), "'same_as' must be written as '<instrument key>.<domain key>'"),
        (OTHER.replace('"adult.physical_health"', '"other.rest"'), "'same_as' must name another instrument, not 'other' itself"),
    ],
)
def test_every_new_field_is_checked_and_the_message_names_the_file(tmp_path: Path, broken, problem):
    with pytest.raises(InstrumentError) as error:
        _load(tmp_path, broken)
    assert str(tmp_path / "other-v1.toml") in str(error.value)
    assert problem in str(error.value)


@pytest.mark.parametrize(
    "same_as, problem",
    [
        ("nobody.health", "domain 'body': same_as 'nobody.health' names instrument 'nobody', which is not loaded (loaded: adult, other, youth)"),
        ("adult.moon", "domain 'body': same_as 'adult.moon' names domain 'moon', which instrument 'adult' does not have"),
    ],
)
def test_a_same_as_to_what_is_not_loaded_is_refused_naming_the_file(tmp_path: Path, same_as, problem):
    with pytest.raises(InstrumentError) as error:
        _load(tmp_path, OTHER.replace("adult.physical_health", same_as))
    assert str(error.value) == f"{tmp_path / 'other-v1.toml'}: {problem}"


def test_links_are_checked_across_files_chains_and_doubles_are_refused(tmp_path: Path):
    # Another file may line up with this one's own domain...
    third = OTHER.replace('key = "other"', 'key = "third"').replace("adult.physical_health", "other.rest")
    (tmp_path / "third-v1.toml").write_text(third, encoding="utf-8")
    path, registry = _load(tmp_path, OTHER)
    assert registry.comparison_key(registry.latest("third"), "body") == "other.rest"
    # ...but not with one that lines up further itself: links do not chain.
    (tmp_path / "third-v1.toml").write_text(third.replace("other.rest", "other.body"), encoding="utf-8")
    with pytest.raises(InstrumentError) as error:
        load_directories([DATA_DIR, tmp_path])
    assert str(tmp_path / "third-v1.toml") in str(error.value)
    assert "points at a domain that itself lines up with 'adult.physical_health'; point at 'adult.physical_health' directly" in str(error.value)
    (tmp_path / "third-v1.toml").unlink()
    # Two domains of one instrument cannot both be one domain of another.
    with pytest.raises(InstrumentError) as error:
        _load(tmp_path, OTHER.replace('key = "rest"\nicon = "sun"', 'key = "rest"\nicon = "sun"\nsame_as = "adult.physical_health"'))
    assert str(error.value) == (
        f"{path}: domain 'rest' and domain 'body' would line up with the same domain ('physical_health')"
    )


def test_a_comparison_key_must_fit_a_goal(tmp_path: Path):
    """A goal stores the comparison key: '<instrument>.<domain>' fits in 40 characters."""
    long = OTHER.replace('key = "other"', 'key = "' + "o" * 30 + '"').replace('key = "rest"', 'key = "' + "r" * 12 + '"')
    with pytest.raises(InstrumentError, match=r"'o{30}\.r{12}' is longer than 40 characters"):
        _load(tmp_path, long, "long-v1.toml")


def test_an_unknown_same_as_stops_start_up_with_the_file_named(tmp_path: Path):
    (tmp_path / "other-v1.toml").write_text(OTHER.replace("adult.physical_health", "nobody.health"), encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"other-v1\.toml: domain 'body': same_as 'nobody.health' names instrument 'nobody'"):
        make_app(INSTRUMENT_DIRECTORIES=[str(tmp_path)])


def test_scale_words_in_a_language_and_what_a_position_says(tmp_path: Path):
    """Named steps: a position says the nearest step (halfway goes up). Ends only: the end words
    near the ends, words pointing at them in between. No [scale]: the app's own words."""
    from wattelt.names import scale_words

    registry = load_directories([DATA_DIR, EXAMPLES])
    app = make_app()
    try:
        with app.test_request_context():
            steps = scale_words(registry.latest("zrm"), "nl")
            assert (steps.low, steps.high, steps.own) == ("Acute zorgen", "Lukt helemaal zelf", True)
            assert steps.bands == [(0, "Acute zorgen"), (13, "Lukt niet zelf"), (38, "Lukt een deel zelf"), (63, "Lukt genoeg zelf"), (88, "Lukt helemaal zelf")]
            assert scale_words(registry.latest("zrm"), "ar").low == "Urgent worries"  # the fallback chain
            ends = scale_words(registry.latest("health_talk"), "nl")
            assert ends.steps == [] and ends.bands == [
                (0, "gaat helemaal niet goed"), (20, "dichter bij: gaat helemaal niet goed"), (40, "in het midden"),
                (61, "dichter bij: gaat heel goed"), (81, "gaat heel goed"),
            ]
            default = scale_words(registry.latest("adult"), "nl")
            assert (default.low, default.high, default.own) == ("niet tevreden", "heel tevreden", False)
            assert [start for start, _word in default.bands] == [0, 20, 40, 60, 80]
    finally:
        _teardown(app)


def test_start_up_names_the_key_and_version_that_rounds_use_but_is_not_loaded(tmp_path: Path):
    from tests.config import TestConfig
    from wattelt import create_app
    from wattelt.extensions import db

    (tmp_path / "zrm-v1.toml").write_text((EXAMPLES / "zrm-v1.toml").read_text(encoding="utf-8"), encoding="utf-8")
    database = tmp_path / "in-use.sqlite"
    app = make_app(f"sqlite:///{database}", INSTRUMENT_DIRECTORIES=[str(tmp_path)])
    with app.app_context():
        pro = factories.user(factories.team("T"), "t@example.org")
        member = factories.household(pro).members[0]
        from wattelt.rounds.service import start_round

        member.household.team.organisation.offered_instruments = "adult,zrm"
        start_round(pro, member, factories.TODAY, ["justice"], [], today=factories.TODAY, instrument_key="zrm")
        db.session.commit()
        db.engine.dispose()
    with pytest.raises(InstrumentError) as error:
        create_app(TestConfig(f"sqlite:///{database}"))
    assert "key 'zrm' version 1" in str(error.value)
    # With the file back, it starts.
    create_app(TestConfig(f"sqlite:///{database}", INSTRUMENT_DIRECTORIES=[str(tmp_path)]))
