"""The timeline's scale of years, readable at any span.

Events cluster: a chronology of 1951–2022 may hold one event in the 1950s and a dozen after 2014. A linear
scale would crowd the dozen into a corner, so a gap between clusters longer than a few years is cut out of
the scale and drawn as a break on the axis; each cluster gets width in proportion to its years, and at
least enough for its marks. The scale is piecewise linear (a Vega scale with as many domain and range
stops), padded at both ends so that no mark sits on the plot's edge.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

BREAK_WIDTH = 16  # px of axis that stand for a gap cut out of the scale
EDGE = 6  # px kept free at each end of the plot: a day's dot is about 7 px across
MIN_CLUSTER = 28  # px at least for a cluster, so that a single year still shows its marks
TICK_SPACING = 34  # px at least between the centres of two year labels (a label is about 24 px wide)
BREAK_CLEARANCE = 18  # px at least between a label's centre and a break mark


@dataclass(frozen=True)
class TimeScale:
    domain: tuple[float, ...]  # decimal years at each stop
    range: tuple[float, ...]  # px at each stop
    ticks: tuple[int, ...]  # years labelled on the axis
    breaks: tuple[float, ...]  # px where a gap was cut out (drawn as a break mark)


def _clusters(spans: Sequence[tuple[float, float]], gap: float) -> list[tuple[float, float, int]]:
    """Runs of events no more than ``gap`` years apart: first year, last, and how many events."""
    clusters: list[list[float]] = []
    for start, end in sorted(spans):
        if clusters and start - clusters[-1][1] <= gap:
            clusters[-1][1] = max(clusters[-1][1], end)
            clusters[-1][2] += 1
        else:
            clusters.append([start, end, 1])
    return [(start, end, int(count)) for start, end, count in clusters]


def _ticks(start: float, end: float, width: float) -> list[int]:
    first, last = int(start), int(end)
    room = max(1, int(width // TICK_SPACING))
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 1000) if (last - first) / s <= room)
    years = [year for year in range(first, last + 1) if year % step == 0 and start <= year < end]
    return years or [first]


def time_scale(spans: Sequence[tuple[float, float]], width: float) -> TimeScale:
    """The scale for events spanning ``spans`` (decimal years) on a plot ``width`` px wide."""
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    # A gap is cut out when it is longer than five years and an eighth of the whole span.
    found = _clusters(spans, max(5.0, (last - first) / 8))
    clusters = [(float(int(start)), max(end, int(start) + 1.0)) for start, end, _ in found]  # whole years
    usable = width - 2 * EDGE - BREAK_WIDTH * (len(clusters) - 1)
    years = sum(end - start for start, end in clusters)
    # Width for each cluster half by its years, half by its events: a busy decade is drawn wider than a
    # quiet one of the same length, and marks crowd less.
    shares = [0.5 * (end - start) / years + 0.5 * count / len(spans) for (start, end), (_, _, count) in zip(clusters, found)]
    widths = [max(MIN_CLUSTER, usable * share) for share in shares]
    widths = [w * usable / sum(widths) for w in widths]  # the minimums taken from the others
    domain: list[float] = []
    stops: list[float] = []
    ticks: list[int] = []
    breaks: list[float] = []
    x = float(EDGE)
    for (start, end), part in zip(clusters, widths):
        if stops:
            breaks.append(x + BREAK_WIDTH / 2)
            x += BREAK_WIDTH
        domain += [start, end]
        stops += [round(x, 2), round(x + part, 2)]
        ticks += _ticks(start, end, part)
        x += part
    # The plot's ends: the first and last stops pushed in by EDGE, with the scale carried on linearly.
    per_px = (domain[1] - domain[0]) / (stops[1] - stops[0])
    per_px_end = (domain[-1] - domain[-2]) / (stops[-1] - stops[-2])
    domain = [domain[0] - EDGE * per_px, *domain, domain[-1] + EDGE * per_px_end]
    stops = [0.0, *stops, float(width)]
    return TimeScale(tuple(round(d, 5) for d in domain), tuple(stops),
                     _apart(ticks, domain, stops, breaks), tuple(breaks))


def _at(year: float, domain: Sequence[float], stops: Sequence[float]) -> float:
    """Where a year falls on the piecewise scale, in px."""
    for (d0, d1), (s0, s1) in zip(pairwise(domain), pairwise(stops)):
        if d0 <= year <= d1:
            return s0 + (year - d0) / (d1 - d0) * (s1 - s0)
    return stops[-1]


def _apart(ticks: Sequence[int], domain: Sequence[float], stops: Sequence[float],
           breaks: Sequence[float]) -> tuple[int, ...]:
    """The year labels that stay clear of each other and of the break marks, first ones first."""
    kept: list[tuple[int, float]] = []
    for year in dict.fromkeys(ticks):
        x = _at(year, domain, stops)
        if all(abs(x - other) >= TICK_SPACING for _, other in kept) and all(abs(x - mark) >= BREAK_CLEARANCE
                                                                            for mark in breaks):
            kept.append((year, x))
    return tuple(year for year, _ in kept)
