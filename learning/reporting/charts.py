"""Geometry of the server-rendered SVG charts and the dot map (the templates draw them). They work
without JavaScript, print, and come with text alternatives (a summary and the same figures in a
table)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from learning.counting.definitions import coverage_goal

WIDTH = 360  # the map: one unit is about a pixel on a phone
BAR_WIDTH, BAR_HEIGHT = 480, 220  # a phone shows it at about 70%: 14-unit text stays legible
LEFT, RIGHT, TOP, BOTTOM = 46, 4, 16, 30
MAP_PAD = 18
DOT = 6
LABEL_SIZE = 13  # the map's names (its CSS font size)
MAX_LABELS = 14  # named on the map at most (the coverage table lists every commune)
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
class Label:
    x: float
    y: float
    anchor: str  # text-anchor: start, end or middle
    text: str


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
    label: Label | None = None  # its name, shown on the map


@dataclass(frozen=True)
class DotMap:
    dots: list[Dot]
    width: int
    height: int
    missing: int  # communes without coordinates
    thresholds: tuple[float, ...]
    outline: str = ""  # SVG path of the province's outline (a hull around the dots)

    @property
    def named(self) -> int:
        return sum(dot.label is not None for dot in self.dots)


def coverage_level(value: float | None) -> int:
    if value is None:
        return -1
    goal = coverage_goal()
    return next((i for i, share in enumerate(BIN_SHARES) if value < share * goal),
                len(BIN_SHARES))


def thresholds() -> tuple[float, ...]:
    return tuple(share * coverage_goal() for share in BIN_SHARES)


Place = tuple[str, str, float | None, float | None, float | None, bool, str, str]


def dot_map(places: Sequence[Place], labelled_first: Sequence[str] = ()) -> DotMap:
    """places: (code, name, latitude, longitude, coverage, inactive, coverage as shown, short
    name). At most ``MAX_LABELS`` dots are named on the map, those of ``labelled_first`` (codes,
    e.g. the lagging communes) first, then the highest coverage, each where its name overlaps no
    other name and stays inside the map (a name that fits nowhere is left out: the coverage
    table below the map lists every commune)."""
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
    height = max(round(span_y * scale + 2 * MAP_PAD), 2 * MAP_PAD)
    dots = [Dot(round(MAP_PAD + (lon - min(lons)) * squeeze * scale),
                round(MAP_PAD + (max(lats) - lat) * scale), DOT, coverage_level(value),
                inactive, code, name, text)
            for code, name, lat, lon, value, inactive, text, _short in located]  # type: ignore[operator]
    shorts = {p[0]: p[7] for p in located}
    dots = place_labels(dots, shorts, labelled_first, height)
    return DotMap(dots, WIDTH, height, len(places) - len(located), thresholds(),
                  outline_path([(d.x, d.y) for d in dots], MAP_PAD - 6))


Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box, gap: float = 0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def label_boxes(dot: Dot, text: str) -> list[tuple[Label, Box]]:
    """Where a dot's name may go, in order of preference: right, left, above, below, then the
    four corners (each with the box it would cover)."""
    width, gap, size = len(text) * LABEL_SIZE * 0.56, dot.r + 2, LABEL_SIZE
    x, y = dot.x, dot.y
    spots = [  # (anchor, text x, baseline y, box left)
        ("start", x + gap, y + size * 0.35, x + gap),
        ("end", x - gap, y + size * 0.35, x - gap - width),
        ("middle", x, y - gap - 2, x - width / 2),
        ("middle", x, y + gap + size * 0.8, x - width / 2),
        ("start", x + gap / 2, y - gap, x + gap / 2),
        ("start", x + gap / 2, y + gap + size * 0.6, x + gap / 2),
        ("end", x - gap / 2, y - gap, x - gap / 2 - width),
        ("end", x - gap / 2, y + gap + size * 0.6, x - gap / 2 - width),
    ]
    return [(Label(round(tx), round(ty), anchor, text),
             (left, ty - size * 0.75, left + width, ty + size * 0.25))
            for anchor, tx, ty, left in spots]


def place_labels(dots: list[Dot], shorts: dict[str, str], first: Sequence[str],
                 height: float) -> list[Dot]:
    """Name up to MAX_LABELS dots, ``first`` first then by coverage, without two names
    overlapping or a name leaving the map; each name goes where it covers the fewest dots."""
    by_code = {dot.code: dot for dot in dots}
    order = [code for code in first if code in by_code]
    order += [dot.code for dot in sorted(dots, key=lambda d: -d.level) if dot.code not in order]
    taken: list[Box] = []
    labels: dict[str, Label] = {}
    for code in order:
        if len(labels) == MAX_LABELS:
            break
        dot = by_code[code]
        fits = [(sum(_overlap(box, (d.x - d.r, d.y - d.r, d.x + d.r, d.y + d.r))
                     for d in dots if d is not dot), i, label, box)
                for i, (label, box) in enumerate(label_boxes(dot, shorts.get(code) or dot.name))
                if box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= height
                and not any(_overlap(box, other, LABEL_SIZE / 3) for other in taken)]
        if fits:
            _covered, _i, label, box = min(fits, key=lambda fit: fit[:2])
            labels[code] = label
            taken.append(box)
    return [replace(dot, label=labels.get(dot.code)) for dot in dots]


def convex_hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The smallest convex polygon around the points, counter-clockwise (Andrew's monotone
    chain)."""
    unique = sorted(set(points))
    if len(unique) < 3:
        return unique

    def cross(o, a, b) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for chain, sequence in ((lower, unique), (upper, reversed(unique))):
        for point in sequence:
            while len(chain) >= 2 and cross(chain[-2], chain[-1], point) <= 0:
                chain.pop()
            chain.append(point)
    return lower[:-1] + upper[:-1]


def outline_path(points: Sequence[tuple[float, float]], margin: float) -> str:
    """An SVG path around the dots: the convex hull of the dots widened by ``margin`` (the
    province's shape as far as its communes' centres tell it). Empty for fewer than 3 dots."""
    if len(points) < 3:
        return ""
    ring = [(x + margin * math.cos(k * math.pi / 4), y + margin * math.sin(k * math.pi / 4))
            for x, y in points for k in range(8)]
    hull = convex_hull([(round(x), round(y)) for x, y in ring])
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in hull) + "Z"
