"""Pure rules about the positions in a round: its scores per domain, and where views differ."""
from wattelt.models import Perspective
from wattelt.names import NOT_DISCUSSED, NOT_NOW, NOT_PLACED

# Chips this far apart are worth talking about: a prompt for the conversation, not a verdict.
DIFFERENCE_THRESHOLD = 25


def views_differ(values: dict[Perspective, int | None]) -> bool:
    placed = [v for v in values.values() if v is not None]
    return bool(placed) and max(placed) - min(placed) >= DIFFERENCE_THRESHOLD


def cell(values: dict[Perspective, int | None] | None, perspective: Perspective):
    """A table cell: the position, or which of the three kinds of 'no position' it is."""
    if values is None:
        return NOT_DISCUSSED
    if perspective not in values:
        return NOT_PLACED
    value = values[perspective]
    return NOT_NOW if value is None else value
