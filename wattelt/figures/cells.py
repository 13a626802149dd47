"""The smallest-group rule (k-anonymity) for team figures, as pure functions: numbers in, numbers out.

Every figure is added up from cells. A cell is one team in one quarter, and every household sits in
exactly one cell: its team, and the quarter of its first completed conversation. A selection (a team
or an area, over whole quarters) is a set of whole cells. A cell counts towards a figure only when
that figure rests on at least k households in that cell (k: the organisation's smallest group);
a figure with no cell left is "too few to show".

Why cells and not only the total: two selections that overlap, such as an area and one of its teams,
or two periods, differ by whole cells. If a small cell counted, subtracting the two shown figures
would give the figure of that small cell, perhaps of one household. Since each cell that counts
rests on at least k households, every difference of two shown figures rests on at least k too.
"""
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One figure added up over the cells that count. values: the sums of each measure (such as a
    sum of positions and the number of positions), in the order the cells gave them."""

    households: int
    values: tuple
    left_out: int  # cells with households in them that were too small to count

    @property
    def shown(self) -> bool:
        return self.households > 0


def combine(cells: Iterable[tuple[int, tuple]], k: int) -> Figure:
    """Add up the cells (households in the cell for this figure, the cell's sums) that have at least
    k households; the rest is left out and only counted."""
    households, values, left_out = 0, (), 0
    for size, sums in cells:
        if size < k:
            left_out += 1 if size > 0 else 0
            continue
        households += size
        sums = tuple(v or 0 for v in sums)  # SQL's SUM over no values is NULL
        values = tuple(a + b for a, b in zip(values, sums)) if values else sums
    return Figure(households, values, left_out)


def average(total, count) -> float | None:
    return total / count if count else None


def share(part, whole) -> float | None:
    return part / whole if whole else None
