"""Geometry of the server-rendered SVG charts and the dot map (the templates draw them). They work
without JavaScript, print, and come with text alternatives (a summary and the same figures in a
table)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from learning.counting.definitions import coverage_goal

WIDTH = 600  # the map
BAR_WIDTH, BAR_HEIGHT = 480, 220  # a phone shows it at about 70%: 14-unit text stays legible
LEFT, RIGHT, TOP, BOTTOM = 46, 4, 16, 30
MAP_PAD = 24
DOT = 9
LABELLED = 15  # dots are named on the map when there are this few
BIN_SHARES = (0.15, 0.35, 0.7, 1.0)  # of the coverage goal


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    text: str  # the value as shown
    partial: bool


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    ticks: list[Tick]
    width: int = BAR_WIDTH
    height: int = BAR_HEIGHT
    left: int = LEFT

    @property
    def baseline(self) -> float:
        return self.height - BOTTOM


def count_scale(value: float, most: int = 4) -> list[int]:
    """The ticks of an axis of counts: whole numbers 0, step, 2·step… (step 1, 2 or 5 times a
    power of ten), at most ``most`` steps, the last at least ``value``: 0-5-10, never 0-2-5-8-10."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            steps = max(1, math.ceil(value / step))
            if steps <= most:
                return [i * step for i in range(steps + 1)]
        power *= 10


def bar_chart(points: Sequence[tuple[str, float | None, str, bool]],
              tick_text=str) -> BarChart:
    """points: (label, value or None when hidden, the value as shown, partial)."""
    scale = count_scale(max((v or 0 for _, v, _, _ in points), default=0))
    top = scale[-1]
    inner_w, inner_h = BAR_WIDTH - LEFT - RIGHT, BAR_HEIGHT - TOP - BOTTOM
    slot = inner_w / max(len(points), 1)
    bars = []
    for i, (label, value, text, partial) in enumerate(points):
        height = inner_h * (value or 0) / top
        bars.append(Bar(round(LEFT + i * slot + slot * 0.1, 1),
                        round(TOP + inner_h - height, 1), round(slot * 0.8, 1),
                        round(height, 1), label, text, partial))
    ticks = [Tick(round(TOP + inner_h * (1 - value / top), 1), tick_text(value))
             for value in scale]
    return BarChart(bars, ticks)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    level: int  # colour class: 0..4 by coverage, -1 without a target
    inactive: bool
    code: str
    name: str
    text: str  # coverage as shown


@dataclass(frozen=True)
class DotMap:
    dots: list[Dot]
    width: int
    height: int
    missing: int  # communes without coordinates
    thresholds: tuple[float, ...]

    @property
    def labelled(self) -> bool:
        return len(self.dots) <= LABELLED


def coverage_level(value: float | None) -> int:
    if value is None:
        return -1
    goal = coverage_goal()
    return next((i for i, share in enumerate(BIN_SHARES) if value < share * goal),
                len(BIN_SHARES))


def thresholds() -> tuple[float, ...]:
    return tuple(share * coverage_goal() for share in BIN_SHARES)


def dot_map(places: Sequence[tuple[str, str, float | None, float | None, float | None, bool, str]]
            ) -> DotMap:
    """places: (code, name, latitude, longitude, coverage, inactive, coverage as shown)."""
    located = [p for p in places if p[2] is not None and p[3] is not None]
    if not located:
        return DotMap([], WIDTH, 0, len(places), thresholds())
    lats = [p[2] for p in located]
    lons = [p[3] for p in located]
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))  # keep distances true-ish
    span_x = max((max(lons) - min(lons)) * squeeze, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = (WIDTH - 2 * MAP_PAD) / span_x
    if span_y * scale > WIDTH:  # a tall province: fit its height instead
        scale = (WIDTH - 2 * MAP_PAD) / span_y
    height = round(span_y * scale + 2 * MAP_PAD)
    dots = [Dot(round(MAP_PAD + (lon - min(lons)) * squeeze * scale, 1),
                round(MAP_PAD + (max(lats) - lat) * scale, 1), DOT, coverage_level(value),
                inactive, code, name, text)
            for code, name, lat, lon, value, inactive, text in located]  # type: ignore[operator]
    return DotMap(dots, WIDTH, max(height, 2 * MAP_PAD), len(places) - len(located),
                  thresholds())
