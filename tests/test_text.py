"""What may be stored from what people type, and when two own domains are the same."""
import pytest

from wattelt.errors import InvalidInput
from wattelt.text import clean, own_domain_key, search_key


@pytest.mark.parametrize("label, key", [
    ("Tuin", "tuin"), ("tuin ", "tuin"), ("  Mijn   TUIN ", "mijn tuin"), ("Straße", "strasse"), ("ﬁets", "fiets"),
])
def test_own_domains_with_the_same_words_have_the_same_key(label, key):
    assert own_domain_key(label) == key


@pytest.mark.parametrize("value", ["a\ud800", "\udfff", "a\x00b", "a\x07", "a\x1b[0m", "a\x7f", "a\x85", "\u202ea", "a\u2066b", "a\u2069"])
def test_control_characters_and_direction_overrides_are_refused(value):
    with pytest.raises(InvalidInput):
        clean(value)
    with pytest.raises(InvalidInput):
        clean(value, multiline=True)


def test_line_breaks_only_where_a_text_has_lines():
    assert clean("een\ntwee\r\ndrie\tvier\rvijf", multiline=True) == "een\ntwee\ndrie\tvier\nvijf"
    with pytest.raises(InvalidInput):
        clean("een\ntwee")


def test_clean_trims_and_empties_to_none_and_counts_length():
    assert clean("  Tuin ") == "Tuin"
    assert clean("   ") is None and clean(None) is None
    assert clean("x" * 10, max_length=10) == "x" * 10
    with pytest.raises(InvalidInput, match="hoogstens 10"):
        clean("x" * 11, max_length=10)
    # Right-to-left text itself is fine: only the invisible overrides are refused.
    assert clean("حديقة") == "حديقة"


def test_an_own_domain_key_always_fits_its_column():
    long = own_domain_key("ﷺ" * 80)  # each of these becomes eighteen letters
    assert len(long) == 80 and long != own_domain_key("ﷺ" * 79)
    assert own_domain_key("ß" * 80) != own_domain_key("ß" * 79) and len(own_domain_key("ß" * 80)) == 80
    assert own_domain_key("x" * 80) == "x" * 80


@pytest.mark.parametrize("name, key", [
    ("Familie Özdemir", "familie ozdemir"), ("  FAMILIE   de  Vries ", "familie de vries"), ("Çelik", "celik"),
    ("Straße", "strasse"), ("Zoë", "zoe"), ("ﬁets", "fiets"), ("Іваненко", "іваненко"), ("Te\x00st\u202e", "te st"), ("\u0301", ""),
])
def test_a_search_key_ignores_case_accents_spacing_and_invisible_characters(name, key):
    assert search_key(name) == key
