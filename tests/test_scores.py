"""Where views differ: a prompt for the conversation, marked at exactly the threshold and above."""
import pytest

from wattelt.models import Perspective
from wattelt.rounds.scores import DIFFERENCE_THRESHOLD, views_differ

R, P, N = Perspective.RESIDENT, Perspective.PROFESSIONAL, Perspective.NAASTE


def test_the_threshold_is_a_quarter_of_the_scale():
    assert DIFFERENCE_THRESHOLD == 25


@pytest.mark.parametrize("values, differ", [
    ({R: 40, P: 65}, True),           # exactly the threshold
    ({R: 40, P: 64}, False),          # just under it
    ({R: 65, P: 40}, True),           # the order does not matter
    ({R: 0, P: 100}, True),
    ({R: 40, P: 41, N: 66}, True),    # any two of three
    ({R: 40}, False),                 # one chip: nothing to compare
    ({R: 40, P: None}, False),        # 'not now' is no position
    ({R: None, P: None}, False),
    ({R: 90, P: None, N: 50}, True),
    ({}, False),
])
def test_views_differ(values, differ):
    assert views_differ(values) is differ
