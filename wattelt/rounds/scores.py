"""Pure rules about the positions in a round: its scores per domain, and where views differ."""
from wattelt.models import Perspective
from wattelt.names import NOT_DISCUSSED, NOT_NOW, NOT_PLACED

# Chips this far apart are worth talking about: a prompt for the conversation, not a verdict.
DIFFERENCE_THRESHOLD = 25


def spread(values: dict[Perspective, int | None]) -> int | None:
    """How far apart the placed chips lie; None with fewer than two placed (nothing to compare)."""
    placed = [v for v in values.values() if v is not None]
    return max(placed) - min(placed) if len(placed) > 1 else None


def views_differ(values: dict[Perspective, int | None]) -> bool:
    return (spread(values) or 0) >= DIFFERENCE_THRESHOLD


def cell(values: dict[Perspective, int | None] | None, perspective: Perspective):
    """A table cell: the position, or which of the three kinds of 'no position' it is."""
    if values is None:
        return NOT_DISCUSSED
    if perspective not in values:
        return NOT_PLACED
    value = values[perspective]
    return NOT_NOW if value is None else value
